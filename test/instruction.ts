import { readFile } from "node:fs/promises";
import path from "node:path";
import { TestBrowser, type TestApp } from "./app.ts";
import { buildAccount, logInAs } from "./builders.ts";
import type { Clock } from "../src/platform/clock.ts";
import type { Db } from "../src/platform/db/database.ts";
import type { RequestStatus } from "../src/platform/db/schema.ts";
import { generateRequestNumber } from "../src/platform/request-numbers/request-numbers.ts";
import { loadProcedures } from "../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../src/core/procedures/publish-procedure.ts";
import { buildDefinition } from "./procedures.ts";
import { attachAgent } from "../src/features/instruction/attach-agent.ts";

const PROCEDURES_DIRECTORY = path.resolve(import.meta.dirname, "../procedures");

/** Loads and publishes the demo "aide-associations" procedure and a small "essai" one (prefix ES). */
export async function loadTestProcedures(deps: { db: Db; clock: Clock }) {
  const aid = await readFile(path.join(PROCEDURES_DIRECTORY, "aide-associations.json"), "utf8");
  await loadProcedures(
    deps,
    [
      { name: "procedures/aide-associations.json", content: aid },
      { name: "procedures/essai.json", content: JSON.stringify(buildDefinition()) },
    ],
    { via: "cli" },
  );
  await publishProcedure(deps, { slug: "aide-associations" }, { actorId: null });
  await publishProcedure(deps, { slug: "essai" }, { actorId: null });
  const rows = await deps.db.selectFrom("procedures").select(["id", "slug", "currentVersionId"]).execute();
  const bySlug = (slug: string) => {
    const row = rows.find((procedure) => procedure.slug === slug);
    if (!row?.currentVersionId) throw new Error(`loadTestProcedures: ${slug} not published`);
    return { id: row.id, versionId: row.currentVersionId, slug };
  };
  return { aid: bySlug("aide-associations"), essai: bySlug("essai") };
}

export type TestProcedure = Awaited<ReturnType<typeof loadTestProcedures>>["aid"];

/** Answers to the aid procedure's first two steps, as the applicant's pages store them. */
export const AID_ANSWERS = {
  siret: "73282932000074",
  "intitule-projet": "Fête de quartier des Lilas",
  "description-projet": "Une journée de rencontres entre les habitants.",
  "cout-total": 1250050,
  "montant-demande": 500000,
};

/**
 * A request as the applicant's side leaves it: inserted directly with its number (the procedure's
 * prefix), its answers as JSON text and a "request.filed" event. `filedAt` orders the list.
 */
export async function buildRequest(
  db: Db,
  input: {
    procedure: TestProcedure;
    prefix: string;
    applicant?: { id: string; email: string };
    status?: RequestStatus;
    filedAt: Date;
    answers?: Record<string, unknown>;
    organisationId?: string | null;
  },
) {
  const applicant = input.applicant ?? (await buildAccount(db));
  const status = input.status ?? "filed";
  const request = await db
    .insertInto("requests")
    .values({
      procedureId: input.procedure.id,
      procedureVersionId: input.procedure.versionId,
      applicantId: applicant.id,
      organisationId: input.organisationId ?? null,
      status,
      number: status === "draft" ? null : generateRequestNumber(input.prefix),
      answers: JSON.stringify(input.answers ?? {}),
      applicantEmail: applicant.email,
      createdAt: input.filedAt,
      updatedAt: input.filedAt,
      filedAt: status === "draft" ? null : input.filedAt,
    })
    .returning(["id", "number"])
    .executeTakeFirstOrThrow();
  if (status !== "draft") {
    await db.insertInto("requestEvents").values({ requestId: request.id, occurredAt: input.filedAt, actorId: applicant.id, event: "request.filed", fromStatus: "draft", toStatus: "filed" }).execute();
  }
  return { id: request.id, number: request.number ?? "", applicant };
}

/** Lucie Bernard, agent of the aid procedure, logged in on her own browser. */
export async function signedInAidAgent(t: TestApp) {
  const agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
  await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "aide-associations" }, { actorId: null });
  const browser = new TestBrowser(t.app);
  await logInAs(browser, agent);
  return { agent, browser };
}
