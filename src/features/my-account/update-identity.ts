import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { checkIdentity } from "../../core/accounts/identifiers.ts";

export interface IdentityForm {
  civility: string;
  lastName: string;
  firstName: string;
}

/** Modifier mes informations: civility and names, checked by the rules of registration. */
export async function updateIdentity(deps: { db: Db; clock: Clock }, accountId: string, form: IdentityForm, context: { ip: string }) {
  const errors = checkIdentity(form);
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    const account = await queries.findAccountById(db, accountId);
    if (!account) throw new NotFoundError();
    const changes = { civility: form.civility as "M." | "Mme", lastName: form.lastName, firstName: form.firstName };
    // The audit trail keeps which fields changed, never their values: it outlives the account.
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((field) => account[field] !== changes[field]);
    await queries.updateAccount(db, accountId, { ...changes, updatedAt: deps.clock.now() });
    await audit(db, deps.clock, { event: "account.identity_changed", accountId, actorId: accountId, ip: context.ip, details: { fields: changed } });
  });
}
