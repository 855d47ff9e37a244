import type { RegisterEntry } from "../../core/organisations/queries/register.ts";
import { checkPostalCodeAndCommune } from "../../platform/french/communes.ts";
import { normaliseClientNumber } from "../../core/organisations/client-number.ts";
import { checkSiret, sirenOf } from "../../platform/french/siret.ts";
import { REGISTER_COLUMNS, type RawRegisterLine } from "./csv.ts";

/** A register line that passed every check: the row as stored, less what the import itself sets. */

export type LineCheck = { ok: true; entry: RegisterEntry } | { ok: false; reasons: string[] };

const MAX_CLIENT_NUMBER_DIGITS = 20;
const MAX_TEXT_LENGTH = 250;


/**
 * Checks one line of the register and gives every reason it is refused, in French, each naming
 * its column, so that the operator can fix the whole line at once.
 */
export function checkRegisterLine(line: RawRegisterLine, columnCount: number): LineCheck {
  const reasons: string[] = [];
  const { values } = line;
  if (line.fieldCount < columnCount) {
    reasons.push(`La ligne compte ${line.fieldCount} valeur${line.fieldCount > 1 ? "s" : ""} alors que la première ligne en annonce ${columnCount}.`);
  } else if (line.fieldCount > columnCount) {
    reasons.push(
      `La ligne compte ${line.fieldCount} valeurs alors que la première ligne en annonce ${columnCount} : une valeur contenant le séparateur doit être entre guillemets.`,
    );
  }

  const clientNumber = normaliseClientNumber(values.clientNumber);
  if (values.clientNumber === "") reasons.push(`${REGISTER_COLUMNS.clientNumber} : le numéro client est manquant.`);
  else if (clientNumber === null) reasons.push(`${REGISTER_COLUMNS.clientNumber} : le numéro client ne doit comporter que des chiffres.`);
  else if (clientNumber === "0") reasons.push(`${REGISTER_COLUMNS.clientNumber} : le numéro client ne peut pas être nul.`);
  else if (clientNumber.length > MAX_CLIENT_NUMBER_DIGITS) {
    reasons.push(`${REGISTER_COLUMNS.clientNumber} : le numéro client ne peut pas dépasser ${MAX_CLIENT_NUMBER_DIGITS} chiffres.`);
  }

  const siret = values.siret === "" ? null : checkSiret(values.siret);
  if (!siret) reasons.push(`${REGISTER_COLUMNS.siret} : le numéro SIRET est manquant.`);
  else if (!siret.ok) reasons.push(`${REGISTER_COLUMNS.siret} : ${lowerFirst(siret.message)}`);

  const required = [
    ["name", "la raison sociale est manquante."],
    ["legalRepresentative", "le représentant légal est manquant."],
    ["addressLine", "l'adresse est manquante."],
  ] as const;
  for (const [key, missing] of required) {
    if (values[key] === "") reasons.push(`${REGISTER_COLUMNS[key]} : ${missing}`);
    else if (values[key].length > MAX_TEXT_LENGTH) reasons.push(`${REGISTER_COLUMNS[key]} : ${MAX_TEXT_LENGTH} caractères au maximum.`);
  }

  const place = checkPlace(values.postalCode, values.commune);
  reasons.push(...place.reasons);

  if (reasons.length > 0 || clientNumber === null || !siret?.ok || !place.ok) return { ok: false, reasons };
  return {
    ok: true,
    entry: {
      clientNumber,
      clientNumberAsTyped: values.clientNumber,
      siret: siret.value,
      siren: sirenOf(siret.value),
      name: values.name,
      legalRepresentative: values.legalRepresentative,
      addressLine: values.addressLine,
      postalCode: place.postalCode,
      communeInseeCode: place.inseeCode,
      communeName: values.commune,
    },
  };
}

type Place = { ok: true; postalCode: string; inseeCode: string | null; reasons: [] } | { ok: false; reasons: string[] };

function checkPlace(postalCodeInput: string, commune: string): Place {
  const reasons: string[] = [];
  if (postalCodeInput === "") reasons.push(`${REGISTER_COLUMNS.postalCode} : le code postal est manquant.`);
  if (commune === "") reasons.push(`${REGISTER_COLUMNS.commune} : la commune est manquante.`);
  else if (commune.length > MAX_TEXT_LENGTH) reasons.push(`${REGISTER_COLUMNS.commune} : ${MAX_TEXT_LENGTH} caractères au maximum.`);
  if (reasons.length > 0) return { ok: false, reasons };

  const postalCode = postalCodeInput.replace(/\s/g, "");
  // Public bodies and social landlords often use a CEDEX address ("69401 LYON CEDEX 03"), whose
  // codes La Poste does not publish: only its shape can be checked.
  if (/\bcedex\b/i.test(commune)) {
    if (!/^\d{5}$/.test(postalCode)) return { ok: false, reasons: [`${REGISTER_COLUMNS.postalCode} : le code postal doit comporter 5 chiffres, par exemple 75001.`] };
    return { ok: true, postalCode, inseeCode: null, reasons: [] };
  }
  const checked = checkPostalCodeAndCommune(postalCode, commune);
  if (!checked.ok) {
    const column = /commune ne correspond/.test(checked.message) ? REGISTER_COLUMNS.commune : REGISTER_COLUMNS.postalCode;
    return { ok: false, reasons: [`${column} : ${lowerFirst(checked.message)}`] };
  }
  return { ok: true, postalCode: checked.value.postalCode, inseeCode: checked.value.code, reasons: [] };
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
