/**
 * Reading the organisations register from a CSV file as offices export it: `;` (Excel in
 * French) or `,`, UTF-8 with or without BOM, CRLF or LF, quoted fields with doubled quotes.
 * Parsed by csv-parse; the report gives the line on which each record *starts* in the file (a
 * quoted address may span lines), which is what the operator sees in a text editor.
 */

import { CsvError, parse } from "csv-parse/sync";

/** The register's columns, by the name used in code, with their header in the file. */
export const REGISTER_COLUMNS = {
  clientNumber: "numero_client",
  siret: "siret",
  name: "raison_sociale",
  legalRepresentative: "representant_legal",
  addressLine: "adresse",
  postalCode: "code_postal",
  commune: "commune",
} as const;

export type RegisterColumn = keyof typeof REGISTER_COLUMNS;

/** One record of the file, with its fields by column and the line it starts on. */
export interface RawRegisterLine {
  line: number;
  values: Record<RegisterColumn, string>;
  /** Number of fields on the line, to reject lines that do not fit the header. */
  fieldCount: number;
}

export type RegisterFile =
  | { ok: true; delimiter: ";" | ","; columnCount: number; lines: RawRegisterLine[]; ignoredColumns: string[] }
  | { ok: false; message: string };

interface CsvRecord {
  line: number;
  fields: string[];
}

/** "Numéro client", "NUMERO_CLIENT", "numero client" all give "numeroclient". */
export function normaliseHeader(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The delimiter is whichever of `;` and `,` the header line uses more (outside quotes). */
export function detectDelimiter(text: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ";") semicolons++;
    else if (!quoted && char === ",") commas++;
  }
  return commas > semicolons ? "," : ";";
}

/**
 * Splits CSV text into records with csv-parse (RFC 4180, relaxed: a quote inside an unquoted
 * field is kept as a letter, records may differ in length, and LF, CRLF and CR all end a record).
 * Each record carries the line it *starts* on, counted here from the bytes csv-parse reports
 * consumed, because its own line counter counts a CRLF inside a quoted field twice. Throws
 * `UnclosedQuote` when a quoted field runs to the end of the file, since everything after it
 * would be read wrongly.
 */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const source = Buffer.from(text, "utf8");
  const lineAt = lineCounter(source);
  const records: CsvRecord[] = [];
  let recordStart = 0;
  try {
    parse(source, {
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_quotes: true,
      relax_column_count: true,
      // Called before an error is thrown, so that an unclosed quote can be placed.
      on_record: (record, context) => {
        records.push({ line: lineAt(recordStart), fields: record });
        recordStart = context.bytes;
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError && error.code === "CSV_QUOTE_NOT_CLOSED") throw new UnclosedQuote(lineAt(recordStart));
    throw error;
  }
  return records;
}

/**
 * Gives the line (from 1) of a byte offset, for offsets asked in increasing order: one pass over
 * the file in all. CRLF counts as one line break.
 */
function lineCounter(source: Uint8Array): (offset: number) => number {
  let line = 1;
  let position = 0;
  return (offset) => {
    for (; position < offset; position++) {
      const byte = source[position];
      if (byte === 0x0a || (byte === 0x0d && source[position + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

/** A quoted field left open until the end of the file; `line` is where its record starts. */
export class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super(`Unclosed quote in the record starting on line ${line}`);
    this.name = "UnclosedQuote";
  }
}

/**
 * Reads the register file's bytes: checks that it is UTF-8 text, finds the delimiter and the
 * columns from the header (case, accents, spaces and underscores do not matter), and returns
 * each non-empty line's fields by column. A file that cannot be used at all gives a French
 * message naming what is wrong.
 */
export function readRegisterFile(bytes: Uint8Array): RegisterFile {
  if (bytes.length === 0) return { ok: false, message: "Le fichier est vide." };
  // NUL bytes never occur in text: this is a spreadsheet, a PDF or an archive, whatever its name.
  if (bytes.includes(0)) {
    return { ok: false, message: "Le fichier n'est pas un fichier texte CSV. Enregistrez le tableau au format « CSV UTF-8 » puis réessayez." };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return {
      ok: false,
      message:
        "Le fichier n'est pas encodé en UTF-8. Dans votre tableur, enregistrez-le au format « CSV UTF-8 (délimité par des virgules) » puis réessayez.",
    };
  }
  if (text.trim() === "") return { ok: false, message: "Le fichier est vide." };

  const delimiter = detectDelimiter(text);
  let records: CsvRecord[];
  try {
    records = parseCsv(text, delimiter);
  } catch (error) {
    if (!(error instanceof UnclosedQuote)) throw error;
    return { ok: false, message: `Le guillemet ouvert à la ligne ${error.line} n'est jamais fermé : le reste du fichier ne peut pas être lu. Corrigez cette ligne puis réessayez.` };
  }

  const [header, ...rows] = records.filter((record) => record.fields.some((value) => value.trim() !== ""));
  if (!header) return { ok: false, message: "Le fichier est vide." };
  const positions = new Map<string, number>();
  const duplicated = new Set<string>();
  header.fields.forEach((name, index) => {
    const key = normaliseHeader(name);
    if (positions.has(key)) duplicated.add(name.trim());
    else positions.set(key, index);
  });
  const missing = Object.values(REGISTER_COLUMNS).filter((column) => !positions.has(normaliseHeader(column)));
  if (missing.length > 0) {
    const list = missing.map((column) => `« ${column} »`).join(", ");
    return {
      ok: false,
      message: `${missing.length === 1 ? "Il manque la colonne" : "Il manque les colonnes"} ${list} dans la première ligne du fichier. Les colonnes attendues sont : ${Object.values(REGISTER_COLUMNS).join(", ")}.`,
    };
  }
  if (duplicated.size > 0) {
    return { ok: false, message: `La première ligne du fichier contient plusieurs fois la colonne ${[...duplicated].map((name) => `« ${name} »`).join(", ")}.` };
  }
  const known = new Set(Object.values(REGISTER_COLUMNS).map(normaliseHeader));
  const ignoredColumns = header.fields.filter((name) => !known.has(normaliseHeader(name)) && name.trim() !== "").map((name) => name.trim());

  const lines = rows.map((record) => {
    const values = {} as Record<RegisterColumn, string>;
    for (const [key, column] of Object.entries(REGISTER_COLUMNS) as [RegisterColumn, string][]) {
      values[key] = (record.fields[positions.get(normaliseHeader(column))!] ?? "").trim();
    }
    // Empty cells after the last column (a spreadsheet's ";;" at the end of the line) are harmless.
    let fieldCount = record.fields.length;
    while (fieldCount > header.fields.length && record.fields[fieldCount - 1]!.trim() === "") fieldCount--;
    return { line: record.line, values, fieldCount };
  });
  return { ok: true, delimiter, columnCount: header.fields.length, lines, ignoredColumns };
}
