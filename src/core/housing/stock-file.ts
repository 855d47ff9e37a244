/**
 * The housing stock file: one line per commune (INSEE code), the dwellings by size (T1 to T5 and
 * more), the requests pending and the average waiting time in months. The file replaces the whole
 * stock; any broken line stops the load.
 */
import type { BrokenLine } from "./ceilings-file.ts";
import { currentCommune } from "./commune-search.ts";
import { parseCount, readCsv } from "./csv.ts";
import type { StockRow } from "./queries.ts";

export const STOCK_COLUMNS = {
  communeCode: "code_commune",
  communeName: "commune",
  dwellingsT1: "t1",
  dwellingsT2: "t2",
  dwellingsT3: "t3",
  dwellingsT4: "t4",
  dwellingsT5: "t5_et_plus",
  pendingRequests: "demandes_en_attente",
  averageWait: "delai_moyen_mois",
} as const;

const COUNT_KEYS = ["dwellingsT1", "dwellingsT2", "dwellingsT3", "dwellingsT4", "dwellingsT5", "pendingRequests"] as const;

export const STOCK_EXAMPLE = [
  Object.values(STOCK_COLUMNS).join(";"),
  "93048;Montreuil;1 210;2 480;3 050;1 720;460;9 800;38,5",
  "95127;Cergy;640;1 310;1 890;1 020;310;3 400;21",
].join("\n");

export type StockFile = { ok: true; rows: StockRow[]; lineCount: number } | { ok: false; message: string; broken: BrokenLine[]; lineCount: number };

/** "14,5", "14.5", "14" months → tenths (145); undefined when not so. */
export function parseMonths(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d))?$/.exec(text.replace(/\s/g, ""));
  return match ? Number(match[1]) * 10 + Number(match[2] ?? "0") : undefined;
}

/** Reads and checks the stock file; `ok` only when every line is right. */
export function readStockFile(bytes: Uint8Array): StockFile {
  const file = readCsv(bytes, STOCK_COLUMNS, ["communeName"]);
  if (!file.ok) return { ok: false, message: file.message, broken: [], lineCount: 0 };
  const broken: BrokenLine[] = [];
  const rows: StockRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, values, extraCells } of file.lines) {
    const reasons: string[] = [];
    if (extraCells > 0) reasons.push("La ligne a plus de cellules que la première ligne du fichier.");
    const commune = /^\d[\dAB]\d{3}$/i.test(values.communeCode) ? currentCommune(values.communeCode) : undefined;
    if (!commune) reasons.push(`code_commune : « ${values.communeCode} » n'est pas un code de commune (code INSEE) de la liste officielle.`);
    else {
      const first = seen.get(commune.code);
      if (first !== undefined) reasons.push(`code_commune : ${commune.nom} (${commune.code}) figure déjà à la ligne ${first}.`);
      else seen.set(commune.code, line);
    }
    const counts = {} as Record<(typeof COUNT_KEYS)[number], number>;
    for (const key of COUNT_KEYS) {
      const count = parseCount(values[key]);
      if (count === undefined) reasons.push(`${STOCK_COLUMNS[key]} : « ${values[key]} » n'est pas un nombre entier positif ou nul.`);
      else counts[key] = count;
    }
    const wait = parseMonths(values.averageWait);
    if (wait === undefined) reasons.push(`${STOCK_COLUMNS.averageWait} : « ${values.averageWait} » n'est pas un nombre de mois (par exemple 14 ou 14,5).`);
    if (reasons.length > 0) broken.push({ line, reasons });
    else rows.push({ communeCode: commune!.code, communeName: commune!.nom, ...counts, averageWaitTenths: wait! });
  }
  if (file.lines.length === 0) return { ok: false, message: "Le fichier ne contient aucune commune après la ligne des colonnes.", broken: [], lineCount: 0 };
  if (broken.length > 0) {
    return { ok: false, message: `${broken.length === 1 ? "1 ligne est à corriger" : `${broken.length} lignes sont à corriger`} : rien n'a été chargé.`, broken, lineCount: file.lines.length };
  }
  return { ok: true, rows, lineCount: file.lines.length };
}
