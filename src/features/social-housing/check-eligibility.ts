import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { parseEuros } from "../../platform/french/amount.ts";
import { FormError } from "../../platform/http/errors.ts";
import { assessEligibility, type Eligibility } from "../../core/housing/ceilings.ts";
import { searchOneCommune } from "../../core/housing/commune-search.ts";
import { checkHousehold, householdCategory, type HouseholdCategory } from "../../core/housing/household.ts";
import { findCeilingsInForce } from "../../core/housing/queries.ts";
import { housingZone, zoneReason, type HousingZone } from "../../core/housing/zone.ts";
import { parisYear } from "./paths.ts";

/** The form's values as declared in routes.tsx (strings, checked for shape). */
export interface EligibilityValues {
  personnes: string;
  couple: "oui" | "non";
  jeune_menage: "oui" | "non" | "";
  personnes_a_charge: string;
  handicap: "oui" | "non";
  commune: string;
  revenu: string;
}

export interface EligibilityAnswer {
  household: HouseholdCategory & { persons: number };
  commune: { code: string; name: string };
  zone: HousingZone;
  zoneReason: string;
  /** The table compared with: its year and whether its figures are the demo's. */
  table: { year: number; demo: boolean };
  incomeCents: number;
  eligibility: Eligibility;
}

/** No ceilings loaded for this year or before: the test cannot answer. */
export class NoCeilingsLoaded extends Error {
  constructor() {
    super("No social housing ceilings loaded");
    this.name = "NoCeilingsLoaded";
  }
}

/**
 * "Suis-je éligible ?": the household's category, the commune's zone and the income of year N-2
 * compared with the ceilings in force. Reads only; nothing typed is stored or logged. Throws
 * FormError with every field's message, or NoCeilingsLoaded.
 */
export async function checkEligibility(deps: { db: Db; clock: Clock }, values: EligibilityValues): Promise<EligibilityAnswer> {
  const errors: Record<string, string> = {};
  const persons = Number(values.personnes);
  const dependants = Number(values.personnes_a_charge);
  const couple = values.couple === "oui";
  if (couple && values.jeune_menage === "") errors.jeune_menage = "Indiquez si la somme des âges des deux membres du couple est de 55 ans au plus.";
  const household = { persons, couple, youngCouple: couple && values.jeune_menage === "oui", dependants, disability: values.handicap === "oui" };
  const householdErrors = checkHousehold(household);
  if (householdErrors.persons) errors.personnes = householdErrors.persons;
  if (householdErrors.dependants) errors.personnes_a_charge = householdErrors.dependants;
  const commune = searchOneCommune(values.commune);
  if (!commune.ok) errors.commune = commune.message;
  const income = parseEuros(values.revenu);
  if (!income.ok) errors.revenu = income.message;
  if (Object.keys(errors).length > 0) throw new FormError(orderedLike(values, errors));

  const ceilings = await findCeilingsInForce(deps.db, parisYear(deps.clock.now()));
  if (!ceilings) throw new NoCeilingsLoaded();
  const found = commune.ok ? commune.value : undefined;
  const zone = housingZone(found!.code);
  const category = householdCategory(household);
  return {
    household: { ...category, persons },
    commune: { code: found!.code, name: found!.nom },
    zone,
    zoneReason: zoneReason(found!.code, found!.nom),
    table: { year: ceilings.table.year, demo: ceilings.table.demo },
    incomeCents: income.ok ? income.value : 0,
    eligibility: assessEligibility(
      ceilings.rows.filter((row) => row.zone === zone),
      category,
      income.ok ? income.value : 0,
    ),
  };
}

/** The error summary lists fields in the order of the form. */
function orderedLike(values: EligibilityValues, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).flatMap((name) => (errors[name] ? [[name, errors[name]]] : [])));
}
