/**
 * Communes, départements and postal codes, from two Etalab packages:
 * - @etalab/decoupage-administratif (INSEE's Code officiel géographique): communes, with
 *   their département, region, postal codes and former codes; and départements.
 * - codes-postaux (La Poste's Base officielle des codes postaux): which communes a postal
 *   code serves, with La Poste's spelling of the name (libellé d'acheminement).
 *
 * Both are CommonJS packages shipping JSON (8.6 MB for the communes, 3.9 MB for the postal
 * codes; the unused codes-postaux-full.json is 68 MB on disk but never read). Version 6 of
 * decoupage-administratif reads its files relative to the working directory, so we read the
 * JSON files ourselves, once, on first use, and keep only the fields we need. Measured on
 * Node 24: about 0.2 s and 20 MB of retained heap on first use (RSS grows by about 45 MB while
 * parsing); nothing at start-up, and each lookup afterwards is a few microseconds.
 * CEDEX codes are not in La Poste's public base, so they are reported unknown.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { invalid, valid, type Check } from "./check.ts";

export interface Commune {
  /** INSEE code, "75056", "2A004", "97411". */
  code: string;
  nom: string;
  departement: string;
  region: string;
  /** Paris, Lyon and Marseille's arrondissements are listed with their own INSEE code. */
  type: "commune-actuelle" | "arrondissement-municipal" | "commune-deleguee" | "commune-associee";
  /** For an arrondissement or a delegated commune: the commune it belongs to. */
  parentCode?: string;
  codesPostaux: readonly string[];
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
  /** INSEE code of the commune that is its chef-lieu. */
  chefLieu: string;
  /** Metropolitan, overseas département (DROM), or overseas collectivity listed alongside (COM). */
  zone: "metro" | "drom" | "com";
}

/** A commune as served by a postal code. */
export interface PostalCommune {
  postalCode: string;
  /** INSEE code (of the arrondissement, in Paris, Lyon and Marseille). */
  code: string;
  nom: string;
  /** La Poste's name for the delivery office, "PARIS", "SAINT DENIS". */
  libelleAcheminement: string;
}

interface ReferenceData {
  communes: Map<string, Commune>;
  formerCodes: Map<string, string>;
  /** Every delegated or associated commune, also those sharing their code with today's commune. */
  delegated: Commune[];
  departements: Map<string, Departement>;
  byPostalCode: Map<string, PostalCommune[]>;
}

let data: ReferenceData | undefined;

function readJson(specifier: string): unknown {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(specifier), "utf8"));
}

interface RawCommune {
  code: string;
  nom: string;
  departement: string;
  region: string;
  type: Commune["type"];
  commune?: string;
  chefLieu?: string;
  codesPostaux?: string[];
  anciensCodes?: string[];
}

/** Loads the reference data on first call; later calls return the same maps. */
export function loadReferenceData(): ReferenceData {
  if (data) return data;
  const communes = new Map<string, Commune>();
  const formerCodes = new Map<string, string>();
  const delegated: Commune[] = [];
  for (const raw of readJson("@etalab/decoupage-administratif/data/communes.json") as RawCommune[]) {
    const parentCode = raw.commune ?? (raw.chefLieu !== raw.code ? raw.chefLieu : undefined);
    const commune: Commune = {
      code: raw.code,
      nom: raw.nom,
      departement: raw.departement,
      region: raw.region,
      type: raw.type,
      ...(parentCode ? { parentCode } : {}),
      codesPostaux: raw.codesPostaux ?? [],
    };
    if (raw.type === "commune-deleguee" || raw.type === "commune-associee") delegated.push(commune);
    // A delegated commune often shares its code with the new commune: the current one wins.
    const existing = communes.get(raw.code);
    if (existing && existing.type !== "commune-deleguee" && existing.type !== "commune-associee") continue;
    communes.set(raw.code, commune);
    if (raw.type === "commune-actuelle") for (const former of raw.anciensCodes ?? []) formerCodes.set(former, raw.code);
  }
  const departements = new Map<string, Departement>();
  for (const raw of readJson("@etalab/decoupage-administratif/data/departements.json") as Departement[]) {
    departements.set(raw.code, { code: raw.code, nom: raw.nom, region: raw.region, chefLieu: raw.chefLieu, zone: raw.zone });
  }
  const byPostalCode = new Map<string, PostalCommune[]>();
  type RawPostal = { codePostal: string; codeCommune: string; nomCommune: string; libelleAcheminement: string };
  for (const raw of readJson("codes-postaux/codes-postaux.json") as RawPostal[]) {
    const list = byPostalCode.get(raw.codePostal) ?? [];
    if (list.some((entry) => entry.code === raw.codeCommune)) continue;
    list.push({ postalCode: raw.codePostal, code: raw.codeCommune, nom: raw.nomCommune, libelleAcheminement: raw.libelleAcheminement });
    byPostalCode.set(raw.codePostal, list);
  }
  data = { communes, formerCodes, delegated, departements, byPostalCode };
  return data;
}

/**
 * The commune with this INSEE code ("75056", "2a004"), current or not: a former code (Ajaccio
 * was 20004 before Corsica's split) leads to today's commune.
 */
export function findCommune(inseeCode: string): Commune | undefined {
  const { communes, formerCodes } = loadReferenceData();
  const code = inseeCode.trim().toUpperCase();
  return communes.get(code) ?? communes.get(formerCodes.get(code) ?? "");
}

/** The département with this code: "01" (or "1"), "2A" (or "2a"), "974". */
export function findDepartement(code: string): Departement | undefined {
  const normalised = code.trim().toUpperCase();
  return loadReferenceData().departements.get(/^\d$/.test(normalised) ? `0${normalised}` : normalised);
}

/**
 * The 101 départements (01 … 95, 971 … 976), then the overseas collectivities the INSEE codes
 * alike (975 Saint-Pierre-et-Miquelon … 988 Nouvelle-Calédonie), marked `zone: "com"`.
 */
export function listDepartements(): Departement[] {
  return [...loadReferenceData().departements.values()];
}

/** The communes a postal code serves (empty when unknown). */
export function communesForPostalCode(postalCode: string): readonly PostalCommune[] {
  return loadReferenceData().byPostalCode.get(postalCode.replace(/\s/g, "")) ?? [];
}

/** Checks that a postal code has 5 digits and exists; the value is the 5 digits. */
export function checkPostalCode(input: string): Check {
  const postalCode = input.replace(/\s/g, "");
  if (postalCode === "") return invalid("Saisissez le code postal.");
  if (!/^\d{5}$/.test(postalCode)) return invalid("Le code postal doit comporter 5 chiffres, par exemple 75001.");
  if (communesForPostalCode(postalCode).length === 0) return invalid("Ce code postal n'existe pas : vérifiez-le.");
  return valid(postalCode);
}

/**
 * "Saint-Étienne", "st etienne", "ST ETIENNE", "Saint Étienne" all give "saint etienne":
 * without accents, case, hyphens or apostrophes, with St / Ste spelled out.
 */
export function normaliseCommuneName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .map((word) => (word === "st" ? "saint" : word === "ste" ? "sainte" : word))
    .join(" ");
}

/**
 * Checks that a commune (by name or INSEE code) is served by a postal code. The value is the
 * commune as La Poste lists it under that code. "Paris" or 75056 with 75001 gives the
 * 1st arrondissement (75101): the arrondissement's parent is in `findCommune(code).parentCode`.
 */
export function checkPostalCodeAndCommune(postalCodeInput: string, communeInput: string): Check<PostalCommune> {
  const postalCode = checkPostalCode(postalCodeInput);
  if (!postalCode.ok) return postalCode;
  const entries = communesForPostalCode(postalCode.value);
  const typed = communeInput.trim();
  if (typed === "") return invalid("Saisissez la commune.");

  let match: PostalCommune | undefined;
  if (/^\d[\dAB]\d{3}$/i.test(typed)) {
    const commune = findCommune(typed);
    match = entries.find((entry) => {
      if (!commune) return false;
      if (entry.code === commune.code) return true;
      return findCommune(entry.code)?.parentCode === commune.code;
    });
  } else {
    const wanted = normaliseCommuneName(typed);
    match = entries.find((entry) => {
      const names = [entry.nom, entry.libelleAcheminement];
      const commune = findCommune(entry.code);
      if (commune?.type === "arrondissement-municipal" && commune.parentCode) names.push(findCommune(commune.parentCode)?.nom ?? "");
      return names.some((name) => normaliseCommuneName(name) === wanted);
    });
  }
  if (match) return valid(match);

  const names = [...new Set(entries.map((entry) => entry.nom))];
  const hint = names.length <= 5 ? ` Communes de ce code postal : ${names.join(", ")}.` : "";
  return invalid(`La commune ne correspond pas au code postal ${postalCode.value}.${hint}`);
}
