import { readFile } from "node:fs/promises";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { signedInMember } from "../../../test/services.ts";
import { formatSiret } from "../../platform/french/siret.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../core/procedures/queries.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { insertGrant } from "../../core/requests/queries/payments.ts";

/** What the applicant's pages store for the demo housing request (amounts in cents). */
const HOUSING_ANSWERS = {
  "commune-souhaitee": "69123",
  "nombre-codemandeurs": "1",
  "nom-naissance": "Martin",
  "nom-usage": "Durand",
  prenom: "Camille",
  "date-naissance": "1990-05-12",
  nationalite: "francaise",
  telephone: "0612345678",
  "situation-familiale": "marie",
  codemandeurs: [{ lien: "conjoint", nom: "Durand", prenom: "Paul", "date-naissance": "1988-02-01" }],
  "personnes-a-charge": [{ nom: "Durand", prenom: "Léa", "date-naissance": "2015-09-03", lien: "enfant", "garde-alternee": "non" }],
  "enfant-attendu": "non",
  "situation-professionnelle": "cdi",
  employeur: "Hôpital Édouard-Herriot",
  "revenu-fiscal-reference": 2840000,
  salaires: 215050,
  "mode-logement": "locataire-prive",
  "loyer-actuel": 78000,
  "nombre-pieces-actuel": 2,
  "motif-principal": "trop-petit",
  "types-logement": ["t3", "t4"],
  "logement-adapte": "non",
};

async function pdfText(content: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

/** The PDF at an address, read back as text (status and type checked). */
async function download(browser: TestBrowser, url: string) {
  const response = await browser.get(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers["content-type"]).toBe("application/pdf");
  expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="[a-z-]+-[A-Z0-9]+\.pdf"$/);
  return pdfText(response.rawPayload);
}

describe("a request's documents: filing attestation, official form, decision letter", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let housing: TestProcedure;
  let essai: TestProcedure;
  // Filed ten days before the fixed clock's "now" (2 March 2026, 10:00 in Paris).
  const filedAt = new Date("2026-02-20T10:00:00Z");

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid, essai } = await loadTestProcedures(t.deps));
    const definition = await readFile(path.resolve(import.meta.dirname, "../../../procedures/logement-social.json"), "utf8");
    await loadProcedures(t.deps, [{ name: "procedures/logement-social.json", content: definition }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    const published = (await findPublishedDefinition(t.deps.db, "logement-social"))!;
    housing = { id: published.procedureId, versionId: published.versionId, slug: "logement-social" };
  });
  afterAll(() => t.close());

  /** A signed-in person and their housing request (filed on 20 February 2026 unless a draft). */
  async function housingRequest(status: Parameters<typeof buildRequest>[1]["status"] = "filed") {
    const person = await signedInAccount(t);
    const request = await buildRequest(t.deps.db, { procedure: housing, prefix: "LS", applicant: person.account, status, filedAt, answers: HOUSING_ANSWERS });
    return { ...person, request };
  }

  describe("the filing attestation", () => {
    it("says the number, the filing date, the seniority, who filed, the procedure and what it proves, with the portal's name", async () => {
      const { browser, request, account } = await housingRequest();
      const text = await download(browser, `/demandes/${request.id}/attestation.pdf`);
      const number = formatRequestNumber(request.number);
      expect(text).toContain("Attestation d'enregistrement");
      expect(text).toContain("Demande de logement social");
      expect(text).toContain(number);
      expect(text).toContain(`Demandeur : ${account.civility} ${account.firstName} ${account.lastName}`);
      expect(text).toContain("Date de dépôt : 20 février 2026 à 11:00");
      expect(text).toContain("Date de première demande (ancienneté) : 20 février 2026, soit 9 jours");
      expect(text).toContain(`Cette attestation prouve que votre demande « Demande de logement social » est enregistrée sous le numéro ${number} depuis le 20 février 2026.`);
      // The procedure's own sentence (attestation.portée), and the portal's branding.
      expect(text).toContain("Elle justifie de votre demande de logement social auprès des bailleurs");
      expect(text).toContain(t.deps.config.brand.organisation);
      expect(text).toContain(`Document établi par ${t.deps.config.brand.name}`);
    });

    it("is refused (404) for a draft, an abandoned request, another account's request and a malformed address", async () => {
      const draft = await housingRequest("draft");
      expect((await draft.browser.get(`/demandes/${draft.request.id}/attestation.pdf`)).statusCode).toBe(404);
      expect((await draft.browser.get(`/demandes/${draft.request.id}/formulaire-officiel.pdf`)).statusCode).toBe(404);
      const abandoned = await housingRequest("abandoned");
      expect((await abandoned.browser.get(`/demandes/${abandoned.request.id}/attestation.pdf`)).statusCode).toBe(404);
      const filed = await housingRequest();
      const other = await signedInAccount(t);
      for (const file of ["attestation.pdf", "formulaire-officiel.pdf", "decision.pdf"]) {
        expect((await other.browser.get(`/demandes/${filed.request.id}/${file}`)).statusCode).toBe(404);
      }
      expect((await filed.browser.get("/demandes/pas-un-identifiant/attestation.pdf")).statusCode).toBe(404);
      // Not signed in: the login page, as for the receipt.
      const anonymous = await new TestBrowser(t.app).get(`/demandes/${filed.request.id}/attestation.pdf`);
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toContain("/connexion");
    });

    it("is the organisation's for an organisation's request: the member who filed it downloads it, naming the organisation; another member does not", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const member = await signedInMember(t, organisation);
      const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant: member.account, organisationId: organisation.id, filedAt, answers: AID_ANSWERS });
      const text = await download(member.browser, `/demandes/${request.id}/attestation.pdf`);
      expect(text).toContain(`Pour le compte de : ${organisation.name}`);
      expect(text).toContain("Aide régionale aux projets des associations");
      expect(text).toContain(`(SIRET ${formatSiret(organisation.siret)})`);
      const colleague = await signedInMember(t, organisation);
      expect((await colleague.browser.get(`/demandes/${request.id}/attestation.pdf`)).statusCode).toBe(404);
    });
  });

  describe("the official form", () => {
    it("lays the housing answers out as the Cerfa 14069 sections, with the form's wording, group items and unanswered lines", async () => {
      const { browser, request } = await housingRequest();
      const text = await download(browser, `/demandes/${request.id}/formulaire-officiel.pdf`);
      expect(text).toContain("Demande de logement social");
      expect(text).toContain("Formulaire de référence : Cerfa n° 14069*04");
      expect(text).toContain(formatRequestNumber(request.number));
      expect(text).toContain("Déposée le 20 février 2026");
      const order = ["1. Vous, le demandeur", "2. La personne qui se porte co-demandeur", "3. Les personnes qui vivront dans le logement", "4. Situation professionnelle et ressources", "5. Votre logement actuel", "6. Motifs de votre demande", "7. Le logement que vous recherchez"];
      const positions = order.map((title) => text.indexOf(title));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(text).toContain("Nom de naissance : Martin");
      expect(text).toContain("Date de naissance : 12 mai 1990");
      expect(text).toContain("Situation de famille : Marié(e)".slice(0, 22));
      expect(text).toContain("Co-demandeurs : 1 élément");
      expect(text).toContain("Prénom : Paul");
      expect(text).toContain("Prénom : Léa");
      expect(text).toMatch(/Salaires nets mensuels : 2\s150,50\s€/);
      expect(text).toMatch(/Loyer mensuel, charges comprises : 780,00\s€/);
      expect(text).toContain("Employeur : Hôpital Édouard-Herriot");
      // Not answered: the line stays, as on the paper form.
      expect(text).toContain("Allocations chômage : Non renseigné");
      // The section 7 line for the commune comes from the first step.
      expect(text.indexOf("Commune souhaitée")).toBeGreaterThan(text.indexOf("7. Le logement que vous recherchez"));
    });

    it("does not exist for a procedure whose definition describes none", async () => {
      const person = await signedInAccount(t);
      const request = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", applicant: person.account, filedAt, answers: { commune: "69123" } });
      expect((await person.browser.get(`/demandes/${request.id}/formulaire-officiel.pdf`)).statusCode).toBe(404);
      expect((await person.browser.get(`/demandes/${request.id}/attestation.pdf`)).statusCode).toBe(200);
      const page = await person.browser.get("/demandes");
      expect(page.body).toContain(`href="/demandes/${request.id}/attestation.pdf"`);
      expect(page.body).not.toContain(`href="/demandes/${request.id}/formulaire-officiel.pdf"`);
    });
  });

  describe("the decision letter", () => {
    const agentPath = (request: { id: string }, action = "") => `/instruction/aide-associations/${request.id}${action ? `/${action}` : ""}`;

    it("writes a refusal with the agent's reason and the ways to appeal, dated and signed by the service", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const member = await signedInMember(t, organisation);
      const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant: member.account, organisationId: organisation.id, filedAt, answers: AID_ANSWERS });
      expect((await member.browser.get(`/demandes/${request.id}/decision.pdf`)).statusCode).toBe(404);
      const { browser: agent } = await signedInAidAgent(t);
      await agent.get(agentPath(request));
      await agent.post(agentPath(request, "prendre-en-charge"), {});
      expect((await agent.post(agentPath(request, "refuser"), { motif: "Le projet ne relève pas du dispositif." })).statusCode).toBe(303);

      const text = await download(member.browser, `/demandes/${request.id}/decision.pdf`);
      expect(text).toContain("Notification de refus");
      expect(text).toContain(`Objet : votre demande n° ${formatRequestNumber(request.number)} déposée le 20 février 2026`);
      expect(text).toContain("est refusée");
      expect(text).toContain("Motif du refus : Le projet ne relève pas du dispositif.");
      expect(text).toContain("Voies et délais de recours");
      expect(text).toContain("dans un délai de deux mois à compter de sa notification");
      expect(text).toContain("former un recours gracieux auprès du Président du conseil régional");
      expect(text).toContain("former un recours contentieux devant le tribunal administratif dans le ressort duquel se trouve le siège de l'association");
      expect(text).toContain("Direction de la vie associative");
      expect(text).toMatch(/Le \d{1,2} \S+ \d{4}/);
      // The same letter on the agent's side.
      expect(await download(agent, agentPath(request, "decision.pdf"))).toContain("Motif du refus : Le projet ne relève pas du dispositif.");
      // A refused request keeps its attestation.
      expect(await download(member.browser, `/demandes/${request.id}/attestation.pdf`)).toContain("Attestation d'enregistrement");
    });

    it("writes an acceptance with the agent's comment, and the default ways to appeal for a procedure that names none", async () => {
      const { browser: agent } = await signedInAidAgent(t);
      const essaiAgent = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: essaiAgent.id, procedureSlug: "essai" }, { actorId: null });
      const agentBrowser = new TestBrowser(t.app);
      await logInAs(agentBrowser, essaiAgent);
      const person = await signedInAccount(t);
      const request = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", applicant: person.account, filedAt, answers: { commune: "69123" } });
      const essaiPath = (action = "") => `/instruction/essai/${request.id}${action ? `/${action}` : ""}`;
      await agentBrowser.get(essaiPath());
      await agentBrowser.post(essaiPath("prendre-en-charge"), {});
      expect((await agentBrowser.post(essaiPath("accepter"), { motif: "Logement proposé dans le quartier demandé." })).statusCode).toBe(303);

      const text = await download(person.browser, `/demandes/${request.id}/decision.pdf`);
      expect(text).toContain("Notification d'acceptation");
      expect(text).toContain("est acceptée");
      expect(text).toContain("Observations du service : Logement proposé dans le quartier demandé.");
      expect(text).not.toContain("Montant accordé");
      // Once the agent records the amount granted ("Versements"), the letter states it.
      await insertGrant(t.deps.db, { requestId: request.id, amountCents: 150050, recordedBy: essaiAgent.id, now: new Date() });
      expect(await download(person.browser, `/demandes/${request.id}/decision.pdf`)).toMatch(/Montant accordé : 1\s500,50\s€/);
      expect(text).toContain(`former un recours gracieux auprès de l'auteur de la décision (${t.deps.config.brand.organisation})`);
      expect(text).toContain("devant le tribunal administratif compétent");
      // An agent of another procedure gets a 404.
      expect((await agent.get(essaiPath("decision.pdf"))).statusCode).toBe(404);
    });
  });

  describe("on the agents' side", () => {
    it("are the procedure's agents' only: a draft, an applicant's account and an agent of another procedure get a 404; a closed request has its attestation but no letter", async () => {
      const { browser: agent } = await signedInAidAgent(t);
      const draft = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", status: "draft", filedAt, answers: AID_ANSWERS });
      expect((await agent.get(`/instruction/aide-associations/${draft.id}/attestation.pdf`)).statusCode).toBe(404);
      const closed = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", status: "closed", filedAt, answers: AID_ANSWERS });
      expect(await download(agent, `/instruction/aide-associations/${closed.id}/attestation.pdf`)).toContain(formatRequestNumber(closed.number));
      expect((await agent.get(`/instruction/aide-associations/${closed.id}/decision.pdf`)).statusCode).toBe(404);
      // The request under another procedure's address is not found either.
      expect((await agent.get(`/instruction/essai/${closed.id}/attestation.pdf`)).statusCode).toBe(404);

      const applicant = await signedInAccount(t);
      expect((await applicant.browser.get(`/instruction/aide-associations/${closed.id}/attestation.pdf`)).statusCode).toBe(404);
      const otherAgent = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: otherAgent.id, procedureSlug: "essai" }, { actorId: null });
      const otherBrowser = new TestBrowser(t.app);
      await logInAs(otherBrowser, otherAgent);
      expect((await otherBrowser.get(`/instruction/aide-associations/${closed.id}/attestation.pdf`)).statusCode).toBe(404);
      expect((await otherBrowser.get(`/instruction/aide-associations/${closed.id}/formulaire-officiel.pdf`)).statusCode).toBe(404);
    });
  });

  describe("where they are offered", () => {
    it("lists them on Mes demandes, on the request's page and on the agent's page, each once it exists", async () => {
      const { browser, request } = await housingRequest();
      const list = await browser.get("/demandes");
      expect(list.body).toContain(`href="/demandes/${request.id}/attestation.pdf"`);
      expect(list.body).toContain(`href="/demandes/${request.id}/formulaire-officiel.pdf"`);
      expect(list.body).not.toContain(`href="/demandes/${request.id}/decision.pdf"`);
      const page = await browser.get(`/demandes/${request.id}`);
      expect(page.body).toContain("Attestation d&#39;enregistrement (PDF)");
      expect(page.body).toContain(`href="/demandes/${request.id}/formulaire-officiel.pdf"`);

      const draft = await housingRequest("draft");
      expect((await draft.browser.get("/demandes")).body).not.toContain("attestation.pdf");

      const { browser: agent } = await signedInAidAgent(t);
      const aidRequest = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt, answers: AID_ANSWERS });
      const agentPage = await agent.get(`/instruction/aide-associations/${aidRequest.id}`);
      expect(agentPage.body).toContain("Documents de la demande");
      expect(agentPage.body).toContain(`href="/instruction/aide-associations/${aidRequest.id}/attestation.pdf"`);
      expect(agentPage.body).toContain(`href="/instruction/aide-associations/${aidRequest.id}/formulaire-officiel.pdf"`);
      const form = await download(agent, `/instruction/aide-associations/${aidRequest.id}/formulaire-officiel.pdf`);
      expect(form).toContain("Cerfa n° 12156*06");
      expect(form).toContain("Intitulé : Fête de quartier des Lilas");
      expect(form).toMatch(/Coût total du projet : 12\s500,50\s€/);
    });
  });
});
