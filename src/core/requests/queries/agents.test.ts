import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { type TestProcedure } from "../../../../test/instruction.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import { buildDefinition } from "../../../../test/procedures.ts";
import { buildPerson, buildRequestRow, expectRowLocked, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { loadProcedures } from "../../procedures/load-procedures.ts";
import {
  deleteProcedureAgent,
  findAgentProcedure,
  findApplicantContact,
  findProcedureRequest,
  findProcedureWithGroups,
  isAgentOfProcedure,
  listAgentProceduresWithCounts,
  listAgents,
  listOpenAsks,
  listProcedureAgents,
  listProcedureChoices,
  listProcedureRequests,
  listRequestEvents,
  lockProcedureRequestForAssignment,
  setAssignedAgent,
  upsertProcedureAgent,
} from "./agents.ts";
import { insertAsk, closeAsk } from "./asks.ts";
import { insertEvent } from "./requests.ts";

describe("the agents' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai");
  });
  afterAll(() => database.drop());

  const buildAgent = (fields: { lastName?: string; firstName?: string } = {}) => buildPerson(db, { role: "agent", ...fields });
  const attach = (procedure: TestProcedure, agent: { id: string }, groupName = "Instructeurs") =>
    upsertProcedureAgent(db, { procedureId: procedure.id, accountId: agent.id, groupName, createdAt: clock.now() });
  const filedAt = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T10:00:00Z`);

  it("lists every procedure by slug with its published title, or its latest loaded one when none is published", async () => {
    const loaded = buildDefinition({ slug: "en-preparation", titre: "Démarche en préparation" });
    await loadProcedures({ db, clock }, [{ name: "procedures/en-preparation.json", content: JSON.stringify(loaded) }], { via: "cli" });
    const choices = await listProcedureChoices(db);
    const slugs = choices.map((choice) => choice.slug);
    expect(slugs).toEqual([...slugs].sort());
    expect(choices).toContainEqual({ id: expect.any(String), slug: "en-preparation", title: "Démarche en préparation" });
    expect(choices).toContainEqual({ id: essai.id, slug: "essai", title: "Demande de logement d'essai" });
  });

  it("finds a procedure with the groups of case workers its latest version declares", async () => {
    expect(await findProcedureWithGroups(db, "essai")).toEqual({ id: essai.id, slug: "essai", title: "Demande de logement d'essai", groups: ["Instructeurs"] });
    expect(await findProcedureWithGroups(db, "inconnue")).toBeUndefined();
  });

  it("lists the agents by last name with the procedures they are attached to, and no other account", async () => {
    const zola = await buildAgent({ lastName: "Zola" });
    const aubert = await buildAgent({ lastName: "Aubert" });
    const applicant = await buildPerson(db, { lastName: "Abadie" });
    await attach(essai, zola, "Instructeurs");
    const ours = (await listAgents(db)).filter((agent) => [zola.id, aubert.id, applicant.id].includes(agent.id));
    expect(ours.map((agent) => [agent.lastName, agent.procedures])).toEqual([
      ["Aubert", []],
      ["Zola", [{ slug: "essai", title: "Demande de logement d'essai", groupName: "Instructeurs" }]],
    ]);
  });

  it("attaches an agent, then moves them to another group, telling which happened", async () => {
    const agent = await buildAgent();
    expect(await attach(essai, agent, "Instructeurs")).toEqual({ attached: true, previousGroup: null });
    expect(await attach(essai, agent, "Secteur sud")).toEqual({ attached: false, previousGroup: "Instructeurs" });
    const rows = await db.selectFrom("procedureAgents").select("groupName").where("accountId", "=", agent.id).execute();
    expect(rows).toEqual([{ groupName: "Secteur sud" }]);
  });

  it("detaches an agent once, and says so only when they were attached", async () => {
    const agent = await buildAgent();
    const colleague = await buildAgent();
    await attach(essai, agent);
    await attach(essai, colleague);
    expect(await deleteProcedureAgent(db, essai.id, agent.id)).toBe(true);
    expect(await deleteProcedureAgent(db, essai.id, agent.id)).toBe(false);
    expect(await isAgentOfProcedure(db, colleague.id, essai.id)).toBe(true);
  });

  it("finds a procedure by slug only for an agent attached to it", async () => {
    const agent = await buildAgent();
    const other = await publishedProcedure({ db, clock }, "autre-agent");
    await attach(essai, agent, "Instructeurs");
    expect(await findAgentProcedure(db, agent.id, "essai")).toEqual({ id: essai.id, slug: "essai", status: "published", groupName: "Instructeurs", title: "Demande de logement d'essai" });
    expect(await findAgentProcedure(db, agent.id, other.slug)).toBeUndefined();
  });

  it("tells an agent of the procedure from one not attached or no longer an agent", async () => {
    const agent = await buildAgent();
    const stranger = await buildAgent();
    await attach(essai, agent);
    expect(await isAgentOfProcedure(db, agent.id, essai.id)).toBe(true);
    expect(await isAgentOfProcedure(db, stranger.id, essai.id)).toBe(false);
    await db.updateTable("accounts").set({ role: "applicant" }).where("id", "=", agent.id).execute();
    expect(await isAgentOfProcedure(db, agent.id, essai.id)).toBe(false);
  });

  it("counts the requests of the agent's procedures per status, drafts left out", async () => {
    const agent = await buildAgent();
    expect(await listAgentProceduresWithCounts(db, agent.id)).toEqual([]);
    const counted = await publishedProcedure({ db, clock }, "comptage");
    const ignored = await publishedProcedure({ db, clock }, "comptage-autre");
    await attach(counted, agent, "Instructeurs");
    for (const status of ["filed", "filed", "in_instruction", "refused", "draft"] as const) await buildRequestRow(db, { procedure: counted, status });
    await buildRequestRow(db, { procedure: ignored });
    expect(await listAgentProceduresWithCounts(db, agent.id)).toEqual([
      {
        id: counted.id,
        slug: "comptage",
        status: "published",
        groupName: "Instructeurs",
        title: "Demande de logement d'essai",
        counts: { filed: 2, in_instruction: 1, accepted: 0, refused: 1, closed: 0, abandoned: 0, expired: 0 },
      },
    ]);
  });

  describe("the list of a procedure's requests", () => {
    let procedure: TestProcedure;
    let requests: Awaited<ReturnType<typeof buildRequestRow>>[];
    beforeAll(async () => {
      procedure = await publishedProcedure({ db, clock }, "liste");
      const durand = await buildPerson(db, { lastName: "Durand", firstName: "Léa" });
      const petit = await buildPerson(db, { lastName: "Petit", firstName: "Marc" });
      const organisation = await buildOrganisation(db, { name: "ASSOCIATION 100% LILAS" });
      // Built out of filing order: the list sorts them.
      requests = [
        await buildRequestRow(db, { procedure, applicant: durand, filedAt: filedAt(5) }),
        await buildRequestRow(db, { procedure, applicant: petit, organisationId: organisation.id }),
        await buildRequestRow(db, { procedure, applicant: petit, filedAt: filedAt(4), status: "accepted" }),
        await buildRequestRow(db, { procedure, applicant: durand, filedAt: filedAt(6) }),
        await buildRequestRow(db, { procedure, applicant: durand, filedAt: filedAt(7), status: "draft" }),
      ];
      await buildRequestRow(db, { procedure: essai, applicant: durand, filedAt: filedAt(2) });
    });
    const list = (filter: Partial<Parameters<typeof listProcedureRequests>[1]>) =>
      listProcedureRequests(db, { procedureId: procedure.id, statuses: ["filed"], search: { kind: "none" }, limit: 20, offset: 0, ...filter });
    const ids = (indexes: number[]) => indexes.map((index) => requests[index]!.id);

    it("gives one page of the statuses asked for, oldest filed first, with the names and the total", async () => {
      const page = await list({ limit: 2 });
      expect(page.requests.map((row) => row.id)).toEqual(ids([1, 0]));
      expect(page.requests[0]).toMatchObject({ applicantLastName: "Petit", applicantFirstName: "Marc", organisationName: "ASSOCIATION 100% LILAS", status: "filed" });
      expect(page).toMatchObject({ total: 3, capped: false });
      expect((await list({ limit: 2, offset: 2 })).requests.map((row) => row.id)).toEqual(ids([3]));
      expect((await list({ statuses: ["filed", "accepted"] })).requests.map((row) => row.id)).toEqual(ids([1, 2, 0, 3]));
      expect(await list({ countCap: 2 })).toMatchObject({ total: 2, capped: true });
    });

    it("finds a number in every status but the draft, within the procedure only", async () => {
      const accepted = requests[2]!;
      expect((await list({ search: { kind: "number", number: accepted.number } })).requests.map((row) => row.id)).toEqual([accepted.id]);
      const elsewhere = await buildRequestRow(db, { procedure: essai, filedAt: filedAt(2) });
      expect(await list({ search: { kind: "number", number: elsewhere.number } })).toMatchObject({ requests: [], total: 0 });
    });

    it("finds names in either order and organisation names, a typed % being a letter", async () => {
      const search = async (text: string, statuses: ("filed" | "accepted")[] = ["filed"]) => {
        const page = await list({ search: { kind: "name", text }, statuses });
        return [page.requests.map((row) => row.id), page.total];
      };
      expect(await search("léa dur")).toEqual([ids([0, 3]), 2]);
      expect(await search("DURAND léa")).toEqual([ids([0, 3]), 2]);
      expect(await search("marc petit", ["filed", "accepted"])).toEqual([ids([1, 2]), 2]);
      expect(await search("100% lil")).toEqual([ids([1]), 1]);
      expect(await search("1%0")).toEqual([[], 0]);
      // Past the last page the count still comes.
      expect(await list({ search: { kind: "name", text: "durand" }, offset: 5 })).toMatchObject({ requests: [], total: 2 });
    });
  });

  describe("the agents' worklist (issue 15)", () => {
    let procedure: TestProcedure;
    let me: { id: string };
    let colleague: { id: string };
    let rows: Awaited<ReturnType<typeof buildRequestRow>>[];
    beforeAll(async () => {
      procedure = await publishedProcedure({ db, clock }, "travail");
      me = await buildAgent({ lastName: "Moreau", firstName: "Anne" });
      colleague = await buildAgent({ lastName: "Blanc", firstName: "Paul" });
      await attach(procedure, me);
      await attach(procedure, colleague);
      rows = [];
      for (const day of [3, 4, 5, 6]) rows.push(await buildRequestRow(db, { procedure, filedAt: filedAt(day), status: day === 6 ? "in_instruction" : "filed" }));
      await setAssignedAgent(db, { requestId: rows[0]!.id, agentId: me.id, now: filedAt(10) });
      await setAssignedAgent(db, { requestId: rows[3]!.id, agentId: colleague.id, now: filedAt(10) });
    });
    const list = (filter: Partial<Parameters<typeof listProcedureRequests>[1]>) =>
      listProcedureRequests(db, { procedureId: procedure.id, statuses: ["filed", "in_instruction"], search: { kind: "none" }, limit: 20, offset: 0, viewerId: me.id, ...filter }).then((page) =>
        page.requests.map((row) => rows.findIndex((built) => built.id === row.id)),
      );

    it("lists the procedure's case workers by name, with their group, and no former agent", async () => {
      const former = await buildAgent({ lastName: "Ancien" });
      await attach(procedure, former);
      await db.updateTable("accounts").set({ role: "applicant" }).where("id", "=", former.id).execute();
      expect((await listProcedureAgents(db, procedure.id)).map((agent) => [agent.lastName, agent.firstName, agent.groupName])).toEqual([
        ["Blanc", "Paul", "Instructeurs"],
        ["Moreau", "Anne", "Instructeurs"],
      ]);
    });

    it("filters the requests assigned to one agent, and those assigned to nobody", async () => {
      expect(await list({ assignment: { kind: "agent", agentId: me.id } })).toEqual([0]);
      expect(await list({ assignment: { kind: "agent", agentId: colleague.id } })).toEqual([3]);
      expect(await list({ assignment: { kind: "nobody" } })).toEqual([1, 2]);
      expect(await list({ assignment: { kind: "anyone" } })).toEqual([0, 1, 2, 3]);
    });

    it("sorts by filing date or by the last line of the history (kept by the trigger of migration 0020), both ways", async () => {
      expect(await list({ sort: { by: "filed", direction: "desc" } })).toEqual([3, 2, 1, 0]);
      // Each request's history: its filing; then a message on the oldest, an internal note on the third.
      await insertEvent(db, { requestId: rows[0]!.id, occurredAt: filedAt(20), actorId: null, event: "message.from_applicant" });
      await insertEvent(db, { requestId: rows[2]!.id, occurredAt: filedAt(15), actorId: me.id, event: "message.internal_note", visibleToApplicant: false });
      // An event dated before the last one does not move the activity back.
      await insertEvent(db, { requestId: rows[0]!.id, occurredAt: filedAt(1), actorId: null, event: "message.from_applicant" });
      expect(await list({ sort: { by: "activity", direction: "desc" } })).toEqual([0, 2, 3, 1]);
      expect(await list({ sort: { by: "activity", direction: "asc" } })).toEqual([1, 3, 2, 0]);
      // A name search keeps the order asked for.
      expect(await list({ search: { kind: "name", text: "martin" }, sort: { by: "activity", direction: "desc" } })).toEqual([0, 2, 3, 1]);
      expect(await list({ search: { kind: "name", text: "martin" }, sort: { by: "filed", direction: "desc" } })).toEqual([3, 2, 1, 0]);
      const [first] = (await listProcedureRequests(db, { procedureId: procedure.id, statuses: ["filed"], search: { kind: "number", number: rows[0]!.number }, limit: 1, offset: 0 })).requests;
      expect(first?.lastActivityAt).toEqual(filedAt(20));
    });

    it("finds part of a number, within the filters", async () => {
      const last6 = rows[1]!.number.slice(-6);
      expect(await list({ search: { kind: "number-part", part: last6 } })).toEqual([1]);
      expect(await list({ search: { kind: "number-part", part: last6 }, assignment: { kind: "agent", agentId: me.id } })).toEqual([]);
      // Every request of the procedure starts with its prefix: all match, in order.
      expect(await list({ search: { kind: "number-part", part: "ES" }, sort: { by: "filed", direction: "desc" } })).toEqual([3, 2, 1, 0]);
      // Letters only: looked for as a name and as part of a number at once.
      const lettersOnly = rows[2]!.number.slice(2, 6);
      expect(await list({ search: { kind: "name", text: lettersOnly.toLowerCase(), numberPart: lettersOnly } })).toContain(2);
      expect(await list({ search: { kind: "name", text: "martin", numberPart: "MARTIN" } })).toEqual([0, 1, 2, 3]);
      // A typed % or _ is no wildcard.
      expect(await list({ search: { kind: "number-part", part: "E%" } })).toEqual([]);
    });

    it("filters the requests waiting for the applicant, and those whose answer the agent has not opened since", async () => {
      const ask = await insertAsk(db, { requestId: rows[1]!.id, kind: "modification", message: "Modifier", askedBy: me.id, now: filedAt(11) });
      await insertAsk(db, { requestId: rows[2]!.id, kind: "documents", message: "Pièces", askedBy: me.id, now: filedAt(11) });
      expect(await list({ asks: "waiting" })).toEqual([1, 2]);
      expect(await list({ asks: "answered" })).toEqual([]);
      await closeAsk(db, { askId: ask.id, status: "answered", answer: {}, now: filedAt(12) });
      expect(await list({ asks: "waiting" })).toEqual([2]);
      expect(await list({ asks: "answered" })).toEqual([1]);
      // Opened by this agent after the answer: read. Another agent has not opened it yet.
      await db.insertInto("requestAgentViews").values({ requestId: rows[1]!.id, agentId: me.id, seenAt: filedAt(13) }).execute();
      expect(await list({ asks: "answered" })).toEqual([]);
      expect(await list({ asks: "answered", viewerId: colleague.id })).toEqual([1]);
      // Combined with a name search, the filter still applies.
      expect(await list({ asks: "answered", viewerId: colleague.id, search: { kind: "name", text: "martin" } })).toEqual([1]);
      expect(await list({ asks: "waiting", search: { kind: "name", text: "martin" }, assignment: { kind: "nobody" } })).toEqual([2]);
    });

    it("locks a request of the procedure for an assignment, never a draft nor another procedure's", async () => {
      const draft = await buildRequestRow(db, { procedure, status: "draft" });
      const elsewhere = await buildRequestRow(db, { procedure: essai });
      const found = await expectRowLocked(db, "requests", rows[3]!.id, (trx) => lockProcedureRequestForAssignment(trx, procedure.id, rows[3]!.id));
      expect(found).toEqual({ id: rows[3]!.id, number: rows[3]!.number, status: "in_instruction", assignedAgentId: colleague.id });
      expect(await lockProcedureRequestForAssignment(db, procedure.id, draft.id)).toBeUndefined();
      expect(await lockProcedureRequestForAssignment(db, procedure.id, elsewhere.id)).toBeUndefined();
    });

    it("gives a request to another agent", async () => {
      const request = await buildRequestRow(db, { procedure, status: "in_instruction" });
      await setAssignedAgent(db, { requestId: request.id, agentId: colleague.id, now: filedAt(14) });
      expect(await db.selectFrom("requests").select(["assignedAgentId", "updatedAt"]).where("id", "=", request.id).executeTakeFirst()).toEqual({ assignedAgentId: colleague.id, updatedAt: filedAt(14) });
    });
  });

  it("reads a filed request of the procedure with its definition and answers, never a draft nor another procedure's", async () => {
    const agent = await buildAgent({ lastName: "Bernard", firstName: "Lucie" });
    const organisation = await buildOrganisation(db, { name: "COMMUNE D'EUS" });
    const answers = { "nom-usage": "Martin", menage: [{ prénom: "Léa" }] };
    const filed = await buildRequestRow(db, { procedure: essai, answers, organisationId: organisation.id });
    await db.updateTable("requests").set({ assignedAgentId: agent.id }).where("id", "=", filed.id).execute();
    const request = await findProcedureRequest(db, essai.id, filed.id);
    expect(request).toMatchObject({
      id: filed.id,
      number: filed.number,
      status: "filed",
      versionNumber: 1,
      answers,
      applicantLastName: "Martin",
      applicantAccountEmail: filed.applicant.email,
      organisationName: "COMMUNE D'EUS",
      organisationSiret: organisation.siret,
      agentLastName: "Bernard",
    });
    expect(request?.definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
    const draft = await buildRequestRow(db, { procedure: essai, status: "draft" });
    expect(await findProcedureRequest(db, essai.id, draft.id)).toBeUndefined();
    const other = await publishedProcedure({ db, clock }, "autre-lecture");
    expect(await findProcedureRequest(db, other.id, filed.id)).toBeUndefined();
  });

  it("gives a request's whole history oldest first, internal events included, with who acted", async () => {
    const agent = await buildAgent({ lastName: "Bernard", firstName: "Lucie" });
    const request = await buildRequestRow(db, { procedure: essai });
    await insertEvent(db, { requestId: request.id, occurredAt: filedAt(5), actorId: agent.id, event: "message.internal_note", visibleToApplicant: false });
    await insertEvent(db, { requestId: request.id, occurredAt: filedAt(4), actorId: agent.id, event: "request.taken", reason: "Dossier complet" });
    const events = await listRequestEvents(db, request.id);
    expect(events.map((event) => [event.event, event.visibleToApplicant, event.actorLastName, event.actorRole, event.reason])).toEqual([
      ["request.filed", true, "Martin", "applicant", null],
      ["request.taken", true, "Bernard", "agent", "Dossier complet"],
      ["message.internal_note", false, "Bernard", "agent", null],
    ]);
  });

  it("lists only the asks still open, oldest first", async () => {
    const agent = await buildAgent();
    const request = await buildRequestRow(db, { procedure: essai });
    const documents = await insertAsk(db, { requestId: request.id, kind: "documents", message: "Pièces", askedBy: agent.id, now: filedAt(6) });
    const modification = await insertAsk(db, { requestId: request.id, kind: "modification", message: "Modifier", askedBy: agent.id, now: filedAt(5) });
    expect((await listOpenAsks(db, request.id)).map((ask) => [ask.id, ask.kind])).toEqual([
      [modification.id, "modification"],
      [documents.id, "documents"],
    ]);
    await closeAsk(db, { askId: modification.id, status: "cancelled", answer: null, now: filedAt(7) });
    expect((await listOpenAsks(db, request.id)).map((ask) => ask.id)).toEqual([documents.id]);
  });

  it("finds where the applicant's mails go and how to greet them", async () => {
    const applicant = await buildPerson(db, { civility: "M.", lastName: "Petit", firstName: "Marc" });
    const request = await buildRequestRow(db, { procedure: essai, applicant });
    await db.updateTable("requests").set({ applicantEmail: "dossier@exemple.fr" }).where("id", "=", request.id).execute();
    expect(await findApplicantContact(db, request.id)).toEqual({
      number: request.number,
      applicantEmail: "dossier@exemple.fr",
      accountEmail: applicant.email,
      civility: "M.",
      lastName: "Petit",
      firstName: "Marc",
    });
  });
});
