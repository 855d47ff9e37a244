/**
 * A procedure's commune field: the commune as the person names it (platform/french/commune-names.ts),
 * kept as its INSEE code, name and département.
 */
import { valid, type Check } from "../../../platform/french/check.ts";
import { checkCommuneName } from "../../../platform/french/commune-names.ts";
import type { CommuneValue } from "./values.ts";

export function checkCommune(input: string): Check<CommuneValue> {
  const checked = checkCommuneName(input);
  if (!checked.ok) return checked;
  const { code, nom, departement } = checked.value;
  return valid({ code, nom, departement });
}
