/**
 * The household category ("catégorie de ménage") of the social housing income ceilings, as the
 * arrêté du 29 juillet 1987 defines it:
 * 1. one person alone;
 * 2. two persons with no dependant, except a young couple; or one person alone with a disability;
 * 3. three persons; or one person alone with one dependant; or a young couple (the two ages add
 *    up to 55 at most) with no dependant; or two persons of whom at least one has a disability;
 * 4. four persons; or one person alone with two dependants; or three with a disability;
 * 5. five persons; or one alone with three dependants; or four with a disability;
 * 6. six persons; or one alone with four dependants; or five with a disability;
 * beyond: category 6 plus an amount per additional person.
 * Each "or" is an alternative: the household gets the highest category one of them gives.
 */

export interface Household {
  /** Everybody who will live in the dwelling, the applicant included. */
  persons: number;
  /** Two spouses, partners or cohabitants in the household. */
  couple: boolean;
  /** The two members of the couple are 55 years old at most together. */
  youngCouple: boolean;
  /** Children and other persons the household supports ("personnes à charge"). */
  dependants: number;
  /** A person in the household has a disability card ("carte mobilité inclusion invalidité"). */
  disability: boolean;
}

export interface HouseholdCategory {
  /** 1 to 6. */
  category: number;
  /** Persons counted beyond category 6 (each adds the table's amount per additional person). */
  additionalPersons: number;
  /** The rule that gave the category, in French, for the answer page. */
  reason: string;
}

const personsWord = (count: number) => (count > 1 ? `${count} personnes` : "1 personne");

/** The category of a household that passed `checkHousehold`. */
export function householdCategory(household: Household): HouseholdCategory {
  const { persons, couple, youngCouple, dependants, disability } = household;
  const candidates: { rank: number; reason: string }[] = [{ rank: persons, reason: `Le foyer compte ${personsWord(persons)}.` }];
  if (disability) {
    candidates.push({ rank: persons + 1, reason: `Le foyer compte ${personsWord(persons)} dont au moins une en situation de handicap : il est compté comme un foyer de ${personsWord(persons + 1)}.` });
  }
  if (!couple && dependants > 0 && persons === dependants + 1) {
    candidates.push({
      rank: persons + 1,
      reason: `Une personne seule avec ${dependants > 1 ? `${dependants} personnes` : "une personne"} à charge est comptée comme un foyer de ${personsWord(persons + 1)}.`,
    });
  }
  if (couple && youngCouple && dependants === 0 && persons === 2) {
    candidates.push({ rank: 3, reason: "Un jeune ménage (couple dont la somme des âges est de 55 ans au plus) sans personne à charge relève de la catégorie 3." });
  }
  // The first of the highest: the plain count wins a tie, being the simplest to read.
  const best = candidates.reduce((a, b) => (b.rank > a.rank ? b : a));
  return { category: Math.min(best.rank, 6), additionalPersons: Math.max(best.rank - 6, 0), reason: best.reason };
}

/** What a household form may hold, read as typed; the messages say what is wrong with each field. */
export function checkHousehold(input: Household): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.couple && input.persons < 2) errors.persons = "Un couple compte au moins 2 personnes : corrigez le nombre de personnes ou la situation.";
  const adults = input.couple ? 2 : 1;
  if (input.dependants > input.persons - adults) {
    errors.dependants = `Avec ${input.persons > 1 ? `${input.persons} personnes` : "1 personne"} dans le foyer${input.couple ? " dont un couple" : ""}, il ne peut pas y avoir plus de ${Math.max(input.persons - adults, 0)} personne(s) à charge.`;
  }
  return errors;
}
