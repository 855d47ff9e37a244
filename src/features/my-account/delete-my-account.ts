import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { LastAdministratorError } from "../../core/organisations/member-errors.ts";
import { listAdministeredOrganisations } from "../../core/organisations/queries/organisations.ts";
import { assertNotLastAdministrator } from "../../core/organisations/last-administrator.ts";
import { checkCurrentPassword } from "./current-password.ts";
import { accountDeletedMail } from "./mails.ts";
import * as queries from "./queries.ts";

export interface DeletionForm {
  password: string;
  confirmation: string;
}

/**
 * Supprimer mon compte: the account goes with its sessions, links and password history (foreign
 * keys cascade) and the stored copies of the mails sent to it; the audit trail stays, as it
 * holds only ids. A last mail confirms the deletion.
 */
export async function deleteMyAccount(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  accountId: string,
  form: DeletionForm,
  context: { ip: string },
): Promise<void> {
  const account = await accounts.findAccountById(deps.db, accountId);
  if (!account) throw new NotFoundError();

  const errors: Record<string, string> = {};
  if (form.password === "") errors.password = "Saisissez votre mot de passe.";
  else {
    const problem = await checkCurrentPassword(deps, { account, password: form.password, action: "deletion", ip: context.ip });
    if (problem) errors.password = problem;
  }
  if (form.confirmation !== "oui") errors.confirmation = "Cochez la case pour confirmer que vous voulez supprimer votre compte.";
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    // An organisation never loses its last administrator, not even with the account.
    for (const organisation of await listAdministeredOrganisations(db, accountId)) {
      try {
        await assertNotLastAdministrator(db, organisation.id, accountId);
      } catch (error) {
        if (!(error instanceof LastAdministratorError)) throw error;
        throw new FormError({
          confirmation: `Vous êtes le dernier administrateur de la structure « ${organisation.name} » : nommez d'abord un autre administrateur parmi ses membres, puis supprimez votre compte.`,
        });
      }
    }
    await audit(db, deps.clock, { event: "account.deleted", accountId, actorId: accountId, ip: context.ip });
    await queries.deleteMailsTo(db, normalizeLogin(account.email));
    await accounts.deleteAccount(db, accountId);
    await deps.mailer.queue(db, account.email, await accountDeletedMail(deps.config, account));
  });
}
