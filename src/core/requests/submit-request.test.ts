import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { generateRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { loadProcedures } from "../procedures/load-procedures.ts";
import { publishProcedure } from "../procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../procedures/queries.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { findApplicantRequest } from "./queries/requests.ts";
import { saveStep } from "./save-step.ts";
import { startRequest } from "./start-request.ts";
import { submitRequest } from "./submit-request.ts";

describe("submitting a request", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const definition = buildDefinition();
    await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(definition) }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
  });
  afterAll(() => t.close());

  /** A draft of the test procedure with the commune (its only minimal information) answered or not. */
  async function draft(withCommune: boolean) {
    const account = await buildAccount(t.deps.db);
    const started = await startRequest(t.deps, { slug: "essai", accountId: account.id, email: account.email, currentOrganisationId: null });
    if (!started.started) throw new Error("not started");
    const { definition } = (await findPublishedDefinition(t.deps.db, "essai"))!;
    if (withCommune) {
      const request = (await findApplicantRequest(t.deps.db, started.requestId, account.id))!;
      const saved = await saveStep(t.deps, { request, definition, stepId: "general", form: { commune: "75056", enfants: "non" }, today: "2026-03-02" });
      expect(saved.errors).toEqual({});
    }
    return { account, requestId: started.requestId, definition };
  }

  it("returns what is missing and changes nothing while the minimal information is not given", async () => {
    const { account, requestId, definition } = await draft(false);
    const outcome = await submitRequest(t.deps, { requestId, accountId: account.id, definition });
    expect(outcome).toEqual({ filed: false, missing: [{ stepId: "general", stepTitle: "Informations générales", label: "Commune souhaitée", kind: "field" }] });
    expect((await findApplicantRequest(t.deps.db, requestId, account.id))!.status).toBe("draft");
  });

  it("draws another number when the first is already taken, inside the same filing", async () => {
    const taken = generateRequestNumber("ES");
    const first = await draft(true);
    expect(await submitRequest({ ...t.deps, drawNumber: () => taken }, { requestId: first.requestId, accountId: first.account.id, definition: first.definition })).toEqual({ filed: true, number: taken });

    const fresh = generateRequestNumber("ES");
    const draws = [taken, fresh];
    const second = await draft(true);
    const outcome = await submitRequest({ ...t.deps, drawNumber: () => draws.shift()! }, { requestId: second.requestId, accountId: second.account.id, definition: second.definition });
    expect(outcome).toEqual({ filed: true, number: fresh });
    expect(draws).toEqual([]);
    const filed = (await findApplicantRequest(t.deps.db, second.requestId, second.account.id))!;
    expect(filed).toMatchObject({ status: "filed", number: fresh });
    // One filing event, one receipt mail: the collided attempt left nothing behind.
    const events = await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", second.requestId).where("event", "=", "request.filed").execute();
    expect(events).toHaveLength(1);
    expect(await runWaitingJobs(t, "request-pdf-mail")).toBe(2);
    const mails = await t.deps.db.selectFrom("mails").select("id").where("toAddress", "=", second.account.email).execute();
    expect(mails).toHaveLength(1);
  });

  it("gives up after five taken numbers rather than looping", async () => {
    const taken = generateRequestNumber("ES");
    const first = await draft(true);
    await submitRequest({ ...t.deps, drawNumber: () => taken }, { requestId: first.requestId, accountId: first.account.id, definition: first.definition });
    const second = await draft(true);
    await expect(submitRequest({ ...t.deps, drawNumber: () => taken }, { requestId: second.requestId, accountId: second.account.id, definition: second.definition })).rejects.toMatchObject({ code: "23505" });
    expect((await findApplicantRequest(t.deps.db, second.requestId, second.account.id))!.status).toBe("draft");
  });
});
