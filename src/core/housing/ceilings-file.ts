/**
 * The yearly ceilings file: one line per year, financing and zone, the ceilings of household
 * categories 1 to 6 and the amount per additional person, in whole euros. A year must come
 * complete (3 financings × 3 zones); any broken line stops the whole load.
 */
import { parseEuros } from "../../platform/french/amount.ts";
import type { HousingFinancing, HousingZone } from "../../platform/db/schema.ts";
import { FINANCINGS, type CeilingRow } from "./ceilings.ts";
import { normaliseName, readCsv } from "./csv.ts";
import { ZONE_LABELS, ZONES } from "./zone.ts";

export const CEILING_COLUMNS = {
  year: "annee",
  financing: "financement",
  zone: "zone",
  category1: "categorie_1",
  category2: "categorie_2",
  category3: "categorie_3",
  category4: "categorie_4",
  category5: "categorie_5",
  category6: "categorie_6",
  perAdditionalPerson: "par_personne_supplementaire",
} as const;

const AMOUNT_KEYS = ["category1", "category2", "category3", "category4", "category5", "category6", "perAdditionalPerson"] as const;

export const CEILINGS_EXAMPLE = [
  Object.values(CEILING_COLUMNS).join(";"),
  "2026;PLAI;paris;14 051;22 906;30 026;32 864;39 100;43 995;4 902",
  "2026;PLUS;ile-de-france;25 542;38 175;45 891;54 969;65 073;73 227;8 159",
  "2026;PLS;autres-regions;28 869;38 554;46 364;55 976;65 849;74 212;8 277",
].join("\n");

export interface BrokenLine {
  line: number;
  reasons: string[];
}

export type CeilingsFile =
  | { ok: true; years: Map<number, CeilingRow[]>; lineCount: number }
  | { ok: false; message: string; broken: BrokenLine[]; lineCount: number };

/** "paris", "Paris et communes limitrophes", "Île-de-France", "ile_de_france", "autres régions". */
export function readZone(text: string): HousingZone | undefined {
  const name = normaliseName(text);
  if (name === "") return undefined;
  return ZONES.find((zone) => normaliseName(zone) === name || normaliseName(ZONE_LABELS[zone]) === name);
}

/** Reads and checks the ceilings file; `ok` only when every line and every year is right. */
export function readCeilingsFile(bytes: Uint8Array): CeilingsFile {
  const file = readCsv(bytes, CEILING_COLUMNS);
  if (!file.ok) return { ok: false, message: file.message, broken: [], lineCount: 0 };
  const broken: BrokenLine[] = [];
  const years = new Map<number, CeilingRow[]>();
  const seen = new Map<string, number>();
  const firstLineOfYear = new Map<number, number>();
  // A year with a broken line is not also called incomplete: the line says what is wrong.
  const yearsWithBrokenLines = new Set<number>();
  for (const { line, values, extraCells } of file.lines) {
    const reasons: string[] = [];
    if (extraCells > 0) reasons.push("La ligne a plus de cellules que la première ligne du fichier.");
    const year = /^\d{4}$/.test(values.year) ? Number(values.year) : undefined;
    if (year === undefined || year < 2000 || year > 2100) reasons.push(`annee : « ${values.year} » n'est pas une année (par exemple 2026).`);
    const financing = FINANCINGS.find((candidate) => candidate === values.financing.toUpperCase()) as HousingFinancing | undefined;
    if (!financing) reasons.push(`financement : « ${values.financing} » n'est pas PLAI, PLUS ou PLS.`);
    const zone = readZone(values.zone);
    if (!zone) reasons.push(`zone : « ${values.zone} » n'est pas paris, ile-de-france ou autres-regions.`);
    const amounts = {} as Record<(typeof AMOUNT_KEYS)[number], number>;
    for (const key of AMOUNT_KEYS) {
      const parsed = parseEuros(values[key], { maxCents: 100_000_000 });
      if (!parsed.ok) reasons.push(`${CEILING_COLUMNS[key]} : « ${values[key]} » : ${parsed.message}`);
      else if (parsed.value % 100 !== 0) reasons.push(`${CEILING_COLUMNS[key]} : « ${values[key]} » : les plafonds sont en euros entiers.`);
      else if (parsed.value === 0) reasons.push(`${CEILING_COLUMNS[key]} : le plafond ne peut pas être nul.`);
      else amounts[key] = parsed.value / 100;
    }
    if (year !== undefined && financing && zone) {
      const key = `${year} ${financing} ${zone}`;
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`${financing} ${zone} ${year} figure déjà à la ligne ${first}.`);
      else seen.set(key, line);
    }
    if (year !== undefined && !firstLineOfYear.has(year)) firstLineOfYear.set(year, line);
    if (reasons.length > 0) {
      broken.push({ line, reasons });
      if (year !== undefined) yearsWithBrokenLines.add(year);
      continue;
    }
    years.set(year!, [...(years.get(year!) ?? []), { financing: financing!, zone: zone!, ...amounts }]);
  }
  // A year without all its rows would answer some households and not others.
  for (const [year, rows] of years) {
    const missing = FINANCINGS.flatMap((financing) => ZONES.filter((zone) => !rows.some((row) => row.financing === financing && row.zone === zone)).map((zone) => `${financing} ${zone}`));
    const first = firstLineOfYear.get(year)!;
    if (missing.length > 0 && !yearsWithBrokenLines.has(year)) {
      broken.push({ line: first, reasons: [`L'année ${year} est incomplète : il manque ${missing.join(", ")} (il faut les 3 financements pour les 3 zones).`] });
    }
  }
  if (file.lines.length === 0) return { ok: false, message: "Le fichier ne contient aucune ligne de plafonds après la ligne des colonnes.", broken: [], lineCount: 0 };
  if (broken.length > 0) {
    broken.sort((a, b) => a.line - b.line);
    return { ok: false, message: `${broken.length === 1 ? "1 ligne est à corriger" : `${broken.length} lignes sont à corriger`} : rien n'a été chargé.`, broken, lineCount: file.lines.length };
  }
  return { ok: true, years, lineCount: file.lines.length };
}
