/**
 * Reading the operator's housing tables from CSV as spreadsheets export them: `;` (Excel in
 * French) or `,`, UTF-8 with or without BOM, a header line naming the columns (case, accents,
 * spaces and underscores do not matter). Parsed by csv-parse; each record carries the line of
 * the file it ends on, which is what the operator sees in a text editor.
 */
import { CsvError, parse } from "csv-parse/sync";

export interface CsvLine<C extends string> {
  line: number;
  values: Record<C, string>;
  /** Non-empty cells beyond the header's columns. */
  extraCells: number;
}

export type CsvFile<C extends string> = { ok: true; lines: CsvLine<C>[] } | { ok: false; message: string };

/** "Catégorie 1", "CATEGORIE_1", "categorie 1" all give "categorie1". */
export function normaliseName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Reads the file's bytes into lines by column; a file that cannot be used gives a French message. */
export function readCsv<C extends string>(bytes: Uint8Array, columns: Record<C, string>, optional: readonly NoInfer<C>[] = []): CsvFile<C> {
  if (bytes.includes(0)) return { ok: false, message: "Le fichier n'est pas un fichier texte CSV. Enregistrez le tableau au format « CSV UTF-8 » puis réessayez." };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: "Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » puis réessayez." };
  }
  if (text.trim() === "") return { ok: false, message: "Le fichier est vide." };
  const headerLine = text.split(/\r\n|\n|\r/, 1)[0]!;
  const delimiter = (headerLine.match(/,/g)?.length ?? 0) > (headerLine.match(/;/g)?.length ?? 0) ? "," : ";";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, bom: true, relax_quotes: true, relax_column_count: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: `Le fichier ne peut pas être lu comme un CSV (ligne ${String((error as CsvError & { lines?: number }).lines ?? "?")}) : vérifiez les guillemets.` };
    throw error;
  }
  const [header, ...rows] = records.filter(({ record }) => record.some((cell) => cell.trim() !== ""));
  if (!header) return { ok: false, message: "Le fichier est vide." };
  const positions = new Map(header.record.map((name, index) => [normaliseName(name), index] as const));
  const entries = Object.entries(columns) as [C, string][];
  const missing = entries.filter(([key, name]) => !optional.includes(key) && !positions.has(normaliseName(name))).map(([, name]) => `« ${name} »`);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `${missing.length === 1 ? "Il manque la colonne" : "Il manque les colonnes"} ${missing.join(", ")} dans la première ligne du fichier. Les colonnes attendues sont : ${entries.map(([, name]) => name).join(", ")}.`,
    };
  }
  const lines = rows.map(({ record, info }) => {
    const values = {} as Record<C, string>;
    for (const [key, name] of entries) {
      const position = positions.get(normaliseName(name));
      values[key] = position === undefined ? "" : (record[position] ?? "").trim();
    }
    const extraCells = record.slice(header.record.length).filter((cell) => cell.trim() !== "").length;
    return { line: info.lines, values, extraCells };
  });
  return { ok: true, lines };
}

/** "1 234" or "1234" → 1234; undefined when not a whole number of at most 9 digits. */
export function parseCount(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "");
  return /^\d{1,9}$/.test(compact) ? Number(compact) : undefined;
}
