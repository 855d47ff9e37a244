import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { queueWebhookEvent } from "../../core/partner-api/webhook-events.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { setRequestValidity } from "../../core/requests/queries/renewal.ts";
import { findVersionDefinition, insertEvent } from "../../core/requests/queries/requests.ts";
import { renewalRefusal, validityEnd } from "../../core/requests/validity.ts";
import { RenewalRefusedError } from "./errors.ts";
import { renewedMail } from "./mails.ts";
import { lockOwnRequestValidity } from "./update-request.ts";

/**
 * "Renouveler ma demande": from the current answers, the validity starts again from today (the
 * definition's `validité_mois`); number, answers and filing date (the seniority) are kept, the
 * reminders of the ended validity are forgotten. In one transaction, the request locked: the new
 * validity, the history line, the confirmation mail, the partners' webhook, the audit event.
 * RenewalRefusedError (its
 * message for the page) when the request is no longer running, has no validity, or is not yet
 * within a month of its end — so a renewal posted twice renews once.
 */
export async function renewRequest(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs },
  input: { requestId: string; accountId: string },
  context: { ip?: string | null } = {},
): Promise<{ validUntil: Date }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockOwnRequestValidity(trx, input);
    const now = deps.clock.now();
    const refusal = renewalRefusal(request, now);
    if (refusal) throw new RenewalRefusedError(refusal);
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const validUntil = validityEnd(definition, now);
    if (!validUntil || !request.number) throw new RenewalRefusedError("Cette demande n'a pas de durée de validité : elle n'a pas à être renouvelée.");
    await setRequestValidity(trx, { requestId: request.id, validUntil, renewedAt: now, now });
    await insertEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.accountId, event: "request.renewed", details: { previousValidUntil: request.validUntil?.toISOString() ?? null, validUntil: validUntil.toISOString() } });
    await queueWebhookEvent(deps, trx, { event: "demande.reponses-modifiees", requestId: request.id, applicantId: request.applicantId, data: { modification: { nature: "renouvellement", valide_jusqu_au: validUntil.toISOString() } } });
    const contact = await findApplicantContact(trx, request.id);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (to) await deps.mailer.queue(trx, to, await renewedMail(deps.config, contact ?? { civility: null, lastName: null }, { id: request.id, number: request.number, procedureTitle: definition.titre }, { validUntil }));
    await audit(trx, deps.clock, { event: "request.renewed", accountId: input.accountId, actorId: input.accountId, ip: context.ip ?? null, details: { requestId: request.id, number: request.number, validUntil: validUntil.toISOString() } });
    return { validUntil };
  });
}
