/**
 * Birth countries by INSEE code (COG "pays et territoires étrangers", countries-data.ts):
 * 99100 is France, every other 99xxx code a country or territory abroad.
 */
import { INSEE_COUNTRIES } from "./countries-data.ts";

export interface Country {
  /** "99109". */
  code: string;
  /** INSEE's short name, "Allemagne". */
  name: string;
  /** The year the country stopped existing under this code (East Germany: 1990). */
  endedIn?: number;
}

export const FRANCE_COUNTRY_CODE = "99100";

const byCode = new Map<string, Country>(
  INSEE_COUNTRIES.map(([code, name, endedIn]) => [code, endedIn === undefined ? { code, name } : { code, name, endedIn }]),
);

/** The country with this INSEE code, France included; undefined for any other text. */
export function findCountry(code: string): Country | undefined {
  return byCode.get(code.trim());
}

/** Every country but France, in French alphabetical order: the choices for a birth abroad. */
export function listCountriesAbroad(): Country[] {
  const collator = new Intl.Collator("fr");
  return [...byCode.values()].filter((country) => country.code !== FRANCE_COUNTRY_CODE).sort((a, b) => collator.compare(a.name, b.name));
}
