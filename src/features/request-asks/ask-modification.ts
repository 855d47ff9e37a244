import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { findApplicantContact } from "../../core/requests/queries/agents.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { lockAgentRequest } from "../../core/requests/request-access.ts";
import { AskNotPossibleError } from "./errors.ts";
import { askMail } from "./mails.ts";
import { canAsk, whyNoAsk } from "./policies.ts";
import { findRequestAnswers, insertAsk, insertAskEvent, lockOpenAsk } from "../../core/requests/queries/asks.ts";

export const MESSAGE_MAX = 2000;

/**
 * "Demander une modification": an agent writes what to change and unlocks some of the request's
 * steps; the applicant may then edit those steps only, and send a contribution back. Only on a
 * request in instruction, one open modification ask at a time. In one transaction: the ask, the
 * history line (shown to the applicant, with the message), the applicant's mail and the audit
 * event. FormError (field → French message) for an empty message, no step or an unknown step;
 * AskNotPossibleError when the request's state forbids it; NotFoundError when the agent or the
 * request is not theirs.
 */
export async function askModification(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { procedureId: string; procedureTitle: string; requestId: string; agentId: string; message: string; steps: string[] },
  context: { ip?: string | null } = {},
): Promise<{ askId: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const request = await lockAgentRequest(trx, input);
    const definition = await findVersionDefinition(trx, request.procedureVersionId);
    const answers = await findRequestAnswers(trx, request.id);
    const shown = shownSteps(definition, answers);
    const errors: Record<string, string> = {};
    const message = input.message.trim();
    if (message === "") errors.message = "Indiquez au demandeur ce qu'il doit modifier.";
    else if ([...message].length > MESSAGE_MAX) errors.message = `Le message doit contenir au plus ${MESSAGE_MAX} caractères.`;
    const steps = [...new Set(input.steps)];
    if (steps.length === 0) errors.etapes = "Cochez au moins une étape que le demandeur pourra modifier.";
    else if (steps.some((id) => !shown.some((step) => step.id === id))) errors.etapes = "Une des étapes cochées n'existe pas dans cette demande : cochez les étapes dans la liste.";
    if (Object.keys(errors).length > 0) throw new FormError(errors);

    if (!canAsk(request.status)) throw new AskNotPossibleError(whyNoAsk(request.status));
    if (await lockOpenAsk(trx, request.id, "modification")) throw new AskNotPossibleError("Une demande de modification est déjà en cours sur cette demande : attendez la réponse du demandeur, ou annulez-la.");

    // Steps kept in the definition's order, whatever the order of the boxes posted.
    const unlocked = shown.filter((step) => steps.includes(step.id));
    const now = deps.clock.now();
    const ask = await insertAsk(trx, { requestId: request.id, kind: "modification", message, unlockedSteps: unlocked.map((step) => step.id), askedBy: input.agentId, now });
    await insertAskEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.agentId, event: "ask.modification_requested", reason: message, details: { askId: ask.id, steps: unlocked.map((step) => step.id) } });
    const contact = await findApplicantContact(trx, request.id);
    const to = contact?.applicantEmail ?? contact?.accountEmail;
    if (contact?.number && to) {
      const mail = await askMail(deps.config, contact, { id: request.id, number: contact.number, procedureTitle: input.procedureTitle }, { kind: "modification", message, items: unlocked.map((step) => step.titre) });
      await deps.mailer.queue(trx, to, mail);
    }
    await audit(trx, deps.clock, { event: "request.ask_modification", actorId: input.agentId, ip: context.ip ?? null, details: { requestId: request.id, askId: ask.id, steps: unlocked.map((step) => step.id) } });
    return { askId: ask.id };
  });
}

