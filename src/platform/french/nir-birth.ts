/**
 * Does a NIR belong to a person born on this day, in this place, of this sex? The NIR's first
 * 10 characters repeat the civil-status data (INSEE, "numéro d'inscription au répertoire"):
 *
 * - 1st, sex: odd for a man, even for a woman. 3 / 4 (people born abroad being registered) and
 *   7 / 8 (temporary numbers) follow the same parity; we accept them, as checkNir does, because
 *   such numbers are printed on real attestations and carry the same birth data.
 * - 2nd–3rd, the year of birth's last two digits.
 * - 4th–5th, the month of birth; 20–42 and 50–99 mean "month unknown" (the civil-status
 *   document did not state it): any birth month is then accepted.
 * - 6th–10th, the place of birth:
 *   - in France, the INSEE code of the commune (département + commune: "76451"; overseas
 *     "97411"). A commune merged since keeps its former code in the NIR, and Paris, Lyon and
 *     Marseille numbers carry the arrondissement: codes are compared through the official
 *     list (a former code, an arrondissement or a delegated commune leads to today's commune).
 *     A code the list does not know at all (an old commune) is accepted when its département
 *     matches: we cannot tell, and refusing would lock a real person out.
 *   - Corsica: 2A / 2B since 1976, 20 before. We accept 20 for any commune of 2A or 2B,
 *     whatever the year (a number is never reissued, and the year is checked on its own).
 *   - Before 1968, Seine (75) and Seine-et-Oise (78) covered today's 91, 92, 93, 94 and 95:
 *     for people born there before 1968 only the former département is checked.
 *   - abroad, 99 + the last 3 digits of the INSEE country code, which is the country code
 *     itself ("99350", Morocco). People born in Algeria before 1963, Morocco or Tunisia before
 *     1957 may have the départements of that time (91–94, 95, 96): accepted.
 * Each mismatch has its own sentence, so the person knows which digits to look at.
 */
import { invalid, valid, type Check } from "./check.ts";
import { findCommune } from "./communes.ts";
import { FRANCE_COUNTRY_CODE } from "./countries.ts";
import { checkNir } from "./nir.ts";

export interface BirthData {
  sex: "F" | "M";
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  /** INSEE code of the commune of birth in France; null when born abroad. */
  birthCommuneCode: string | null;
  /** INSEE country code, "99100" for France. */
  birthCountryCode: string;
}

const NOT_MATCHING = "Le numéro de sécurité sociale ne correspond pas";

export const NIR_MISMATCH = {
  sex: `${NOT_MATCHING} à votre sexe : il commence par 1 pour un homme, par 2 pour une femme.`,
  year: `${NOT_MATCHING} à votre année de naissance (2e et 3e chiffres).`,
  month: `${NOT_MATCHING} à votre mois de naissance.`,
  departement: `${NOT_MATCHING} à votre département de naissance.`,
  commune: `${NOT_MATCHING} à votre commune de naissance.`,
  country: `${NOT_MATCHING} à votre pays de naissance.`,
  bornAbroad: `${NOT_MATCHING} à une naissance en France : il indique une naissance à l'étranger (99 aux 6e et 7e chiffres).`,
  bornInFrance: `${NOT_MATCHING} à une naissance à l'étranger : pour une personne née à l'étranger, il comporte 99 aux 6e et 7e chiffres.`,
} as const;

/** Checks a NIR (format and key first, see checkNir), then against the person's birth data. */
export function checkNirMatchesBirth(input: string, birth: BirthData): Check {
  const checked = checkNir(input);
  if (!checked.ok) return checked;
  const nir = checked.value;
  const year = Number(birth.birthDate.slice(0, 4));

  if ((Number(nir[0]) % 2 === 1 ? "M" : "F") !== birth.sex) return invalid(NIR_MISMATCH.sex);
  if (nir.slice(1, 3) !== birth.birthDate.slice(2, 4)) return invalid(NIR_MISMATCH.year);
  const month = Number(nir.slice(3, 5));
  if (month <= 12 && month !== Number(birth.birthDate.slice(5, 7))) return invalid(NIR_MISMATCH.month);

  const place = nir.slice(5, 10);
  const mismatch =
    birth.birthCountryCode === FRANCE_COUNTRY_CODE ? placeInFranceMismatch(place, birth.birthCommuneCode ?? "", year) : placeAbroadMismatch(place, birth.birthCountryCode, year);
  return mismatch ? invalid(mismatch) : valid(nir);
}

function placeAbroadMismatch(place: string, countryCode: string, year: number): string | undefined {
  if (place.startsWith("99")) return place === countryCode ? undefined : NIR_MISMATCH.country;
  const departement = place.slice(0, 2);
  const formerDepartements = FORMER_DEPARTEMENTS_ABROAD[countryCode];
  if (formerDepartements && year < formerDepartements.before && formerDepartements.codes.includes(departement)) return undefined;
  return NIR_MISMATCH.bornInFrance;
}

/** Algeria (99352), Morocco (99350), Tunisia (99351): départements in NIRs of births before independence. */
const FORMER_DEPARTEMENTS_ABROAD: Record<string, { codes: readonly string[]; before: number }> = {
  "99352": { codes: ["91", "92", "93", "94"], before: 1963 },
  "99350": { codes: ["95"], before: 1957 },
  "99351": { codes: ["96"], before: 1957 },
};

/** Seine (75) and Seine-et-Oise (78) before the 1968 reorganisation of the Paris region. */
const BEFORE_1968: Record<string, readonly string[]> = {
  "75": ["75", "92", "93", "94"],
  "78": ["78", "91", "92", "93", "94", "95"],
};

function placeInFranceMismatch(place: string, communeCode: string, year: number): string | undefined {
  if (place.startsWith("99")) return NIR_MISMATCH.bornAbroad;
  const commune = findCommune(communeCode);
  if (!commune) return NIR_MISMATCH.commune;
  const nirDepartement = /^9[78]/.test(place) ? place.slice(0, 3) : place.slice(0, 2);

  const corsica = commune.departement === "2A" || commune.departement === "2B";
  // "20004" is Ajaccio's code before 1976: compare it as "2A004" or "2B…" for the commune's side.
  const comparable = corsica && nirDepartement === "20" ? commune.departement + place.slice(2) : place;
  const comparableDepartement = corsica && nirDepartement === "20" ? commune.departement : nirDepartement;

  if (comparableDepartement !== commune.departement) {
    if (year < 1968 && BEFORE_1968[nirDepartement]?.includes(commune.departement)) return undefined;
    return NIR_MISMATCH.departement;
  }
  const nirCommune = findCommune(comparable);
  if (!nirCommune) return undefined;
  return rootCode(nirCommune.code) === rootCode(commune.code) ? undefined : NIR_MISMATCH.commune;
}

/** Today's commune of a code: an arrondissement, delegated or associated commune leads to its commune. */
function rootCode(code: string): string {
  const commune = findCommune(code);
  if (!commune) return code;
  return commune.type !== "commune-actuelle" && commune.parentCode ? commune.parentCode : commune.code;
}
