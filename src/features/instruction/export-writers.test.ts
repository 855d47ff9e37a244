import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { Cell, ExportColumn } from "./export-columns.ts";
import { writeExport } from "./export-writers.ts";

const columns: ExportColumn[] = [
  { header: "Numéro", kind: "text" },
  { header: "Précisions", kind: "text" },
  { header: "Montant", kind: "amount" },
];

/** 3,000 rows (the XML crosses many 256 KB chunks), one holding a text longer than a chunk. */
const long = "é".repeat(100_000);
const rows = (): Cell[][] => Array.from({ length: 3_000 }, (_, index) => [`N${index}`, index === 1_500 ? long : `Ligne ${index} — précisée`, index]);

async function written(format: "xlsx" | "ods"): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  async function* all() {
    yield* rows();
  }
  await writeExport(format, columns, all(), out, "Demandes");
  return Buffer.concat(parts);
}

describe("the spreadsheet writers", () => {
  it("write every row whole across chunk boundaries, a text longer than a chunk included (XLSX)", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await written("xlsx")) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3_001);
    expect(sheet?.getRow(1_502).getCell(2).value).toBe(long);
    expect(sheet?.getRow(1_502).getCell(3).value).toBe(1_500);
    expect(sheet?.getRow(3_001).values).toEqual([undefined, "N2999", "Ligne 2999 — précisée", 2_999]);
  });

  it("write every row whole across chunk boundaries, a text longer than a chunk included (ODS)", async () => {
    const content = strFromU8(unzipSync(new Uint8Array(await written("ods")))["content.xml"] ?? new Uint8Array());
    expect(content.match(/<table:table-row>/g)).toHaveLength(3_001);
    expect(content).toContain(`<text:p>${long}</text:p>`);
    expect(content).toContain("<text:p>Ligne 2999 — précisée</text:p>");
  });
});
