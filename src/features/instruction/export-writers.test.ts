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

async function written(format: "xlsx" | "ods", lines: Cell[][] = rows(), header: ExportColumn[] = columns): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  async function* all() {
    yield* lines;
  }
  await writeExport(format, header, all(), out, "Demandes");
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

  it("write a run of empty ODS cells as one repeated cell, leave out the row's trailing ones, and a number as its value", async () => {
    const seven: ExportColumn[] = Array.from({ length: 7 }, (_, index) => ({ header: `C${index}`, kind: index === 4 ? "amount" : "text" }));
    const content = strFromU8(unzipSync(new Uint8Array(await written("ods", [[null, "x", null, null, 12.5, null, null]], seven)))["content.xml"] ?? new Uint8Array());
    expect(content).toContain(
      '<table:table-row><table:table-cell/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>' +
        '<table:table-cell table:number-columns-repeated="2"/><table:table-cell table:style-name="ceAmount" office:value-type="float" office:value="12.5"/></table:table-row>',
    );
  });
});
