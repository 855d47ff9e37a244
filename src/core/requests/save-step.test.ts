import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { loadProcedures } from "../procedures/load-procedures.ts";
import { publishProcedure } from "../procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../procedures/queries.ts";
import type { ProcedureDefinition } from "../procedures/definition/schema.ts";
import { findApplicantRequest, insertDraft, updateDraftAnswers } from "./queries/requests.ts";
import { saveStep, saveStepIfUnchanged } from "./save-step.ts";
import type { Answers } from "../procedures/answers/values.ts";

describe("saving a draft's step", () => {
  let t: TestApp;
  let version: { procedureId: string; versionId: string; definition: ProcedureDefinition };
  beforeAll(async () => {
    t = await createTestApp();
    await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(buildDefinition()) }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
    const published = (await findPublishedDefinition(t.deps.db, "essai"))!;
    version = { procedureId: published.procedureId, versionId: published.versionId, definition: published.definition };
  });
  afterAll(() => t.close());

  /** A draft whose other step ("foyer") is already answered. */
  async function draft() {
    const owner = await buildAccount(t.deps.db);
    const { id } = await insertDraft(t.deps.db, { procedureId: version.procedureId, procedureVersionId: version.versionId, applicantId: owner.id, organisationId: null, applicantEmail: "a@exemple.fr", currentStep: "general", now: t.clock.now() });
    await updateDraftAnswers(t.deps.db, { requestId: id, answers: { menage: [{ prenom: "Léa" }] }, currentStep: "foyer", now: t.clock.now() });
    return (await findApplicantRequest(t.deps.db, id, owner.id))!;
  }
  const save = (request: Awaited<ReturnType<typeof draft>>, answers: Record<string, unknown> | undefined, form: Record<string, unknown>) =>
    saveStep(t.deps, { request: { ...request, answers: answers as never }, definition: version.definition, stepId: "general", form, today: "2026-03-10" });

  it("merges the step into the answers read with the request, and keeps the other steps", async () => {
    const request = await draft();
    const outcome = await save(request, request.answers, { enfants: "oui" });
    expect(outcome.errors).toEqual({});
    // In one statement, from the version read with the answers.
    expect(outcome.saved?.version).toBe((await findApplicantRequest(t.deps.db, request.id, request.applicantId!))?.version);
    expect(outcome.answers).toEqual({ enfants: true, menage: [{ prenom: "Léa" }] });
    expect((await findApplicantRequest(t.deps.db, request.id, request.applicantId!))?.answers).toEqual(outcome.answers);
  });

  it("merges again into the stored answers when another save wrote the request since it was read (two tabs)", async () => {
    const request = await draft();
    // The other tab saves « foyer » after this one read the request: the version read no longer holds.
    await updateDraftAnswers(t.deps.db, { requestId: request.id, answers: { menage: [{ prenom: "Noé" }] }, currentStep: "foyer", now: t.clock.now() });
    const outcome = await save(request, request.answers, { enfants: "oui", situation: "autre" });
    expect(outcome.answers).toEqual({ enfants: true, situation: "autre", menage: [{ prenom: "Noé" }] });
    expect(outcome.saved).toBeUndefined();
    expect((await findApplicantRequest(t.deps.db, request.id, request.applicantId!))?.answers).toEqual(outcome.answers);
    // Without the answers read (other callers): the locked path, same result.
    const again = await save(request, undefined, { enfants: "oui" });
    expect(again.answers).toEqual({ enfants: true, menage: [{ prenom: "Noé" }] });
    // The step's answers hide the other step: its answers are dropped.
    expect((await save(request, again.answers, { enfants: "non" })).answers).toEqual({ enfants: false });
  });

  it("saves a draft read earlier only while nothing wrote it or its applicant since", async () => {
    const request = await draft();
    const kept = (form: Record<string, unknown>, from: { answers: Answers; version: string }) =>
      saveStepIfUnchanged(t.deps, { request: { ...request, ...from }, accountId: request.applicantId!, definition: version.definition, stepId: "general", form, today: "2026-03-10" });
    const after = (outcome: Awaited<ReturnType<typeof kept>>) => ({ answers: outcome!.answers, version: outcome!.saved.version });
    const first = await kept({ enfants: "oui" }, request);
    expect(first).toMatchObject({ answers: { enfants: true, menage: [{ prenom: "Léa" }] }, errors: {} });
    // Saved from the answers and version the first save left: one statement, nothing read.
    const second = await kept({ enfants: "oui", situation: "autre" }, after(first));
    expect(second?.answers).toEqual({ enfants: true, situation: "autre", menage: [{ prenom: "Léa" }] });
    expect((await findApplicantRequest(t.deps.db, request.id, request.applicantId!))).toMatchObject({ answers: second!.answers, version: second!.saved.version, updatedAt: second!.saved.updatedAt });
    // From a version that no longer holds (the first save's): nothing written.
    expect(await kept({ enfants: "non" }, after(first))).toBeUndefined();
    expect((await findApplicantRequest(t.deps.db, request.id, request.applicantId!))?.answers).toEqual(second!.answers);
  });

  it("refuses a request that is no longer a draft, whichever the path", async () => {
    const request = await draft();
    await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", request.id).execute();
    await expect(save(request, request.answers, { enfants: "non" })).rejects.toThrow();
    await expect(save(request, undefined, { enfants: "non" })).rejects.toThrow();
  });
});
