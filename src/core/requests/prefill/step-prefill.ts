import type { Db } from "../../../platform/db/database.ts";
import type { CivilIdentity } from "../../accounts/civil-identity.ts";
import type { Answers } from "../../procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";
import { prefillNotes, withLockedAnswers, type PrefillNote } from "./apply-prefill.ts";
import { resolvePrefill } from "./resolve-prefill.ts";

/** What a step's page shows of its prefilled fields: the answers with the locked ones as their source has them now, and each field's note. */
export interface StepPrefill {
  answers: Answers;
  notes: Record<string, PrefillNote>;
}

/** "Repris de votre déclaration du …" for the monthly declarations, "… de votre demande du …" otherwise. */
const requestWord = (definition: ProcedureDefinition) => (/^d[ée]claration/i.test(definition.titre) ? "déclaration" : "demande");

/**
 * The prefilled fields of one step of a request: where each answer came from and, for the
 * locked ones, the value read from the source now (what the page shows and what will be filed).
 */
export async function stepPrefill(
  db: Db,
  input: {
    /** With the applicant's identity when it was read with the request (findApplicantRequest): not read again. */
    request: { id: string; applicantId: string | null; organisationId: string | null; procedureId: string; answers: Answers; applicantIdentity?: CivilIdentity };
    definition: ProcedureDefinition;
    step: Step;
    today: string;
  },
): Promise<StepPrefill> {
  const { request, definition } = input;
  if (!request.applicantId) return { answers: request.answers, notes: {} };
  const resolved = await resolvePrefill(
    db,
    {
      definition,
      procedureId: request.procedureId,
      applicantId: request.applicantId,
      organisationId: request.organisationId,
      requestId: request.id,
      today: input.today,
      applicantIdentity: request.applicantIdentity,
    },
    { fields: input.step.champs },
  );
  if (resolved.size === 0) return { answers: request.answers, notes: {} };
  const answers = withLockedAnswers(request.answers, resolved);
  return { answers, notes: prefillNotes(resolved, answers, { organisationId: request.organisationId, requestWord: requestWord(definition) }) };
}
