import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { generateRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { loadProcedures } from "../procedures/load-procedures.ts";
import { publishProcedure } from "../procedures/publish-procedure.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { applyTransition, canApply, TransitionRefused, type Transition } from "./state-machine.ts";

describe("the requests' state machine", () => {
  let t: TestApp;
  let procedure: { id: string; currentVersionId: string };
  let applicant: { id: string };
  let agent: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(buildDefinition()) }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
    const row = await t.deps.db.selectFrom("procedures").select(["id", "currentVersionId"]).where("slug", "=", "essai").executeTakeFirstOrThrow();
    procedure = { id: row.id, currentVersionId: row.currentVersionId! };
    applicant = await buildAccount(t.deps.db);
    agent = await buildAccount(t.deps.db, { role: "agent" });
  });
  afterAll(() => t.close());

  async function draft() {
    const now = t.clock.now();
    return t.deps.db
      .insertInto("requests")
      .values({ procedureId: procedure.id, procedureVersionId: procedure.currentVersionId, applicantId: applicant.id, status: "draft", createdAt: now, updatedAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
  }

  const run = (requestId: string, transition: Transition, extra: { reason?: string; number?: string } = {}) =>
    t.deps.db.transaction().execute((trx) =>
      applyTransition(t.deps, trx, {
        requestId,
        transition,
        actorId: transition === "file" || transition === "abandon" ? applicant.id : agent.id,
        reason: extra.reason ?? null,
        fields: extra.number ? { number: extra.number } : {},
      }),
    );

  const requestRow = (id: string) => t.deps.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const eventsOf = (id: string) => t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", id).orderBy("id").execute();

  it("goes from draft to filed (with its number), in instruction, then accepted, each step recorded with who and when", async () => {
    const { id } = await draft();
    const number = generateRequestNumber("ES");
    expect(await run(id, "file", { number })).toEqual({ from: "draft", to: "filed" });
    await run(id, "take");
    await run(id, "accept");
    const request = await requestRow(id);
    expect(request).toMatchObject({ status: "accepted", number, assignedAgentId: agent.id });
    expect(request.filedAt).not.toBeNull();
    expect(request.takenAt).not.toBeNull();
    expect(request.decidedAt).not.toBeNull();
    const events = await eventsOf(id);
    expect(events.map((event) => [event.event, event.fromStatus, event.toStatus, event.actorId])).toEqual([
      ["request.filed", "draft", "filed", applicant.id],
      ["request.taken", "filed", "in_instruction", agent.id],
      ["request.accepted", "in_instruction", "accepted", agent.id],
    ]);
    // The same transitions in the security trail, with the request and its number.
    const audited = await t.deps.db.selectFrom("auditEvents").selectAll().where(sql<string>`details->>'requestId'`, "=", id).orderBy("id").execute();
    expect(audited.map((event) => [event.event, event.accountId, event.actorId, event.details])).toEqual([
      ["request.filed", applicant.id, applicant.id, { requestId: id, number, from: "draft", to: "filed" }],
      ["request.taken", applicant.id, agent.id, { requestId: id, number, from: "filed", to: "in_instruction" }],
      ["request.accepted", applicant.id, agent.id, { requestId: id, number, from: "in_instruction", to: "accepted" }],
    ]);
  });

  it("refuses a transition from a status it does not start from, changing nothing", async () => {
    const { id } = await draft();
    await expect(run(id, "accept")).rejects.toBeInstanceOf(TransitionRefused);
    await expect(run(id, "take")).rejects.toMatchObject({ why: "status" });
    expect((await requestRow(id)).status).toBe("draft");
    expect(await eventsOf(id)).toHaveLength(0);
  });

  it("requires a reason to refuse, and keeps it in the history", async () => {
    const { id } = await draft();
    await run(id, "file", { number: generateRequestNumber("ES") });
    await run(id, "take");
    await expect(run(id, "refuse", { reason: "   " })).rejects.toMatchObject({ why: "reason" });
    await run(id, "refuse", { reason: "Dossier incomplet après relance." });
    const last = (await eventsOf(id)).at(-1);
    expect(last).toMatchObject({ event: "request.refused", reason: "Dossier incomplet après relance." });
  });

  it("cannot decide while a modification or documents request is open", async () => {
    const { id } = await draft();
    await run(id, "file", { number: generateRequestNumber("ES") });
    await run(id, "take");
    await t.deps.db.insertInto("requestAsks").values({ requestId: id, kind: "documents", message: "Avis d'imposition 2025 illisible.", askedBy: agent.id, askedAt: t.clock.now() }).execute();
    for (const decision of ["accept", "refuse", "close"] as const) {
      await expect(run(id, decision, { reason: "Motif" })).rejects.toMatchObject({ why: "open_ask" });
    }
    await t.deps.db.updateTable("requestAsks").set({ status: "answered", answeredAt: t.clock.now() }).where("requestId", "=", id).execute();
    await run(id, "close");
    expect((await requestRow(id)).status).toBe("closed");
  });

  it("lets the applicant abandon a draft, a filed request or one in instruction, not a decided one", async () => {
    expect(canApply("abandon", "draft")).toBe(true);
    expect(canApply("abandon", "in_instruction")).toBe(true);
    expect(canApply("abandon", "accepted")).toBe(false);
    const { id } = await draft();
    await run(id, "file", { number: generateRequestNumber("ES") });
    await run(id, "abandon");
    expect((await requestRow(id)).status).toBe("abandoned");
    await expect(run(id, "abandon")).rejects.toBeInstanceOf(TransitionRefused);
  });

  it("refuses a filed request without a number, by the table's own check", async () => {
    const { id } = await draft();
    await expect(run(id, "file")).rejects.toThrow();
    expect((await requestRow(id)).status).toBe("draft");
  });
});
