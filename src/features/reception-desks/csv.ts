/**
 * Reading the reception desks from a CSV file as offices export it: `;` (Excel in French) or
 * `,`, UTF-8 with or without BOM, CRLF or LF, quoted fields with doubled quotes, parsed by
 * csv-parse. Each record carries the line it *starts* on in the file (a quoted cell may span
 * lines), which is what the admin sees in a text editor.
 */
import { CsvError, parse } from "csv-parse/sync";
import type { DeskFields } from "./desk-input.ts";

/** The file's columns by field, with their header; `required` columns must be in the header. */
export const DESK_COLUMNS = {
  name: { header: "nom", required: true },
  address: { header: "adresse", required: true },
  postalCode: { header: "code_postal", required: true },
  commune: { header: "commune", required: true },
  openingHours: { header: "horaires", required: true },
  phone: { header: "telephone", required: false },
  services: { header: "services", required: false },
  latitude: { header: "latitude", required: false },
  longitude: { header: "longitude", required: false },
} as const satisfies Record<keyof DeskFields, { header: string; required: boolean }>;

export const MAX_DESK_LINES = 5000;

export interface DeskLine {
  /** Line of the file where the record starts (1 is the header). */
  line: number;
  fields: DeskFields;
  /** Cells on the line that the header does not name. */
  extraCells: number;
}

export type DesksFile = { ok: true; lines: DeskLine[]; ignoredColumns: string[] } | { ok: false; message: string };

/** "Code postal", "CODE_POSTAL", "code-postal" all give "codepostal". */
function normaliseHeader(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Whichever of `;` and `,` the header line uses more, outside quotes. */
function detectDelimiter(text: string): ";" | "," {
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

/** Reads the file's bytes; a file that cannot be read as a whole gets one message, nothing else. */
export function readDesksFile(content: Uint8Array): DesksFile {
  const source = Buffer.from(content);
  const text = source.toString("utf8");
  if (text.includes("\uFFFD")) return { ok: false, message: "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » puis chargez-le de nouveau." };
  if (text.trim() === "") return { ok: false, message: "Le fichier est vide." };

  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(source, {
      delimiter: detectDelimiter(text.replace(/^\uFEFF/, "")),
      bom: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: `Le fichier n'est pas un CSV lisible (${error.code === "CSV_QUOTE_NOT_CLOSED" ? "un guillemet ouvert n'est jamais fermé" : "mise en forme incorrecte"}) : vérifiez-le dans un tableur puis enregistrez-le de nouveau au format CSV.` };
    throw error;
  }

  const [header, ...rows] = records;
  if (!header) return { ok: false, message: "Le fichier est vide." };
  if (rows.length > MAX_DESK_LINES) return { ok: false, message: `Le fichier compte ${rows.length} lignes : ${MAX_DESK_LINES} au plus.` };
  const positions = new Map(header.record.map((name, index) => [normaliseHeader(name), index]));
  const missing = Object.values(DESK_COLUMNS).filter((column) => column.required && !positions.has(normaliseHeader(column.header)));
  if (missing.length > 0)
    return { ok: false, message: `La première ligne doit nommer les colonnes ; il manque : ${missing.map((column) => column.header).join(", ")}.` };
  const known = new Set(Object.values(DESK_COLUMNS).map((column) => normaliseHeader(column.header)));
  const ignoredColumns = header.record.filter((name) => name.trim() !== "" && !known.has(normaliseHeader(name)));

  const lineAt = lineCounter(source);
  let previousEnd = header.info.bytes;
  const lines = rows.map(({ record, info }) => {
    const line = lineAt(previousEnd);
    previousEnd = info.bytes;
    const cell = (key: keyof DeskFields) => {
      const index = positions.get(normaliseHeader(DESK_COLUMNS[key].header));
      return index === undefined ? "" : (record[index] ?? "");
    };
    const fields = Object.fromEntries((Object.keys(DESK_COLUMNS) as (keyof DeskFields)[]).map((key) => [key, cell(key)])) as unknown as DeskFields;
    return { line, fields, extraCells: Math.max(0, record.length - header.record.length) };
  });
  return { ok: true, lines, ignoredColumns };
}

/**
 * The line on which a record starting at or after a byte offset starts: empty lines before it
 * are skipped as csv-parse skips them. Offsets only grow, so one pass over the file counts them.
 */
function lineCounter(source: Buffer) {
  let position = 0;
  let line = 1;
  const step = () => {
    if (source[position] === 0x0d && source[position + 1] === 0x0a) position += 2;
    else position += 1;
    line++;
  };
  return (offset: number) => {
    while (position < offset) {
      const byte = source[position];
      if (byte === 0x0a || byte === 0x0d) step();
      else position++;
    }
    // Empty lines before the record.
    while (source[position] === 0x0a || source[position] === 0x0d) step();
    return line;
  };
}
