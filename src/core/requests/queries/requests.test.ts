import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { buildAccount } from "../../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import { loadProcedures } from "../../procedures/load-procedures.ts";
import { publishProcedure } from "../../procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../procedures/queries.ts";
import { buildDefinition } from "../../../../test/procedures.ts";
import { buildGrant, buildService } from "../../../../test/services.ts";
import { findApplicantRequest, findVersionDefinition, holdsServiceGrant, insertDraft, isActiveMember, listApplicantRequests, updateDraftAnswers } from "./requests.ts";

describe("the requests' queries", () => {
  let t: TestApp;
  let version: { procedureId: string; versionId: string };
  beforeAll(async () => {
    t = await createTestApp();
    await loadProcedures(t.deps, [{ name: "procedures/essai.json", content: JSON.stringify(buildDefinition()) }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "essai" }, { actorId: null });
    const published = (await findPublishedDefinition(t.deps.db, "essai"))!;
    version = { procedureId: published.procedureId, versionId: published.versionId };
  });
  afterAll(() => t.close());

  const draftOf = async (applicantId: string) =>
    insertDraft(t.deps.db, { ...version, procedureVersionId: version.versionId, applicantId, organisationId: null, applicantEmail: "a@exemple.fr", currentStep: "general", now: t.clock.now() });

  it("reads a request's answers with their keys as stored (dashes, accents), only for its applicant", async () => {
    const owner = await buildAccount(t.deps.db);
    const other = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    const answers = { "nom-usage": "Martin", menage: [{ prénom: "Léa", sous_champ: true }] };
    expect(await updateDraftAnswers(t.deps.db, { requestId: id, answers, currentStep: "foyer", now: t.clock.now() })).toBe(true);
    expect((await findApplicantRequest(t.deps.db, id, owner.id))?.answers).toEqual(answers);
    expect(await findApplicantRequest(t.deps.db, id, other.id)).toBeUndefined();
    expect((await listApplicantRequests(t.deps.db, owner.id)).map((request) => [request.id, request.title])).toEqual([[id, "Démarche d'essai"]]);
    expect(await listApplicantRequests(t.deps.db, other.id)).toEqual([]);
  });

  it("saves answers only while the request is a draft", async () => {
    const owner = await buildAccount(t.deps.db);
    const { id } = await draftOf(owner.id);
    await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", id).execute();
    expect(await updateDraftAnswers(t.deps.db, { requestId: id, answers: { nom: "x" }, currentStep: "general", now: t.clock.now() })).toBe(false);
  });

  it("reads a version's definition with its French keys intact", async () => {
    const definition = await findVersionDefinition(t.deps.db, version.versionId);
    expect(definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
  });

  it("tells an active member holding a granted access from the others", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db);
    const member = await buildAccount(t.deps.db);
    const pending = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, member);
    await addMember(t.deps.db, organisation, pending, { status: "pending" });
    expect(await isActiveMember(t.deps.db, member.id, organisation.id)).toBe(true);
    expect(await isActiveMember(t.deps.db, pending.id, organisation.id)).toBe(false);
    const holds = () => holdsServiceGrant(t.deps.db, { accountId: member.id, serviceSlug: service.slug, organisationId: organisation.id });
    expect(await holds()).toBe(false);
    await buildGrant(t.deps.db, { service, account: member, organisation, status: "pending" });
    expect(await holds()).toBe(false);
    await t.deps.db.updateTable("grants").set({ status: "granted" }).where("accountId", "=", member.id).execute();
    expect(await holds()).toBe(true);
    // A grant held in another organisation does not count.
    const elsewhere = await buildOrganisation(t.deps.db);
    expect(await holdsServiceGrant(t.deps.db, { accountId: member.id, serviceSlug: service.slug, organisationId: elsewhere.id })).toBe(false);
  });
});
