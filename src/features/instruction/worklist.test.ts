import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { buildRequest, loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { insertAsk, closeAsk } from "../../core/requests/queries/asks.ts";
import { insertEvent } from "../../core/requests/queries/requests.ts";
import { attachAgent } from "./attach-agent.ts";

/*
 * Issue 15, the agents' tools: the list's filters ("Assignées à moi", a named agent, unassigned,
 * "En attente du demandeur", "Réponse reçue"), its orders, the search by part of a number, and
 * assigning requests to a named agent, one by one or ticked in the list.
 */
describe("instruction: the agents' worklist", () => {
  let t: TestApp;
  let essai: TestProcedure;
  let travail: TestProcedure;
  let anne: BuiltAccount;
  let paul: BuiltAccount;
  let anneBrowser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 2, n, 9, 0, 0));

  beforeAll(async () => {
    t = await createTestApp();
    // After every filing date below: what agents do now comes after it in the history.
    t.clock.set(day(7));
    ({ essai } = await loadTestProcedures(t.deps));
    await loadProcedures(t.deps, [{ name: "procedures/travail.json", content: JSON.stringify(buildDefinition({ slug: "travail", titre: "Démarche de travail", préfixe_numéro: "TR" })) }], {
      via: "cli",
    });
    await publishProcedure(t.deps, { slug: "travail" }, { actorId: null });
    const row = await t.deps.db.selectFrom("procedures").select(["id", "currentVersionId"]).where("slug", "=", "travail").executeTakeFirstOrThrow();
    travail = { id: row.id, versionId: row.currentVersionId!, slug: "travail" };
    anne = await buildAccount(t.deps.db, { role: "agent", firstName: "Anne", lastName: "Moreau" });
    paul = await buildAccount(t.deps.db, { role: "agent", firstName: "Paul", lastName: "Blanc" });
    for (const agent of [anne, paul]) await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "travail" }, { actorId: null });
    anneBrowser = new TestBrowser(t.app);
    await logInAs(anneBrowser, anne);
  });
  afterAll(() => t.close());

  /** A procedure of its own per test, with Anne and Paul attached: lists do not depend on other tests. */
  let procedureCount = 0;
  async function freshProcedure() {
    procedureCount += 1;
    const slug = `travail-${procedureCount}`;
    await loadProcedures(t.deps, [{ name: `procedures/${slug}.json`, content: JSON.stringify(buildDefinition({ slug, titre: `Démarche ${procedureCount}`, préfixe_numéro: "TR" })) }], { via: "cli" });
    await publishProcedure(t.deps, { slug }, { actorId: null });
    const row = await t.deps.db.selectFrom("procedures").select(["id", "currentVersionId"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    for (const agent of [anne, paul]) await attachAgent(t.deps, { agentId: agent.id, procedureSlug: slug }, { actorId: null });
    return { id: row.id, versionId: row.currentVersionId!, slug };
  }
  const request = (procedure: TestProcedure, filed: number, fields: Partial<Parameters<typeof buildRequest>[1]> = {}) =>
    buildRequest(t.deps.db, { procedure, prefix: "TR", filedAt: day(filed), ...fields });
  const assign = (requestId: string, agentId: string) => t.deps.db.updateTable("requests").set({ assignedAgentId: agentId, status: "in_instruction" }).where("id", "=", requestId).execute();
  const row = (id: string) => t.deps.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  /** The numbers of the list's rows, in order. */
  const numbersIn = (html: string) => [...html.matchAll(/<th scope="row" data-label="Numéro"><a href="[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);
  const shown = (built: { number: string }[]) => built.map((one) => formatRequestNumber(one.number));

  describe("the list's filters and orders", () => {
    it("shows the requests assigned to me, to a named colleague, or to nobody", async () => {
      const procedure = await freshProcedure();
      const mine = await request(procedure, 2);
      const pauls = await request(procedure, 3);
      const nobodys = await request(procedure, 4);
      await assign(mine.id, anne.id);
      await assign(pauls.id, paul.id);
      const url = `/instruction/${procedure.slug}`;
      const toMe = await anneBrowser.get(`${url}?agent=moi`);
      expect(toMe.statusCode).toBe(200);
      expect(numbersIn(toMe.body)).toEqual(shown([mine]));
      expect(toMe.body).toContain('<option value="moi" selected="">Assignées à moi</option>');
      expect(toMe.body).toContain("Toutes, sauf les abandonnées, assignées à moi");
      const toPaul = await anneBrowser.get(`${url}?agent=${paul.id}`);
      expect(numbersIn(toPaul.body)).toEqual(shown([pauls]));
      expect(toPaul.body).toContain("assignées à Paul Blanc");
      expect(numbersIn((await anneBrowser.get(`${url}?agent=aucun`)).body)).toEqual(shown([nobodys]));
      expect(numbersIn((await anneBrowser.get(url)).body)).toEqual(shown([mine, pauls, nobodys]));
    });

    it("refuses an agent who does not work on the procedure with a sentence (422), and keeps the page usable", async () => {
      const stranger = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: stranger.id, procedureSlug: "essai" }, { actorId: null });
      for (const agent of [stranger.id, "pas-un-agent", "00000000-0000-0000-0000-000000000000"]) {
        const page = await anneBrowser.get(`/instruction/travail?agent=${encodeURIComponent(agent)}`);
        expect(page.statusCode).toBe(422);
        expect(page.body).toContain("Choisissez un agent instructeur de cette démarche dans la liste.");
        expect(page.body).toContain('href="#champ-agent"');
        expect(page.body).toContain('id="champ-agent"');
      }
    });

    it("falls back to the default for a status, exchange filter, order or page out of the allowed set, never a 500", async () => {
      const procedure = await freshProcedure();
      const first = await request(procedure, 2);
      const second = await request(procedure, 3);
      for (const query of ["tri=prix", "tri[]=x&tri=y", "echange=autre", "statut=%C3%A9", "statut=constructor", "page=abc", "agent=&tri=", "recherche[x]=1"]) {
        const page = await anneBrowser.get(`/instruction/${procedure.slug}?${query}`);
        expect(page.statusCode, query).toBe(200);
        expect(numbersIn(page.body), query).toEqual(shown([first, second]));
      }
      expect((await anneBrowser.get(`/instruction/${procedure.slug}?page=9`)).statusCode).toBe(404);
    });

    it("sorts by filing date or by last activity, both ways", async () => {
      const procedure = await freshProcedure();
      const a = await request(procedure, 2);
      const b = await request(procedure, 3);
      const c = await request(procedure, 4);
      await insertEvent(t.deps.db, { requestId: a.id, occurredAt: day(20), actorId: null, event: "message.from_applicant" });
      await insertEvent(t.deps.db, { requestId: c.id, occurredAt: day(10), actorId: anne.id, event: "message.to_applicant" });
      const url = `/instruction/${procedure.slug}`;
      expect(numbersIn((await anneBrowser.get(url)).body)).toEqual(shown([a, b, c]));
      expect(numbersIn((await anneBrowser.get(`${url}?tri=depot-decroissant`)).body)).toEqual(shown([c, b, a]));
      const recent = await anneBrowser.get(`${url}?tri=activite-decroissant`);
      expect(numbersIn(recent.body)).toEqual(shown([a, c, b]));
      expect(recent.body).toContain("par dernière activité, de la plus récente à la plus ancienne");
      expect(numbersIn((await anneBrowser.get(`${url}?tri=activite-croissant`)).body)).toEqual(shown([b, c, a]));
    });

    it("finds a request by part of its number (the last six characters, with a space), and explains one too short", async () => {
      const procedure = await freshProcedure();
      const wanted = await request(procedure, 2);
      await request(procedure, 3);
      const grouped = formatRequestNumber(wanted.number);
      const lastSix = grouped.slice(-7).toLowerCase(); // "c4w dsp"
      const found = await anneBrowser.get(`/instruction/${procedure.slug}?recherche=${encodeURIComponent(lastSix)}`);
      expect(found.statusCode).toBe(200);
      expect(numbersIn(found.body)).toEqual([grouped]);
      expect(found.body).toContain(`value="${lastSix}"`);
      const short = await anneBrowser.get(`/instruction/${procedure.slug}?recherche=${encodeURIComponent("c4w")}`);
      expect(short.statusCode).toBe(422);
      expect(short.body).toContain("Saisissez au moins 4 caractères du numéro de demande");
      const wrongCharacters = await anneBrowser.get(`/instruction/${procedure.slug}?recherche=${encodeURIComponent("99 99")}`);
      expect(wrongCharacters.statusCode).toBe(422);
      expect(wrongCharacters.body).toContain("Le numéro de demande ne comporte que des lettres et les chiffres 3, 4 et 7");
    });

    it("shows the requests waiting for the applicant, and those whose answer came since the agent last opened them", async () => {
      const procedure = await freshProcedure();
      const waiting = await request(procedure, 2);
      const answered = await request(procedure, 3);
      await request(procedure, 4);
      await insertAsk(t.deps.db, { requestId: waiting.id, kind: "documents", message: "Le budget", askedBy: anne.id, now: day(5) });
      const ask = await insertAsk(t.deps.db, { requestId: answered.id, kind: "modification", message: "Le montant", askedBy: anne.id, now: day(5) });
      await closeAsk(t.deps.db, { askId: ask.id, status: "answered", answer: {}, now: day(6) });
      const url = `/instruction/${procedure.slug}`;
      expect(numbersIn((await anneBrowser.get(`${url}?echange=en-attente`)).body)).toEqual(shown([waiting]));
      const received = await anneBrowser.get(`${url}?echange=reponse-recue`);
      expect(numbersIn(received.body)).toEqual(shown([answered]));
      expect(received.body).toContain("réponse reçue");
      // Anne opens it: read. It leaves her "Réponse reçue", not Paul's.
      expect((await anneBrowser.get(`${url}/${answered.id}`)).statusCode).toBe(200);
      expect(numbersIn((await anneBrowser.get(`${url}?echange=reponse-recue`)).body)).toEqual([]);
      const paulBrowser = new TestBrowser(t.app);
      await logInAs(paulBrowser, paul);
      expect(numbersIn((await paulBrowser.get(`${url}?echange=reponse-recue`)).body)).toEqual(shown([answered]));
    });
  });

  describe("assigning a request to a named agent, from its page", () => {
    it("has a filed request taken in charge for a colleague, with the history, the applicant's mail and the audit trail", async () => {
      const filed = await request(travail, 2);
      const path = `/instruction/travail/${filed.id}`;
      const page = await anneBrowser.get(path);
      expect(page.body).toContain("Attribuer la demande à");
      expect(page.body).toContain(`<option value="${paul.id}">Paul Blanc</option>`);
      expect(page.body).toContain(`<option value="${anne.id}">Anne Moreau (moi)</option>`);
      const response = await anneBrowser.post(`${path}/attribuer`, { agent: paul.id });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(path);
      expect(await row(filed.id)).toMatchObject({ status: "in_instruction", assignedAgentId: paul.id });
      const events = await t.deps.db.selectFrom("requestEvents").select(["event", "actorId", "reason", "visibleToApplicant"]).where("requestId", "=", filed.id).orderBy("occurredAt").execute();
      expect(events.slice(1)).toEqual([
        { event: "request.taken", actorId: anne.id, reason: null, visibleToApplicant: true },
        { event: "request.assigned", actorId: anne.id, reason: "Attribuée à Paul Blanc", visibleToApplicant: false },
      ]);
      expect((await mailsTo(t.deps.db, filed.applicant.email)).map((mail) => mail.subject.split(" - ")[0])).toEqual(["Votre demande est prise en charge"]);
      const audit = await t.deps.db.selectFrom("auditEvents").select(["actorId", "details"]).where("event", "=", "request.assigned").where("actorId", "=", anne.id).execute();
      expect(audit.some((entry) => (entry.details as { requestId?: string }).requestId === filed.id)).toBe(true);
      const after = await anneBrowser.get(path);
      expect(after.body).toContain("La demande est attribuée");
      expect(after.body).toContain("Demande attribuée");
      expect(after.body).toContain("Motif : Attribuée à Paul Blanc");
    });

    it("hands an in-instruction request to another agent without changing its status, and says nothing to the applicant", async () => {
      const taken = await request(travail, 3);
      await assign(taken.id, anne.id);
      const path = `/instruction/travail/${taken.id}`;
      await anneBrowser.get(path);
      expect((await anneBrowser.post(`${path}/attribuer`, { agent: paul.id })).statusCode).toBe(303);
      expect(await row(taken.id)).toMatchObject({ status: "in_instruction", assignedAgentId: paul.id });
      expect(await mailsTo(t.deps.db, taken.applicant.email)).toEqual([]);
      const events = await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", taken.id).execute();
      expect(events.map((event) => event.event)).toEqual(["request.filed", "request.assigned"]);
      // The same agent again: nothing to record.
      await anneBrowser.get(path);
      expect((await anneBrowser.post(`${path}/attribuer`, { agent: paul.id })).statusCode).toBe(303);
      expect(await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", taken.id).execute()).toHaveLength(2);
    });

    it("refuses an agent of another procedure or no agent (422), a decided request (409), another procedure's request (404), a missing CSRF token (403)", async () => {
      const filed = await request(travail, 4);
      const path = `/instruction/travail/${filed.id}`;
      const stranger = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: stranger.id, procedureSlug: "essai" }, { actorId: null });
      for (const agent of [stranger.id, "", "pas-un-uuid"]) {
        await anneBrowser.get(path);
        const refused = await anneBrowser.post(`${path}/attribuer`, { agent });
        expect(refused.statusCode).toBe(422);
        expect(refused.body).toContain("Choisissez l&#39;agent instructeur à qui attribuer les demandes.");
        expect(refused.body).toContain('href="#champ-agent"');
      }
      expect(await row(filed.id)).toMatchObject({ status: "filed", assignedAgentId: null });

      const decided = await request(travail, 5, { status: "accepted" });
      await anneBrowser.get(`/instruction/travail/${decided.id}`);
      const late = await anneBrowser.post(`/instruction/travail/${decided.id}/attribuer`, { agent: paul.id });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain("ne peut pas être attribuée");

      const elsewhere = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", filedAt: day(2) });
      await anneBrowser.get(path);
      expect((await anneBrowser.post(`/instruction/travail/${elsewhere.id}/attribuer`, { agent: paul.id })).statusCode).toBe(404);
      expect((await anneBrowser.post(`/instruction/essai/${elsewhere.id}/attribuer`, { agent: paul.id })).statusCode).toBe(404);
      expect((await row(elsewhere.id)).assignedAgentId).toBeNull();
      expect((await anneBrowser.post(`${path}/attribuer`, { agent: paul.id }, { csrf: null })).statusCode).toBe(403);
      expect((await row(filed.id)).assignedAgentId).toBeNull();
    });
  });

  describe("bulk reassignment from the list", () => {
    it("assigns the ticked requests to one agent, a history line each, and comes back to the same list", async () => {
      const procedure = await freshProcedure();
      const filed = await request(procedure, 2);
      const taken = await request(procedure, 3);
      const untouched = await request(procedure, 4);
      await assign(taken.id, anne.id);
      const url = `/instruction/${procedure.slug}?tri=depot-decroissant`;
      const list = await anneBrowser.get(url);
      expect(list.body).toContain(`name="demandes" value="${filed.id}"`);
      expect(list.body).toContain('name="liste" value="tri=depot-decroissant"');
      expect(list.body).toContain("Attribuer les demandes cochées à");
      const response = await anneBrowser.post(`/instruction/${procedure.slug}/attribuer`, { demandes: [filed.id, taken.id], "nouvel-agent": paul.id, liste: "tri=depot-decroissant" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(url);
      expect(await row(filed.id)).toMatchObject({ status: "in_instruction", assignedAgentId: paul.id });
      expect(await row(taken.id)).toMatchObject({ status: "in_instruction", assignedAgentId: paul.id });
      expect(await row(untouched.id)).toMatchObject({ status: "filed", assignedAgentId: null });
      for (const one of [filed, taken]) {
        const events = await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", one.id).where("event", "=", "request.assigned").execute();
        expect(events).toHaveLength(1);
      }
      const back = await anneBrowser.get(url);
      expect(back.body).toContain("Les demandes sélectionnées sont attribuées");
      expect(numbersIn((await anneBrowser.get(`/instruction/${procedure.slug}?agent=${paul.id}`)).body)).toEqual(shown([filed, taken]));
    });

    it("refuses nothing ticked or no agent (422, the ticks kept), a decided request among them (409, nothing assigned), another procedure's request (404)", async () => {
      const procedure = await freshProcedure();
      const filed = await request(procedure, 2);
      const decided = await request(procedure, 3, { status: "refused" });
      const url = `/instruction/${procedure.slug}`;
      await anneBrowser.get(url);
      const none = await anneBrowser.post(`${url}/attribuer`, { "nouvel-agent": paul.id, liste: "" });
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain("Cochez au moins une demande à attribuer.");
      expect(none.body).toContain('href="#champ-demandes"');
      await anneBrowser.get(url);
      const noAgent = await anneBrowser.post(`${url}/attribuer`, { demandes: [filed.id], "nouvel-agent": "", liste: "" });
      expect(noAgent.statusCode).toBe(422);
      expect(noAgent.body).toContain('href="#champ-nouvel-agent"');
      expect(noAgent.body).toContain(`name="demandes" value="${filed.id}" checked=""`);

      await anneBrowser.get(url);
      const mixed = await anneBrowser.post(`${url}/attribuer`, { demandes: [filed.id, decided.id], "nouvel-agent": paul.id, liste: "" });
      expect(mixed.statusCode).toBe(409);
      expect(mixed.body).toContain(`La demande n° ${formatRequestNumber(decided.number)} n&#39;est plus à instruire`);
      expect((await row(filed.id)).assignedAgentId).toBeNull();

      const elsewhere = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", filedAt: day(2) });
      for (const demandes of [[filed.id, elsewhere.id], ["pas-un-uuid"]]) {
        await anneBrowser.get(url);
        expect((await anneBrowser.post(`${url}/attribuer`, { demandes, "nouvel-agent": paul.id, liste: "" })).statusCode).toBe(404);
      }
      expect((await row(filed.id)).assignedAgentId).toBeNull();
      expect((await row(elsewhere.id)).assignedAgentId).toBeNull();
      await anneBrowser.get(url);
      expect((await anneBrowser.post(`${url}/attribuer`, { demandes: [filed.id], "nouvel-agent": paul.id, liste: "" }, { csrf: null })).statusCode).toBe(403);
    });

    it("answers 404 to an agent of another procedure, an applicant and a platform admin", async () => {
      const procedure = await freshProcedure();
      const filed = await request(procedure, 2);
      const stranger = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: stranger.id, procedureSlug: "essai" }, { actorId: null });
      for (const account of [stranger, await buildAccount(t.deps.db), await buildAccount(t.deps.db, { role: "platform_admin" })]) {
        const browser = new TestBrowser(t.app);
        await logInAs(browser, account);
        await browser.get("/mon-compte");
        expect((await browser.post(`/instruction/${procedure.slug}/attribuer`, { demandes: [filed.id], "nouvel-agent": account.id, liste: "" })).statusCode).toBe(404);
        expect((await browser.post(`/instruction/${procedure.slug}/${filed.id}/attribuer`, { agent: account.id })).statusCode).toBe(404);
      }
      expect(await row(filed.id)).toMatchObject({ status: "filed", assignedAgentId: null });
    });
  });
});
