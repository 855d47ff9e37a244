import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Account, Civility } from "../../platform/db/schema.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { checkCommuneName } from "../../platform/french/commune-names.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { BIRTH_PLACES, checkBirthDate, checkBirthIdentity, type BirthIdentityForm } from "../../core/accounts/birth-identity.ts";
import { checkIdentity } from "../../core/accounts/identifiers.ts";

export interface IdentityForm extends BirthIdentityForm {
  civility: string;
  lastName: string;
  firstName: string;
}

export const LOCKED_MESSAGE = "Cette information vient de FranceConnect : elle ne peut pas être modifiée ici.";

const todayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * Modifier mes informations: civility, names, birth date and place, sex and NIR. When FranceConnect
 * verified the identity, names, birth data and sex are locked: the form does not show them, and a
 * posted value that differs is refused (a forged form); the NIR is still checked against them.
 */
export async function updateIdentity(deps: { db: Db; clock: Clock }, accountId: string, form: IdentityForm, context: { ip: string }) {
  const today = todayFormat.format(deps.clock.now());
  await deps.db.transaction().execute(async (db) => {
    const account = await queries.findAccountById(db, accountId);
    if (!account) throw new NotFoundError();
    const verified = account.identityVerifiedAt !== null;

    const names = verified ? { ...form, lastName: account.lastName, firstName: account.firstName } : form;
    const birth = checkBirthIdentity(form, today, verified ? account : undefined);
    const errors = { ...(verified ? lockedFieldsChanged(account, form, today) : {}), ...checkIdentity(names), ...birth.errors };
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    const changes = { civility: names.civility as Civility, lastName: names.lastName, firstName: names.firstName, ...birth.values };
    // The audit trail keeps which fields changed, never their values: it outlives the account.
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((field) => account[field] !== changes[field]);
    if (changed.length === 0) return;
    await queries.updateAccount(db, accountId, { ...changes, updatedAt: deps.clock.now() });
    await audit(db, deps.clock, { event: "account.identity_changed", accountId, actorId: accountId, ip: context.ip, details: { fields: changed } });
  });
}

/** The locked fields a posted form tries to change: sent (not empty) with another value than FranceConnect's. */
function lockedFieldsChanged(account: Account, form: IdentityForm, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const differs = (posted: string, stored: string | null) => posted !== "" && posted !== (stored ?? "");
  if (differs(form.lastName, account.lastName)) errors.lastName = LOCKED_MESSAGE;
  if (differs(form.firstName, account.firstName)) errors.firstName = LOCKED_MESSAGE;
  if ([form.birthDay, form.birthMonth, form.birthYear].some((part) => part !== "") && checkBirthDate(form, today).value !== account.birthDate) {
    errors.birthDate = LOCKED_MESSAGE;
  }
  const storedPlace = account.birthCountryCode === null ? null : account.birthCommuneCode !== null ? BIRTH_PLACES.france : BIRTH_PLACES.abroad;
  // The place is one row on the page: a changed commune or country is reported on it.
  const communeChanged = () => {
    const commune = checkCommuneName(form.birthCommune, { formerCommunes: true });
    return !commune.ok || commune.value.code !== account.birthCommuneCode;
  };
  if (differs(form.birthPlace, storedPlace) || (differs(form.birthCommune, account.birthCommuneCode) && communeChanged()) || differs(form.birthCountry, account.birthCountryCode)) {
    errors.birthPlace = LOCKED_MESSAGE;
  }
  if (differs(form.sex, account.sex)) errors.sex = LOCKED_MESSAGE;
  return errors;
}
