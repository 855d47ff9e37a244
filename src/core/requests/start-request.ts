import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { shownAnswers } from "../procedures/answers/check-answers.ts";
import { parisToday, procedureOpenness } from "../procedures/catalogue.ts";
import { findPublishedDefinition } from "../procedures/queries.ts";
import { ProcedureNotOpenError } from "./errors.ts";
import { filingRight, type FilingRefusal } from "./policies.ts";
import { prefilledAnswers } from "./prefill/apply-prefill.ts";
import { parisDay, resolvePrefill } from "./prefill/resolve-prefill.ts";
import { insertDraft, insertEvent } from "./queries/requests.ts";

export type StartOutcome = { started: true; requestId: string; firstStepId: string } | { started: false; refusal: FilingRefusal };

/**
 * Starts a draft request on the procedure's published version, for the person (and the
 * organisation they act for, when the procedure is filed by organisations), with the account's
 * address as the request's, its answers prefilled from the sources the definition names (the
 * account, the organisation's record, the last filed request…), and records `request.created`. Refuses (as data) a person the
 * definition's `déposant` does not allow; throws ProcedureNotOpenError for a closed procedure or one past its deadline.
 */
export async function startRequest(
  deps: { db: Db; clock: Clock },
  input: { slug: string; accountId: string; email: string; currentOrganisationId: string | null },
): Promise<StartOutcome> {
  const published = await findPublishedDefinition(deps.db, input.slug);
  // Past its `date_limite`, a procedure takes no new request, as a closed one.
  if (!published || !procedureOpenness("published", published.definition, parisToday(deps.clock)).open) throw new ProcedureNotOpenError();
  const right = await filingRight(deps.db, published.definition.déposant, input);
  if (!right.allowed) return { started: false, refusal: right.refusal };
  const firstStepId = published.definition.étapes[0]!.id;
  const now = deps.clock.now();
  const definition = published.definition;
  const prefill = await resolvePrefill(deps.db, { definition, procedureId: published.procedureId, applicantId: input.accountId, organisationId: right.organisationId, today: parisDay(now) });
  const answers = shownAnswers(definition, prefilledAnswers(prefill));
  const requestId = await deps.db.transaction().execute(async (trx) => {
    const { id } = await insertDraft(trx, {
      procedureId: published.procedureId,
      procedureVersionId: published.versionId,
      applicantId: input.accountId,
      organisationId: right.organisationId,
      applicantEmail: input.email,
      currentStep: firstStepId,
      now,
      answers,
    });
    await insertEvent(trx, { requestId: id, occurredAt: now, actorId: input.accountId, event: "request.created", details: { version: published.number } });
    return id;
  });
  return { started: true, requestId, firstStepId };
}
