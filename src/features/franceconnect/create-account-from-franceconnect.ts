import { randomBytes } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import { HOUR } from "../../platform/clock.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { consumeTicket, TicketAlreadyUsed } from "../../platform/security/app-secrets.ts";
import { NO_PASSWORD } from "../../platform/security/passwords.ts";
import type { Db } from "../../platform/db/database.ts";
import { isValidEmail, normalizeLogin } from "../../core/accounts/identifiers.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";
import { insertFranceConnectLink } from "../../core/accounts/queries/franceconnect.ts";
import { activationMail } from "../../core/accounts/registration-mails.ts";
import { issueAccountToken } from "../../core/accounts/tokens.ts";
import { FranceConnectProblem } from "./errors.ts";
import { alreadyRegisteredWithFranceConnectMail } from "./mails.ts";
import { openPendingIdentity } from "./pending-identity.ts";
import { identityColumns, type PivotIdentity } from "./pivot.ts";
import { ticketExpiry } from "./tickets.ts";

/** As the recovery mails, with which the allowance is shared. */
const REMINDERS_PER_HOUR = 3;

export interface FinishForm {
  email: string;
  terms: string;
}

/**
 * "Finaliser la création de votre compte": an account made from the FranceConnect identity
 * (names, civility, birth data, locked), without a password, linked to that identity, pending
 * until the address is proven by the registration's activation link. Before that nobody can log
 * in to it, by FranceConnect or otherwise. An address that already has an active account gets
 * a reminder mail instead, and the same page: the answer reveals nothing, and nothing is linked.
 * Returns the address the mail went to.
 */
export async function createAccountFromFranceConnect(deps: Deps, ticket: string | undefined, form: FinishForm, context: { ip: string }): Promise<string> {
  const pending = await openPendingIdentity(deps, ticket);
  if (!pending || !ticket) throw new FranceConnectProblem("expired");
  const errors: Record<string, string> = {};
  if (form.email === "") errors.email = "Saisissez votre adresse électronique.";
  else if (!isValidEmail(form.email)) errors.email = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.";
  if (form.terms !== "oui") errors.terms = "Acceptez les conditions générales d'utilisation pour créer votre compte.";
  if (Object.keys(errors).length > 0) throw new FormError(errors);

  await deps.db.transaction().execute(async (db) => {
    try {
      await consumeTicket(db, ticket, ticketExpiry(ticket));
    } catch (error) {
      if (error instanceof TicketAlreadyUsed) throw new FranceConnectProblem("expired");
      throw error;
    }
    const now = deps.clock.now();
    const existing = await accounts.findAccountByEmail(db, normalizeLogin(form.email));
    if (existing?.status === "active") {
      // Nothing is linked, so one FranceConnect identity can come back at will: the reminder
      // shares the account's hourly allowance of recovery mails (features/recovery).
      const sent = (await countRecoveryMail(db, `recovery:${existing.id}`, now, HOUR)) <= REMINDERS_PER_HOUR;
      if (sent) await deps.mailer.queue(db, existing.email, await alreadyRegisteredWithFranceConnectMail(deps.config, existing));
      await audit(db, deps.clock, { event: "franceconnect.registration_reminded", accountId: existing.id, ip: context.ip, details: { sent } });
      return;
    }
    // An unactivated account never proved it owned the address: the newer registration replaces it.
    if (existing) await accounts.deleteAccount(db, existing.id);
    const account = await accounts.insertAccount(db, {
      identifier: await freeIdentifier(db, pending.identity),
      email: form.email,
      ...identityColumns(pending.identity),
      identityVerifiedAt: now,
      passwordHash: NO_PASSWORD,
      termsAcceptedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (!account) throw new Error("FranceConnect registration: identifier taken meanwhile");
    if (!(await insertFranceConnectLink(db, { accountId: account.id, subject: pending.subject, linkedAt: now })))
      throw new FranceConnectProblem("identity-linked");
    const token = await issueAccountToken({ db, clock: deps.clock }, { accountId: account.id, purpose: "activation" });
    await deps.mailer.queue(db, account.email, await activationMail(deps.config, account, token));
    await audit(db, deps.clock, { event: "account.registered", accountId: account.id, actorId: account.id, ip: context.ip, details: { via: "franceconnect" } });
    await audit(db, deps.clock, { event: "franceconnect.linked", accountId: account.id, actorId: account.id, ip: context.ip });
  });
  return form.email;
}

/**
 * The person does not choose an identifier (they log in with FranceConnect or their address):
 * one is made from their first first name and their name, "angela.dubois", then "angela.dubois.2"…
 */
async function freeIdentifier(db: Db, identity: PivotIdentity): Promise<string> {
  const plain = (value: string) =>
    value
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const base = `${plain(identity.givenName.split(" ")[0] ?? "")}.${plain(identity.familyName)}`.slice(0, 56).replace(/^[.-]+|[.-]+$/g, "");
  const stem = base.length >= 3 ? base : `compte.${base}`.replace(/[.-]+$/, "");
  for (let rank = 1; rank <= 20; rank++) {
    const candidate = rank === 1 ? stem : `${stem}.${rank}`;
    if (!(await accounts.findAccountByIdentifier(db, candidate))) return candidate;
  }
  return `${stem}.${randomBytes(3).toString("hex")}`;
}
