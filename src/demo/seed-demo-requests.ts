import type { Clock } from "../platform/clock.ts";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { Jobs } from "../platform/jobs.ts";
import type { Mailer } from "../platform/mail/mailer.ts";
import { attachAgent } from "../features/instruction/attach-agent.ts";
import { findPublishedDefinition } from "../core/procedures/queries.ts";
import { findApplicantRequest } from "../core/requests/queries/requests.ts";
import { saveStep } from "../core/requests/save-step.ts";
import { startRequest } from "../core/requests/start-request.ts";
import { submitRequest } from "../core/requests/submit-request.ts";

/**
 * The first start's demo requests: demo.instructeur instructs the four demo procedures, and
 * demo.usager has filed a social-housing request (through the same use cases as the pages), so
 * both sides of the loop can be tried at once: take it in charge, ask for a modification or
 * documents, answer as demo.usager, decide.
 */
export async function seedDemoRequests(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs },
  input: { agentId: string; applicant: { id: string; email: string }; procedureSlugs: readonly string[] },
) {
  for (const slug of input.procedureSlugs) await attachAgent(deps, { agentId: input.agentId, procedureSlug: slug }, { actorId: null });
  const published = await findPublishedDefinition(deps.db, "logement-social");
  if (!published) return;
  // Filed 350 days ago (issue 12): its one-year validity ends about two weeks after the demo's
  // start, so "Renouveler ma demande" is offered, with its seniority, beside "Mettre à jour ma demande".
  const filedDaysAgo = 350;
  const past = { ...deps, clock: { now: () => new Date(deps.clock.now().getTime() - filedDaysAgo * 24 * 60 * 60 * 1000) } };
  const started = await startRequest(past, { slug: "logement-social", accountId: input.applicant.id, email: input.applicant.email, currentOrganisationId: null });
  if (!started.started) return;
  const draft = (await findApplicantRequest(deps.db, started.requestId, input.applicant.id))!;
  const form = {
    "commune-souhaitee": "Rouen",
    "nombre-codemandeurs": "0",
    "nom-usage": "Martin",
    prenom: "Camille",
    nir: "2 90 05 75 056 123 84",
    "date-naissance": "12/05/1990",
    nationalite: "francaise",
    telephone: "06 12 34 56 78",
  };
  const saved = await saveStep(past, { request: draft, definition: published.definition, stepId: "informations-generales", form, today: "2026-01-15" });
  if (Object.keys(saved.errors).length > 0) throw new Error(`Demo request: ${JSON.stringify(saved.errors)}`);
  const outcome = await submitRequest(past, { requestId: started.requestId, accountId: input.applicant.id, definition: published.definition });
  if (!outcome.filed) throw new Error(`Demo request not filed: ${JSON.stringify(outcome.missing)}`);
}
