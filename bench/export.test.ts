import { describe, expect, it } from "vitest";
import { parseExportBenchOptions } from "./export.ts";

describe("bench:export's options", () => {
  it("exports a million rows as XLSX by default, and takes the size and format as parameters", () => {
    expect(parseExportBenchOptions([])).toEqual({ rows: 1_000_000, format: "xlsx", accounts: undefined, requests: undefined });
    expect(parseExportBenchOptions(["--rows", "100_000", "--format=csv", "--requests", "210000"])).toMatchObject({ rows: 100_000, format: "csv", requests: 210_000 });
  });

  it("refuses a size or a format it does not know, in French", () => {
    expect(() => parseExportBenchOptions(["--rows", "0"])).toThrow(/--rows attend un entier ≥ 1/);
    expect(() => parseExportBenchOptions(["--format", "pdf"])).toThrow(/--format attend csv, xlsx ou ods/);
    expect(() => parseExportBenchOptions(["--vite"])).toThrow(/Option inconnue/);
  });
});
