import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import * as queries from "./queries.ts";

/**
 * Télécharger mes données (RGPD, access and portability): the account, its sessions, its audit
 * events and the mails sent to its address. Fields are listed one by one so that a column added
 * later (or the password hash, or a token hash) never leaks into the file by default.
 */
export async function exportMyData(deps: { db: Db; clock: Clock; config: Config }, accountId: string, context: { ip: string }) {
  return deps.db.transaction().execute(async (db) => {
    const account = await accounts.findAccountById(db, accountId);
    if (!account) throw new NotFoundError();
    await audit(db, deps.clock, { event: "account.data_exported", accountId, actorId: accountId, ip: context.ip });
    const sessions = await queries.listSessionsForExport(db, accountId);
    const auditEvents = await queries.listAuditEventsOfAccount(db, accountId);
    const mails = await queries.listMailsTo(db, normalizeLogin(account.email));
    return {
      identifier: account.identifier,
      data: {
        exportedAt: deps.clock.now(),
        portal: { name: deps.config.brand.name, organisation: deps.config.brand.organisation, url: deps.config.publicUrl },
        account: {
          id: account.id,
          identifier: account.identifier,
          email: account.email,
          civility: account.civility,
          lastName: account.lastName,
          firstName: account.firstName,
          birthDate: account.birthDate,
          birthCommuneCode: account.birthCommuneCode,
          birthCountryCode: account.birthCountryCode,
          sex: account.sex,
          nir: account.nir,
          identityVerifiedAt: account.identityVerifiedAt,
          role: account.role,
          status: account.status,
          mustChangePassword: account.mustChangePassword,
          termsAcceptedAt: account.termsAcceptedAt,
          activatedAt: account.activatedAt,
          passwordChangedAt: account.passwordChangedAt,
          createdAt: account.createdAt,
          updatedAt: account.updatedAt,
        },
        sessions,
        auditEvents,
        mails: mails.map((mail) => ({ createdAt: mail.createdAt, sentAt: mail.sentAt, to: mail.toAddress, subject: mail.subject, text: mail.textBody })),
      },
    };
  });
}
