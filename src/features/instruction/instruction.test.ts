import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { buildPdf } from "../../platform/uploads/test-files.ts";
import { storeUpload } from "../../platform/uploads/uploads.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { attachAgent } from "./attach-agent.ts";
import { listProcedureRequests } from "../../core/requests/queries/agents.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";

describe("instruction: the agents' pages", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let essai: TestProcedure;
  let agent: BuiltAccount;
  let browser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid, essai } = await loadTestProcedures(t.deps));
    ({ agent, browser } = await signedInAidAgent(t));
  });
  afterAll(() => t.close());

  const requestRow = (id: string) => t.deps.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const aidRequest = (input: Partial<Parameters<typeof buildRequest>[1]> = {}) => buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: day(2), answers: AID_ANSWERS, ...input });
  const pathOf = (request: { id: string }, action = "") => `/instruction/aide-associations/${request.id}${action ? `/${action}` : ""}`;

  describe("who may see them", () => {
    it("sends anonymous visitors to the login page and answers 404 to applicants and platform admins", async () => {
      const request = await aidRequest();
      const anonymous = new TestBrowser(t.app);
      expect((await anonymous.get("/instruction")).headers.location).toBe("/connexion?retour=%2Finstruction");
      for (const role of ["applicant", "platform_admin"] as const) {
        const other = new TestBrowser(t.app);
        await logInAs(other, await buildAccount(t.deps.db, { role }));
        expect((await other.get("/instruction")).statusCode).toBe(404);
        expect((await other.get("/instruction/aide-associations")).statusCode).toBe(404);
        expect((await other.get(pathOf(request))).statusCode).toBe(404);
        await other.get("/mon-compte");
        expect((await other.post(pathOf(request, "prendre-en-charge"), {})).statusCode).toBe(404);
      }
      expect((await requestRow(request.id)).status).toBe("filed");
    });

    it("answers 404 to an agent of another procedure, who sees only their own", async () => {
      const request = await aidRequest();
      const other = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: other.id, procedureSlug: "essai" }, { actorId: null });
      const otherBrowser = new TestBrowser(t.app);
      await logInAs(otherBrowser, other);
      const home = await otherBrowser.get("/instruction");
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('href="/instruction/essai"');
      expect(home.body).not.toContain("aide-associations");
      expect((await otherBrowser.get("/instruction/aide-associations")).statusCode).toBe(404);
      expect((await otherBrowser.get(pathOf(request))).statusCode).toBe(404);
      expect((await otherBrowser.get(`/instruction/essai/${request.id}`)).statusCode).toBe(404);
      expect((await otherBrowser.get(pathOf(request, "accepter"))).statusCode).toBe(404);
      await otherBrowser.get("/instruction");
      expect((await otherBrowser.post(`/instruction/essai/${request.id}/prendre-en-charge`, {})).statusCode).toBe(404);
      expect((await requestRow(request.id)).status).toBe("filed");
    });

    it("answers 404 for a request of another procedure addressed under the agent's own, a draft, or a malformed id", async () => {
      const other = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", filedAt: day(3) });
      const draft = await aidRequest({ status: "draft" });
      expect((await browser.get(pathOf(other))).statusCode).toBe(404);
      expect((await browser.get(pathOf(draft))).statusCode).toBe(404);
      expect((await browser.get("/instruction/aide-associations/pas-un-uuid")).statusCode).toBe(404);
      await browser.get("/instruction");
      expect((await browser.post(pathOf(other, "prendre-en-charge"), {})).statusCode).toBe(404);
      expect((await requestRow(other.id)).status).toBe("filed");
    });
  });

  describe("the lists", () => {
    // A procedure of its own, so that counts and pages do not depend on the other tests.
    let listAgent: TestBrowser;
    let requests: Awaited<ReturnType<typeof buildRequest>>[];

    let liste: TestProcedure;

    beforeAll(async () => {
      await loadProcedures(t.deps, [{ name: "procedures/liste.json", content: JSON.stringify(buildDefinition({ slug: "liste", titre: "Démarche listée", préfixe_numéro: "LI" })) }], { via: "cli" });
      await publishProcedure(t.deps, { slug: "liste" }, { actorId: null });
      const row = await t.deps.db.selectFrom("procedures").select(["id", "currentVersionId"]).where("slug", "=", "liste").executeTakeFirstOrThrow();
      liste = { id: row.id, versionId: row.currentVersionId!, slug: "liste" };
      const account = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: account.id, procedureSlug: "liste" }, { actorId: null });
      listAgent = new TestBrowser(t.app);
      await logInAs(listAgent, account);
      requests = [];
      for (let i = 0; i < 52; i++) requests.push(await buildRequest(t.deps.db, { procedure: liste, prefix: "LI", filedAt: new Date(Date.UTC(2026, 0, 1, 8, i)) }));
      const zephyrin = await buildAccount(t.deps.db, { lastName: "Zéphyrin", firstName: "Aurore" });
      requests.push(await buildRequest(t.deps.db, { procedure: liste, prefix: "LI", filedAt: day(5), applicant: zephyrin, status: "in_instruction" }));
      requests.push(await buildRequest(t.deps.db, { procedure: liste, prefix: "LI", filedAt: day(6), status: "abandoned" }));
      requests.push(await buildRequest(t.deps.db, { procedure: liste, prefix: "LI", filedAt: day(7), status: "refused" }));
      await buildRequest(t.deps.db, { procedure: liste, prefix: "LI", filedAt: day(8), status: "draft" });
    });

    it("show the agent's procedures with their counts per status", async () => {
      const home = await listAgent.get("/instruction");
      expect(home.body).toContain("<h1>Instruction</h1>");
      const row = /<tr><th scope="row"><a href="\/instruction\/liste">Démarche listée<\/a>[\s\S]*?<\/tr>/.exec(home.body)?.[0] ?? "";
      // Déposée, En instruction, Acceptée, Refusée, Classée sans suite, Abandonnée, Expirée.
      expect([...row.matchAll(/<td>(\d+)<\/td>/g)].map((match) => Number(match[1]))).toEqual([52, 1, 0, 1, 0, 1, 0]);
    });

    it("list 50 requests per page by filing date, oldest first, leaving drafts and abandoned requests out by default", async () => {
      const first = await listAgent.get("/instruction/liste");
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain("(54 demandes, page 1 sur 2)");
      expect(first.body.indexOf(formatRequestNumber(requests[0]!.number))).toBeLessThan(first.body.indexOf(formatRequestNumber(requests[1]!.number)));
      expect([...first.body.matchAll(/<th scope="row" data-label="Numéro"><a href="\/instruction\/liste\//g)]).toHaveLength(50);
      expect(first.body).toContain('href="/instruction/liste?page=2"');

      const second = await listAgent.get("/instruction/liste?page=2");
      expect([...second.body.matchAll(/<th scope="row" data-label="Numéro"><a href="\/instruction\/liste\//g)]).toHaveLength(4);
      expect(second.body).toContain(formatRequestNumber(requests[52]!.number)); // in instruction
      expect(second.body).toContain(formatRequestNumber(requests[54]!.number)); // refused
      expect(second.body).not.toContain(formatRequestNumber(requests[53]!.number)); // abandoned
      expect((await listAgent.get("/instruction/liste?page=3")).statusCode).toBe(404);
    });

    it("stop counting past a cap, so that a long queue costs no more than a page", async () => {
      const statuses = ["filed", "in_instruction"] as const;
      const capped = await listProcedureRequests(t.deps.db, { procedureId: liste.id, statuses, search: { kind: "none" }, limit: 2, offset: 0, countCap: 10 });
      expect(capped).toMatchObject({ total: 10, capped: true });
      expect(capped.requests.map((request) => request.id)).toEqual([requests[0]!.id, requests[1]!.id]);
      const counted = await listProcedureRequests(t.deps.db, { procedureId: liste.id, statuses, search: { kind: "none" }, limit: 2, offset: 0, countCap: 53 });
      expect(counted).toMatchObject({ total: 53, capped: false });
    });

    it("filter by status, abandoned requests included when asked for", async () => {
      const abandoned = await listAgent.get("/instruction/liste?statut=abandonnees");
      expect(abandoned.body).toContain("(1 demande)");
      expect(abandoned.body).toContain(formatRequestNumber(requests[53]!.number));
      const inInstruction = await listAgent.get("/instruction/liste?statut=en-instruction");
      expect(inInstruction.body).toContain("(1 demande)");
      expect(inInstruction.body).toContain(formatRequestNumber(requests[52]!.number));
      expect(inInstruction.body).toContain('<option value="en-instruction" selected="">En instruction</option>');
      const filed = await listAgent.get("/instruction/liste?statut=deposees");
      expect(filed.body).toContain("(52 demandes, page 1 sur 2)");
      expect(filed.body).toContain('href="/instruction/liste?statut=deposees&amp;page=2"');
    });

    it("find a request by its number typed with spaces, dashes or in lower case, whatever the filter", async () => {
      const wanted = requests[53]!; // abandoned: out of the default list, found by its number
      const typed = formatRequestNumber(wanted.number).toLowerCase();
      const found = await listAgent.get(`/instruction/liste?recherche=${encodeURIComponent(typed)}`);
      expect(found.statusCode).toBe(200);
      expect(found.body).toContain("(1 demande)");
      expect(found.body).toContain(`href="/instruction/liste/${wanted.id}"`);
      expect(found.body).toContain(`value="${typed}"`);
      const dashed = await listAgent.get(`/instruction/liste?recherche=${formatRequestNumber(requests[3]!.number, "-")}`);
      expect(dashed.body).toContain(`href="/instruction/liste/${requests[3]!.id}"`);
      expect(dashed.body).toContain("(1 demande)");
    });

    it("find requests by the applicant's name, and explain a mistyped number (422)", async () => {
      const byName = await listAgent.get(`/instruction/liste?recherche=${encodeURIComponent("zéphy")}`);
      expect(byName.body).toContain("(1 demande)");
      expect(byName.body).toContain(`href="/instruction/liste/${requests[52]!.id}"`);
      expect(byName.body).toContain("Aurore Zéphyrin");
      const fullName = await listAgent.get(`/instruction/liste?recherche=${encodeURIComponent("Aurore Zéphyrin")}`);
      expect(fullName.body).toContain("(1 demande)");
      const nobody = await listAgent.get("/instruction/liste?recherche=Personne");
      expect(nobody.body).toContain("Aucune demande ne correspond");

      const number = requests[0]!.number;
      const wrong = number.slice(0, 5) + (number[5] === "B" ? "C" : "B") + number.slice(6);
      const mistyped = await listAgent.get(`/instruction/liste?recherche=${wrong}`);
      expect(mistyped.statusCode).toBe(422);
      expect(mistyped.body).toContain("Ce numéro n&#39;est pas valide : vérifiez-le, un caractère a peut-être été mal recopié.");
      expect(mistyped.body).toContain('href="#champ-recherche"');
    });
  });

  describe("a request's page", () => {
    it("shows its grouped number, status, dates, applicant, answers step by step, documents and history", async () => {
      const applicant = await buildAccount(t.deps.db, { civility: "M.", firstName: "Jules", lastName: "Ferrand" });
      const request = await aidRequest({ applicant });
      const pdf = await buildPdf("Budget prévisionnel 2026");
      const stored = await storeUpload(t.deps, { content: pdf, declaredName: "budget 2026.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
      if (!stored.ok) throw new Error(stored.message);
      await t.deps.db.insertInto("uploads").values(stored.upload).execute();
      await t.deps.db.insertInto("requestDocuments").values({ requestId: request.id, documentId: "budget-previsionnel-structure", uploadId: stored.upload.id, uploadedBy: applicant.id, createdAt: day(2) }).execute();

      const page = await browser.get(pathOf(request));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<h1>Demande n° ${formatRequestNumber(request.number)}</h1>`);
      expect(page.body).toContain("Déposée</span>");
      expect(page.body).toContain("M. Jules Ferrand");
      expect(page.body).toContain(applicant.email);
      expect(page.body).toContain("Fête de quartier des Lilas");
      expect(page.body).toMatch(/12\s500,50\s€/); // the amount in cents, read as people write it
      expect(page.body).toContain("<h3 id=\"etape-budget\">Budget</h3>");
      expect(page.body).toContain("Demande déposée par Jules Ferrand");
      expect(page.body).toContain(">Prendre en charge</button>");
      expect(page.body).toContain(`href="${pathOf(request, `pieces/${stored.upload.id}`)}"`);
      expect(page.body).toContain("Budget prévisionnel de la structure");

      const download = await browser.get(pathOf(request, `pieces/${stored.upload.id}`));
      expect(download.statusCode).toBe(200);
      expect(download.headers["content-type"]).toBe("application/pdf");
      expect(download.headers["content-disposition"]).toContain("attachment");
      expect(download.rawPayload.equals(pdf)).toBe(true);
      // The same file asked for under another request is not found.
      const other = await aidRequest();
      expect((await browser.get(pathOf(other, `pieces/${stored.upload.id}`))).statusCode).toBe(404);
    });
  });

  describe("taking in charge and deciding", () => {
    it("takes a request in charge: assigned to the agent, recorded, audited, the applicant mailed", async () => {
      const request = await aidRequest();
      await browser.get(pathOf(request));
      const taken = await browser.post(pathOf(request, "prendre-en-charge"), {});
      expect(taken.statusCode).toBe(303);
      expect(taken.headers.location).toBe(pathOf(request));
      expect(await requestRow(request.id)).toMatchObject({ status: "in_instruction", assignedAgentId: agent.id });
      const page = await browser.get(pathOf(request));
      expect(page.body).toContain("Vous avez pris en charge la demande");
      expect(page.body).toContain("Prise en charge par Lucie Bernard (agent)");
      expect(page.body).toContain(">Accepter</a>");
      const [mail] = await mailsTo(t.deps.db, request.applicant.email);
      expect(mail?.subject).toContain("Votre demande est prise en charge");
      expect(mail?.textBody).toContain(formatRequestNumber(request.number));
      const audit = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "request.taken").where("actorId", "=", agent.id).execute();
      expect(audit.some((event) => (event.details as { requestId?: string }).requestId === request.id)).toBe(true);

      // Taking it again (a second tab) is explained.
      const again = await browser.post(pathOf(request, "prendre-en-charge"), {});
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain("Cette demande est déjà prise en charge.");
    });

    it("refuses without a reason with a 422 naming the field, then refuses with one and mails it", async () => {
      const request = await aidRequest();
      await browser.get(pathOf(request));
      await browser.post(pathOf(request, "prendre-en-charge"), {});
      const confirm = await browser.get(pathOf(request, "refuser"));
      expect(confirm.body).toContain("<h1>Refuser la demande</h1>");
      const missing = await browser.post(pathOf(request, "refuser"), { motif: "  " });
      expect(missing.statusCode).toBe(422);
      expect(missing.body).toContain("Indiquez le motif du refus : il est communiqué au demandeur.");
      expect(missing.body).toContain('href="#champ-motif"');
      expect((await requestRow(request.id)).status).toBe("in_instruction");

      const refused = await browser.post(pathOf(request, "refuser"), { motif: "Le projet ne relève pas du dispositif." });
      expect(refused.statusCode).toBe(303);
      const row = await requestRow(request.id);
      expect(row.status).toBe("refused");
      expect(row.decidedAt).not.toBeNull();
      const [mail] = await mailsTo(t.deps.db, request.applicant.email);
      expect(mail?.subject).toContain("Votre demande est refusée");
      expect(mail?.textBody).toContain("Motif du refus : Le projet ne relève pas du dispositif.");
      const page = await browser.get(pathOf(request));
      expect(page.body).toContain("Motif : Le projet ne relève pas du dispositif.");
      expect(page.body).toContain("Cette demande est décidée : aucune action n&#39;est possible.");
    });

    it("accepts and closes without follow-up after confirmation, mailing the applicant each time", async () => {
      const accepted = await aidRequest();
      const closed = await aidRequest();
      for (const [request, path, subject, status] of [
        [accepted, "accepter", "Votre demande est acceptée", "accepted"],
        [closed, "classer-sans-suite", "Votre demande est classée sans suite", "closed"],
      ] as const) {
        await browser.get(pathOf(request));
        await browser.post(pathOf(request, "prendre-en-charge"), {});
        expect((await browser.get(pathOf(request, path))).statusCode).toBe(200);
        const done = await browser.post(pathOf(request, path), { motif: "" });
        expect(done.statusCode).toBe(303);
        expect((await requestRow(request.id)).status).toBe(status);
        const mails = await mailsTo(t.deps.db, request.applicant.email);
        expect(mails.map((mail) => mail.subject.split(" - ")[0])).toEqual([subject, "Votre demande est prise en charge"]);
      }
    });

    it("will not decide a request that is not taken in charge yet", async () => {
      const request = await aidRequest();
      await browser.get(pathOf(request, "accepter"));
      const refused = await browser.post(pathOf(request, "accepter"), { motif: "" });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain("La demande doit être prise en charge avant d&#39;être décidée.");
      expect((await requestRow(request.id)).status).toBe("filed");
    });

    it("will not decide while a documents request is open: explained (409), nothing changed, no mail", async () => {
      const request = await aidRequest();
      await browser.get(pathOf(request));
      await browser.post(pathOf(request, "prendre-en-charge"), {});
      await t.deps.db
        .insertInto("requestAsks")
        .values({ requestId: request.id, kind: "documents", message: "Merci de fournir le RIB.", askedBy: agent.id, askedAt: t.clock.now(), askedDocuments: JSON.stringify([{ label: "RIB" }]) })
        .execute();
      const page = await browser.get(pathOf(request));
      expect(page.body).toContain("Accepter, refuser, classer sans suite : impossible tant qu&#39;une demande de pièces complémentaires");
      expect(page.body).not.toContain(`href="${pathOf(request, "accepter")}"`);
      for (const [path, fields] of [
        ["accepter", { motif: "" }],
        ["refuser", { motif: "Incomplet" }],
        ["classer-sans-suite", { motif: "" }],
      ] as const) {
        await browser.get(pathOf(request, path));
        const decided = await browser.post(pathOf(request, path), fields);
        expect(decided.statusCode).toBe(409);
        expect(decided.body).toContain("Une demande de pièces complémentaires est en cours : la demande ne peut pas être décidée avant la réponse du demandeur.");
      }
      expect((await requestRow(request.id)).status).toBe("in_instruction");
      expect(await mailsTo(t.deps.db, request.applicant.email)).toHaveLength(1); // the taking in charge only
    });

    it("shows an abandoned request with its history but no action", async () => {
      const request = await aidRequest({ status: "abandoned" });
      const page = await browser.get(pathOf(request));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Abandonnée</span>");
      expect(page.body).toContain("Le demandeur a abandonné cette demande : elle ne peut plus être instruite.");
      expect(page.body).not.toContain(">Prendre en charge</button>");
    });
  });
});
