import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Jobs } from "../../platform/jobs.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { listValidityDue, lockRequestValidity, markReminded } from "../../core/requests/queries/renewal.ts";
import { findVersionDefinition, insertEvent } from "../../core/requests/queries/requests.ts";
import { applyTransition } from "../../core/requests/state-machine.ts";
import { addMonths, isRunning, monthBefore, weekBefore } from "../../core/requests/validity.ts";
import { expiredMail, renewalReminderMail } from "./mails.ts";

/** How many requests one run handles at most (the next run takes the rest). */
const BATCH = 500;

type ValidityDeps = { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs };

export interface ValidityRun {
  reminded: number;
  expired: number;
}

/**
 * The scheduled job of validities (queue "request-validity"): for each running request whose
 * validity ends within a month, in its own transaction with the request locked and read again,
 * either expires it (its end has passed: the `expire` transition, the mail), or mails the
 * one-week reminder, or the one-month one, each at most once: the marker (reminded_*_at) is
 * written in the same transaction as the queued mail, so a run twice, or after a crash, sends
 * nothing twice and expires nothing twice (an expired request is no longer running).
 */
export async function runValidityJob(deps: ValidityDeps): Promise<ValidityRun> {
  const run: ValidityRun = { reminded: 0, expired: 0 };
  const due = await listValidityDue(deps.db, { horizon: addMonths(deps.clock.now(), 1), limit: BATCH });
  for (const { id } of due) {
    const outcome = await handleRequest(deps, id);
    if (outcome === "expired") run.expired++;
    else if (outcome === "reminded") run.reminded++;
  }
  return run;
}

async function handleRequest(deps: ValidityDeps, requestId: string): Promise<"expired" | "reminded" | "nothing"> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockRequestValidity(trx, requestId);
    if (!request?.validUntil || !request.number || !isRunning(request.status)) return "nothing";
    const now = deps.clock.now();
    const validUntil = request.validUntil;
    const which = now >= validUntil ? "expire" : now >= weekBefore(validUntil) && !request.remindedWeekAt ? "week" : now >= monthBefore(validUntil) && !request.remindedMonthAt && now < weekBefore(validUntil) ? "month" : null;
    if (!which) return "nothing";
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const contact = await findApplicantContact(trx, request.id);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    const person = contact ?? { civility: null, lastName: null };
    const reference = { id: request.id, number: request.number, procedureTitle: definition.titre };
    if (which === "expire") {
      // Given the queue, the transition also queues the partners' `demande.modifiee` webhook.
      await applyTransition(deps, trx, { requestId: request.id, transition: "expire", actorId: null });
      if (to) await deps.mailer.queue(trx, to, await expiredMail(deps.config, person, reference, { validUntil }));
      return "expired";
    }
    // The week's reminder stands for the month's when the month's was never sent (a request filed late).
    await markReminded(trx, { requestId: request.id, which, now });
    if (which === "week" && !request.remindedMonthAt) await markReminded(trx, { requestId: request.id, which: "month", now });
    await insertEvent(trx, { requestId: request.id, occurredAt: now, actorId: null, event: "request.renewal_reminded", details: { which, validUntil: validUntil.toISOString() } });
    if (to) await deps.mailer.queue(trx, to, await renewalReminderMail(deps.config, person, reference, { validUntil, which }));
    await audit(trx, deps.clock, { event: "request.renewal_reminded", accountId: request.applicantId, details: { requestId: request.id, which } });
    return "reminded";
  });
}
