import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { writeZip } from "../../platform/zip.ts";
import type { Cell, ExportColumn } from "./export-columns.ts";

export const EXPORT_CONTENT_TYPES: Record<RequestExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
};

/**
 * A text cell starting with = + - @ (or a tab or carriage return) would be run as a formula by
 * a spreadsheet (CSV injection, OWASP): it is written after an apostrophe, shown as typed.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The last Sunday of a month (UTC day), at 01:00 UTC: when the European Union changes its clocks. */
function lastSundayOneAm(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

const HOUR_MS = 3_600_000;

/** A year's bounds and its summer time, in milliseconds since 1970. */
interface ParisYear {
  from: number;
  to: number;
  summerFrom: number;
  summerTo: number;
}

/** The years met so far: an export's millions of instants fall in a handful of them. */
const parisYears: ParisYear[] = [];

function parisYear(time: number): ParisYear {
  for (const known of parisYears) if (time >= known.from && time < known.to) return known;
  const year = new Date(time).getUTCFullYear();
  const found = { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), summerFrom: lastSundayOneAm(year, 2), summerTo: lastSundayOneAm(year, 9) };
  parisYears.push(found);
  return found;
}

/**
 * The milliseconds a clock in Paris is ahead of UTC at this instant. The European rule (UTC+2
 * from the last Sunday of March to the last Sunday of October, at 01:00 UTC; UTC+1 otherwise),
 * in force since 1996, is computed directly: Intl's formatToParts cost a tenth of an export's
 * time. The test compares it with Intl for every hour of several years.
 */
function parisOffset(time: number): number {
  const year = parisYear(time);
  return time >= year.summerFrom && time < year.summerTo ? 2 * HOUR_MS : HOUR_MS;
}

/**
 * The instant as a clock in Paris reads it, carried in the UTC fields of a Date: spreadsheet
 * dates have no time zone, and the agent reads French time.
 */
export function parisWallClock(instant: Date): Date {
  return new Date(instant.getTime() + parisOffset(instant.getTime()));
}

const DAY_MS = 86_400_000;

/** The wall-clock time in Paris as milliseconds since 1970 (a "date" column holds midnight UTC of its day, never shifted). */
function wallTime(value: Date, kind: ExportColumn["kind"]): number {
  const time = value.getTime();
  return kind === "date" ? time : time + parisOffset(time);
}

/**
 * Each day met so far as ISO and French text ("2026-12-05", "05/12/2026"): an export's millions of
 * instants fall on a few thousand days, and building a day's text (toISOString) for every cell was
 * 3.5 % of an ODS export's time.
 */
const dayTexts = new Map<number, readonly [iso: string, french: string]>();

function dayText(day: number): readonly [string, string] {
  let texts = dayTexts.get(day);
  if (!texts) {
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    texts = [iso, `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`];
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, texts);
  }
  return texts;
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/** The wall-clock date and time in Paris as ISO text: "2026-12-05" (a date) or "2026-12-05T14:30:00". */
export function wallClockIso(value: Date, kind: ExportColumn["kind"]): string {
  const wall = wallTime(value, kind);
  const day = Math.floor(wall / DAY_MS);
  const [iso] = dayText(day);
  if (kind === "date") return iso;
  const seconds = Math.floor((wall - day * DAY_MS) / 1000);
  return `${iso}T${twoDigits(Math.floor(seconds / 3600))}:${twoDigits(Math.floor(seconds / 60) % 60)}:${twoDigits(seconds % 60)}`;
}

/** The same as French spreadsheets read it: "05/12/2026" or "05/12/2026 14:30". */
export function wallClockFrench(value: Date, kind: ExportColumn["kind"]): string {
  const wall = wallTime(value, kind);
  const day = Math.floor(wall / DAY_MS);
  const [, french] = dayText(day);
  if (kind === "date") return french;
  const minutes = Math.floor((wall - day * DAY_MS) / 60_000);
  return `${french} ${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}`;
}

function csvCell(cell: Cell, column: ExportColumn): string {
  if (cell === null) return "";
  if (cell instanceof Date) return wallClockFrench(cell, column.kind);
  // A decimal comma: French spreadsheets read "12.5" as text.
  if (typeof cell === "number") return String(cell).replace(".", ",");
  return neutraliseFormula(cell);
}

/**
 * CSV for French spreadsheets: UTF-8 with a byte order mark (without it Excel reads the accents as
 * Windows-1252) and `;` between values, because French Excel and LibreOffice take the comma as
 * the decimal separator and split on `;` when a file is opened by double click.
 */
async function writeCsv(columns: ExportColumn[], rows: AsyncIterable<Cell[]>, out: Writable) {
  async function* records() {
    yield columns.map((column) => column.header);
    for await (const row of rows) yield row.map((cell, index) => csvCell(cell, columns[index] ?? { header: "", kind: "text" }));
  }
  await pipeline(Readable.from(records()), stringify({ delimiter: ";", bom: true, record_delimiter: "windows" }), out);
}

/**
 * A date as spreadsheets store it: days since 30 December 1899, the wall-clock time in Paris as a
 * fraction (a "date" column holds midnight UTC of its day, never shifted).
 */
function excelSerial(cell: Date, kind: ExportColumn["kind"]): number {
  return wallTime(cell, kind) / DAY_MS + 25_569;
}

/** The style index of each kind of cell in styles.xml below: 0 default, 1 bold header, 2 date, 3 date and time, 4 amount. */
const XLSX_STYLES: Partial<Record<ExportColumn["kind"], number>> = { date: 2, datetime: 3, amount: 4 };

/** Text keeps its spaces at either end and its line breaks only when the cell says so. */
const needsPreserve = (text: string) => text.includes("\n") || text.trimEnd() !== text || text.trimStart() !== text;

/** The size of the chunks a spreadsheet's XML is handed to the zip in. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A spreadsheet's XML as UTF-8 chunks, each row encoded into the current chunk as it is written.
 * Rows gathered into one long string first, then encoded, cost a fifth of an XLSX export's time
 * (V8 flattened each string of 200 rows before encoding it) and as much garbage again.
 */
class ByteChunks {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  /** Adds a row; returns the chunk filled so far when the row does not fit in it (to hand over), else null. */
  add(text: string): Buffer | null {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 <= CHUNK_BYTES) {
      this.used += this.chunk.write(text, this.used);
      return null;
    }
    const full = this.take();
    if (text.length * 3 > CHUNK_BYTES) return Buffer.concat([full, Buffer.from(text)]);
    this.used = this.chunk.write(text, 0);
    return full;
  }

  /** The bytes gathered (the chunk is handed over: the next row goes into a new one). */
  take(): Buffer {
    const full = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return full;
  }
}

/**
 * Deflate's level for XLSX and ODS. Level 3 (zlib's fast strategy) against the default 6, measured
 * on a million requests (bench:export, this 2-core machine): XLSX 54 s instead of 62 s, a file of
 * 113 MB instead of 86 MB. The target is under 60 s; a third more megabytes for an export
 * downloaded once is the cheaper side.
 */
const ZIP_LEVEL = 3;

/** A column's letters in a sheet's cell references: 0 → A, 26 → AA. */
function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * A row of the sheet. A cell names its reference (« C2 ») only when it does not follow the
 * previous one: the row's first, and the first after an empty cell, which is left out. The
 * format makes `r` optional (ECMA-376; Excel, LibreOffice and exceljs place such a cell right
 * after the previous one): writing 55 references per row was a tenth of the sheet's bytes, all
 * of them built, checksummed and deflated.
 */
function xlsxRow(row: Cell[], kinds: ExportColumn["kind"][], letters: string[], line: number): string {
  let xml = `<row r="${line}">`;
  let follows = false;
  for (let index = 0; index < row.length; index += 1) {
    const cell = row[index] ?? null;
    if (cell === null) {
      follows = false;
      continue;
    }
    const kind = kinds[index] ?? "text";
    const reference = follows ? "" : ` r="${letters[index] ?? ""}${line}"`;
    follows = true;
    if (cell instanceof Date) xml += `<c${reference} s="${XLSX_STYLES[kind] ?? 3}"><v>${excelSerial(cell, kind)}</v></c>`;
    else if (typeof cell === "number") xml += `<c${reference}${kind === "amount" ? ' s="4"' : ""}><v>${cell}</v></c>`;
    else {
      const text = neutraliseFormula(cell);
      xml += `<c${reference} t="inlineStr"><is><t${needsPreserve(text) ? ' xml:space="preserve"' : ""}>${escapeXml(text)}</t></is></c>`;
    }
  }
  return `${xml}</row>`;
}

const XLSX_PARTS = {
  "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  "xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/><numFmt numFmtId="166" formatCode="#,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
};

/**
 * XLSX (Office Open XML) written row by row into a zip stream (platform/zip.ts), as the ODS below.
 * exceljs's streaming WorkbookWriter was measured first (bench:export, 100,000 rows): it has no
 * backpressure, so its zip buffer grew to 390 MB while deflate lagged behind; here the zip pulls
 * the sheet's XML from a generator, which reads the next page only when the file has taken the last.
 * Strings are inline (no shared-strings table to hold in memory), dates are serial numbers with a
 * date format, amounts numbers with two decimals.
 */
async function writeXlsx(columns: ExportColumn[], rows: AsyncIterable<Cell[]>, out: Writable, sheetName: string) {
  const kinds = columns.map((column) => column.kind);
  const letters = columns.map((_, index) => columnLetters(index));
  async function* sheet() {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`;
    yield `<cols>${columns.map((column, index) => `<col min="${index + 1}" max="${index + 1}" width="${column.kind === "text" ? 24 : 16}" customWidth="1"/>`).join("")}</cols><sheetData>`;
    yield `<row r="1">${columns.map((column, index) => `<c${index === 0 ? ' r="A1"' : ""} s="1" t="inlineStr"><is><t>${escapeXml(column.header)}</t></is></c>`).join("")}</row>`;
    const bytes = new ByteChunks();
    let line = 1;
    for await (const row of rows) {
      line += 1;
      const full = bytes.add(xlsxRow(row, kinds, letters, line));
      if (full) yield full;
    }
    yield bytes.take();
    yield "</sheetData></worksheet>";
  }
  await writeZip(
    [
      ...Object.entries(XLSX_PARTS).map(([name, content]) => ({ name, content })),
      {
        name: "xl/workbook.xml",
        content: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      { name: "xl/worksheets/sheet1.xml", content: sheet() },
    ],
    out,
    { level: ZIP_LEVEL },
  );
}

/** Characters that XML text must not hold as such (markup, quotes, control characters). */
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Most cells hold none of them: one test instead of five replacements per cell. */
const escapeXml = (text: string) =>
  !XML_SPECIAL.test(text)
    ? text
    : text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        // Characters XML 1.0 cannot hold (control characters) are dropped.
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");

/** Text of a cell: one <text:p> per line, as LibreOffice writes them. */
const paragraphs = (text: string) =>
  text.includes("\n")
    ? text
        .split("\n")
        .map((line) => `<text:p>${escapeXml(line)}</text:p>`)
        .join("")
    : `<text:p>${escapeXml(text)}</text:p>`;

/** `count` empty cells in a row: one element however many there are, as LibreOffice writes them. */
const emptyOdsCells = (count: number) => (count === 1 ? "<table:table-cell/>" : `<table:table-cell table:number-columns-repeated="${count}"/>`);

/**
 * A row of content.xml, its cells typed. Runs of empty cells are one element, and empty cells at
 * the row's end are left out; a number is its `office:value` alone (readers compute its display
 * from the value and the column's style), a date keeps its French text, which some readers show as
 * is. At a million requests the file is 183 → 132 MB, but the export still takes 1.15 times the
 * XLSX one (bench:export, 6 December: 92.7 s against 80.3 s on a machine where XLSX took 54 s the
 * day before): the time goes to reading and mapping the rows, which both formats share.
 */
function odsRow(row: Cell[], kinds: ExportColumn["kind"][]): string {
  let xml = "<table:table-row>";
  let empty = 0;
  for (let index = 0; index < row.length; index += 1) {
    const cell = row[index] ?? null;
    if (cell === null) {
      empty += 1;
      continue;
    }
    if (empty > 0) {
      xml += emptyOdsCells(empty);
      empty = 0;
    }
    const kind = kinds[index] ?? "text";
    if (cell instanceof Date) {
      xml += `<table:table-cell table:style-name="${kind === "date" ? "ceDate" : "ceDateTime"}" office:value-type="date" office:date-value="${wallClockIso(cell, kind)}"><text:p>${wallClockFrench(cell, kind)}</text:p></table:table-cell>`;
    } else if (typeof cell === "number") {
      xml += `<table:table-cell${kind === "amount" ? ' table:style-name="ceAmount"' : ""} office:value-type="float" office:value="${cell}"/>`;
    } else xml += `<table:table-cell office:value-type="string">${paragraphs(neutraliseFormula(cell))}</table:table-cell>`;
  }
  return `${xml}</table:table-row>`;
}

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"';

const ODS_STYLES = `<office:automatic-styles>
<number:date-style style:name="NDate"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<number:date-style style:name="NDateTime"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
<number:number-style style:name="NAmount"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="NDate"/>
<style:style style:name="ceDateTime" style:family="table-cell" style:data-style-name="NDateTime"/>
<style:style style:name="ceAmount" style:family="table-cell" style:data-style-name="NAmount"/>
<style:style style:name="ceHeader" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>`;

/**
 * ODS (OpenDocument spreadsheet): no maintained streaming writer exists on npm, and the format is
 * a zip of XML, so content.xml is written here row by row into the zip stream (`mimetype`
 * first and stored, as the format requires).
 */
async function writeOds(columns: ExportColumn[], rows: AsyncIterable<Cell[]>, out: Writable, sheetName: string) {
  const kinds = columns.map((column) => column.kind);
  async function* content() {
    yield `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ODS_NS} office:version="1.3">${ODS_STYLES}<office:body><office:spreadsheet>`;
    yield `<table:table table:name="${escapeXml(sheetName)}"><table:table-column table:number-columns-repeated="${columns.length}"/>`;
    yield `<table:table-row>${columns.map((column) => `<table:table-cell table:style-name="ceHeader" office:value-type="string">${paragraphs(column.header)}</table:table-cell>`).join("")}</table:table-row>`;
    const bytes = new ByteChunks();
    for await (const row of rows) {
      const full = bytes.add(odsRow(row, kinds));
      if (full) yield full;
    }
    yield bytes.take();
    yield "</table:table></office:spreadsheet></office:body></office:document-content>";
  }
  await writeZip(
    [
      // First, stored, its size in its header: how readers recognise the format (ODF 1.3, part 2, 3.3).
      { name: "mimetype", content: "application/vnd.oasis.opendocument.spreadsheet", store: true },
      {
        name: "META-INF/manifest.xml",
        content: `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
      },
      { name: "content.xml", content: content() },
    ],
    out,
    { level: ZIP_LEVEL },
  );
}

/** Writes the export in its format to `out`, pulling the rows as it goes (backpressure included). */
export async function writeExport(format: RequestExportFormat, columns: ExportColumn[], rows: AsyncIterable<Cell[]>, out: Writable, sheetName = "Demandes") {
  // A sheet's name: at most 31 characters, none of : \ / ? * [ ].
  const name = sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Demandes";
  if (format === "csv") return writeCsv(columns, rows, out);
  if (format === "xlsx") return writeXlsx(columns, rows, out, name);
  return writeOds(columns, rows, out, name);
}
