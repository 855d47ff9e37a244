import type { Clock } from "../src/platform/clock.ts";
import type { Config } from "../src/platform/config.ts";
import type { Db } from "../src/platform/db/database.ts";
import type { Jobs } from "../src/platform/jobs.ts";
import type { Mailer } from "../src/platform/mail/mailer.ts";
import { loadProcedures } from "../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../src/core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../src/core/procedures/queries.ts";
import { buildDefinition } from "./procedures.ts";
import { findApplicantRequest } from "../src/core/requests/queries/requests.ts";
import { saveStep } from "../src/core/requests/save-step.ts";
import { startRequest } from "../src/core/requests/start-request.ts";
import { submitRequest } from "../src/core/requests/submit-request.ts";

type Deps = { db: Db; clock: Clock; mailer: Mailer; config: Config; jobs: Jobs };

/** Loads and publishes the small test procedure (buildDefinition) under a slug. */
export async function publishTestProcedure(deps: { db: Db; clock: Clock }, slug = "essai") {
  const definition = buildDefinition({ slug, titre: "Demande de logement d'essai" });
  await loadProcedures(deps, [{ name: `procedures/${slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
  await publishProcedure(deps, { slug }, { actorId: null });
}

/**
 * A request filed through the real use cases (start, save the first step, submit) by an
 * account, with `email` as the request's address — the one a claim code is sent to.
 */
export async function fileRequest(deps: Deps, input: { accountId: string; email: string; slug?: string }): Promise<{ requestId: string; number: string }> {
  const slug = input.slug ?? "essai";
  const started = await startRequest(deps, { slug, accountId: input.accountId, email: input.email, currentOrganisationId: null });
  if (!started.started) throw new Error(`fileRequest: could not start a request of ${slug}`);
  const { definition } = (await findPublishedDefinition(deps.db, slug))!;
  const draft = (await findApplicantRequest(deps.db, started.requestId, input.accountId))!;
  const saved = await saveStep(deps, { request: draft, definition, stepId: "general", form: { commune: "69123", enfants: "non" }, today: "2026-03-02" });
  if (Object.keys(saved.errors).length > 0) throw new Error(`fileRequest: ${JSON.stringify(saved.errors)}`);
  const outcome = await submitRequest(deps, { requestId: started.requestId, accountId: input.accountId, definition });
  if (!outcome.filed) throw new Error(`fileRequest: not filed, missing ${JSON.stringify(outcome.missing)}`);
  return { requestId: started.requestId, number: outcome.number };
}
