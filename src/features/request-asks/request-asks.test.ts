import { sql } from "kysely";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { buildPdf, buildWindowsExecutable } from "../../platform/uploads/test-files.ts";
import { storeUpload } from "../../platform/uploads/uploads.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { detachAgent } from "../instruction/detach-agent.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { buildDefinition } from "../../../test/procedures.ts";

/** Posts one file as the "Ajouter" form does (multipart, token first), with the browser's cookies. */
async function upload(t: TestApp, browser: TestBrowser, url: string, file: { name: string; content: Buffer }) {
  const boundary = "----guichet-asks-test";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken()}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  const response = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
  if (response.headers["content-type"]?.toString().startsWith("text/html")) browser.lastPage = response.body;
  return response;
}

/** A page's text as a person reads it (apostrophes and quotes unescaped). */
const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

/** Every link of the page's error summary leads to an element of the page; returns their targets. */
function expectSummaryTargets(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
  const targets = [...summary.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
  expect(targets.length).toBeGreaterThan(0);
  for (const target of targets) expect(html, `#${target}`).toContain(`id="${target}"`);
  return targets;
}

async function pdfText(base64: string): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.from(base64, "base64"))), { mergePages: true });
  return text;
}

describe("request asks: the agent asks, the applicant answers", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let essai: TestProcedure;
  let agent: BuiltAccount;
  let agentBrowser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid, essai } = await loadTestProcedures(t.deps));
    ({ agent, browser: agentBrowser } = await signedInAidAgent(t));
  });
  afterAll(() => t.close());

  const agentPath = (request: { id: string }, action = "") => `/instruction/aide-associations/${request.id}${action ? `/${action}` : ""}`;
  const asksOf = (requestId: string) => t.deps.db.selectFrom("requestAsks").selectAll().where("requestId", "=", requestId).orderBy("askedAt").execute();
  const answersOf = async (requestId: string) => {
    const row = await t.deps.db.selectFrom("requests").select(sql<string>`answers::text`.as("text")).where("id", "=", requestId).executeTakeFirstOrThrow();
    return JSON.parse(row.text) as Record<string, unknown>;
  };
  const eventsOf = (requestId: string) => t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", requestId).orderBy("id").execute();

  /** A request in instruction, its applicant logged in on their own browser. */
  async function requestInInstruction(status: "in_instruction" | "filed" = "in_instruction") {
    const applicant = await buildAccount(t.deps.db, { civility: "M.", firstName: "Jules", lastName: "Ferrand" });
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: day(2), status, answers: { ...AID_ANSWERS, "nature-aide": "projet" } });
    if (status === "in_instruction") await t.deps.db.updateTable("requests").set({ assignedAgentId: agent.id, takenAt: day(3) }).where("id", "=", request.id).execute();
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    return { request, applicant, browser };
  }

  async function askModification(request: { id: string }, fields: Record<string, string | string[]>) {
    await agentBrowser.get(agentPath(request, "demander-modification"));
    return agentBrowser.post(agentPath(request, "demander-modification"), fields);
  }

  async function askDocuments(request: { id: string }, fields: Record<string, string | string[]>) {
    await agentBrowser.get(agentPath(request, "demander-pieces"));
    return agentBrowser.post(agentPath(request, "demander-pieces"), fields);
  }

  describe("asking for a modification", () => {
    it("refuses an empty message, no step, or a step the request does not have, and stores nothing", async () => {
      const { request } = await requestInInstruction();
      const empty = await askModification(request, { message: "  ", etapes: "projet" });
      expect(empty.statusCode).toBe(422);
      expect(text(empty.body)).toContain("Indiquez au demandeur ce qu'il doit modifier.");
      expect(text(empty.body)).toContain('value="projet" checked');

      const none = await askModification(request, { message: "Précisez le budget." });
      expect(none.statusCode).toBe(422);
      expect(text(none.body)).toContain("Cochez au moins une étape");
      expect(text(none.body)).toContain("Précisez le budget.");

      const unknown = await askModification(request, { message: "Précisez le budget.", etapes: ["projet", "etape-inventee"] });
      expect(unknown.statusCode).toBe(422);
      expect(text(unknown.body)).toContain("Une des étapes cochées n'existe pas");
      expect(await asksOf(request.id)).toEqual([]);
    });

    it("is possible only on a request in instruction: a filed one must be taken in charge first", async () => {
      const { request } = await requestInInstruction("filed");
      const page = await agentBrowser.get(agentPath(request));
      expect(text(page.body)).not.toContain("Demander une modification</a>");
      expect(text(page.body)).toContain("Prenez la demande en charge pour demander une modification");
      const refused = await askModification(request, { message: "Précisez le budget.", etapes: "projet" });
      expect(refused.statusCode).toBe(409);
      expect(text(refused.body)).toContain("Prenez d'abord la demande en charge");
      expect(await asksOf(request.id)).toEqual([]);
    });

    it("answers 404 to an applicant, or an agent of another procedure", async () => {
      const { request, browser } = await requestInInstruction();
      expect((await browser.get(agentPath(request, "demander-modification"))).statusCode).toBe(404);
      const other = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: other.id, procedureSlug: "essai" }, { actorId: null });
      const otherBrowser = new TestBrowser(t.app);
      await logInAs(otherBrowser, other);
      expect((await otherBrowser.get(agentPath(request, "demander-modification"))).statusCode).toBe(404);
      await otherBrowser.get("/instruction");
      expect((await otherBrowser.post(agentPath(request, "demander-modification"), { message: "x", etapes: "projet" })).statusCode).toBe(404);
      expect(await asksOf(request.id)).toEqual([]);
    });

    it("unlocks only the steps picked: the applicant edits them, sends the contribution, and gets the PDF of what changed", async () => {
      const { request, applicant, browser } = await requestInInstruction();
      const asked = await askModification(request, { message: "Précisez l'intitulé du projet.", etapes: "projet" });
      expect(asked.statusCode).toBe(303);
      const [ask] = await asksOf(request.id);
      expect(ask).toMatchObject({ kind: "modification", status: "open", unlockedSteps: ["projet"], message: "Précisez l'intitulé du projet.", askedBy: agent.id });
      const [askMail] = await mailsTo(t.deps.db, applicant.email);
      expect(askMail?.subject).toMatch(/^Demande de contribution pour modification/);
      expect(askMail?.textBody).toContain("Précisez l'intitulé du projet.");
      expect(askMail?.textBody).toContain(`/demandes/${request.id}`);
      // A second modification ask while one is open is refused.
      expect((await askModification(request, { message: "Encore.", etapes: "budget" })).statusCode).toBe(409);

      const consult = await browser.get(`/demandes/${request.id}`);
      expect(text(consult.body)).toContain("Demande de contribution pour modification");
      expect(text(consult.body)).toContain(`href="/demandes/${request.id}/contribution"`);
      const contribution = await browser.get(`/demandes/${request.id}/contribution`);
      expect(contribution.statusCode).toBe(200);
      expect(text(contribution.body)).toContain("Précisez l'intitulé du projet.");
      expect(text(contribution.body)).toContain(`href="/demandes/${request.id}/contribution/projet"`);
      expect(text(contribution.body)).not.toContain(`/contribution/association"`);

      // A step the agent did not unlock: not found, through this page or the draft's step page, and never saved.
      const before = await answersOf(request.id);
      expect((await browser.get(`/demandes/${request.id}/contribution/association`)).statusCode).toBe(404);
      await browser.get(`/demandes/${request.id}/contribution`);
      expect((await browser.post(`/demandes/${request.id}/contribution/association`, { siret: "84971997600011", "representant-nom": "Intrus" })).statusCode).toBe(404);
      await browser.get(`/demandes/${request.id}/contribution`);
      expect((await browser.post(`/demandes/${request.id}/association`, { siret: "84971997600011", "representant-nom": "Intrus" })).statusCode).toBe(409);
      expect(await answersOf(request.id)).toEqual(before);
      expect((await asksOf(request.id))[0]?.answer).toBeNull();

      // Required fields are required, as at filing: nothing is kept.
      await browser.get(`/demandes/${request.id}/contribution/projet`);
      const invalid = await browser.post(`/demandes/${request.id}/contribution/projet`, { "intitule-projet": "", "description-projet": "Une journée.", "nature-aide": "projet", action: "enregistrer" });
      expect(invalid.statusCode).toBe(422);
      expect(text(invalid.body)).toContain("error-summary");
      expect((await asksOf(request.id))[0]?.answer).toBeNull();

      await browser.get(`/demandes/${request.id}/contribution/projet`);
      const saved = await browser.post(`/demandes/${request.id}/contribution/projet`, {
        "intitule-projet": "Fête de quartier des Lilas et des Roses",
        "description-projet": AID_ANSWERS["description-projet"],
        "nature-aide": "projet",
        action: "enregistrer",
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`/demandes/${request.id}/contribution`);
      // Not yet sent: the agent still reads the request as filed.
      expect((await answersOf(request.id))["intitule-projet"]).toBe("Fête de quartier des Lilas");
      expect((await browser.get(`/demandes/${request.id}/contribution`)).body).toContain("Fête de quartier des Lilas et des Roses");

      // Another person reaches none of it.
      const stranger = new TestBrowser(t.app);
      await logInAs(stranger, await buildAccount(t.deps.db));
      expect((await stranger.get(`/demandes/${request.id}/contribution`)).statusCode).toBe(404);
      await stranger.get("/demandes");
      expect((await stranger.post(`/demandes/${request.id}/contribution`, {})).statusCode).toBe(404);

      await browser.get(`/demandes/${request.id}/contribution`);
      const sent = await browser.post(`/demandes/${request.id}/contribution`, {});
      expect(sent.statusCode).toBe(303);
      expect((await answersOf(request.id))["intitule-projet"]).toBe("Fête de quartier des Lilas et des Roses");
      const [answered] = await asksOf(request.id);
      expect(answered?.status).toBe("answered");
      expect(answered?.answer).toMatchObject({
        changes: [{ stepId: "projet", fieldId: "intitule-projet", label: "Intitulé du projet", before: "Fête de quartier des Lilas", after: "Fête de quartier des Lilas et des Roses" }],
      });

      // The confirmation and its PDF are built by a job once the contribution is committed.
      expect(await runWaitingJobs(t, "request-pdf-mail")).toBe(1);
      const [confirmation] = await mailsTo(t.deps.db, applicant.email);
      expect(confirmation?.subject).toMatch(/^Votre demande a été modifiée/);
      expect(confirmation?.attachments).toHaveLength(1);
      expect(confirmation?.attachments[0]?.contentType).toBe("application/pdf");
      const pdf = await pdfText(confirmation!.attachments[0]!.content);
      expect(pdf).toContain("Récapitulatif des informations modifiées");
      expect(pdf).toContain("Intitulé du projet");
      expect(pdf).toMatch(/Avant : Fête de quartier des Lilas\s/);
      expect(pdf).toContain("Après : Fête de quartier des Lilas et des Roses");
      const [notice] = await mailsTo(t.deps.db, agent.email);
      expect(notice?.subject).toMatch(/^Contribution pour modification reçue/);

      // Answering an answered ask: refused, nothing sent again.
      await browser.get(`/demandes/${request.id}`);
      const again = await browser.post(`/demandes/${request.id}/contribution`, {});
      expect(again.statusCode).toBe(409);
      expect((await mailsTo(t.deps.db, applicant.email)).length).toBe(2);
      expect((await browser.get(`/demandes/${request.id}/contribution/projet`)).statusCode).toBe(404);

      const agentPage = await agentBrowser.get(agentPath(request));
      expect(text(agentPage.body)).toContain("Informations modifiées par le demandeur");
      expect(text(agentPage.body)).toContain("Fête de quartier des Lilas et des Roses");
      expect(text(agentPage.body)).toContain("Réponse reçue");

      const history = await browser.get(`/demandes/${request.id}/historique`);
      expect(text(history.body)).toContain("Demande de contribution pour modification");
      expect(text(history.body)).toContain("Contribution pour modification envoyée");
      expect((await eventsOf(request.id)).map((event) => event.event)).toEqual(["request.filed", "ask.modification_requested", "ask.modification_answered"]);
    });
  });

  it("lets the applicant add a row to a repeatable group of an unlocked step, saving nothing until they save", async () => {
    const { request, browser } = await requestInInstruction();
    await askModification(request, { message: "Indiquez vos autres financements.", etapes: "budget" });
    const stepPath = `/demandes/${request.id}/contribution/budget`;
    await browser.get(stepPath);
    const added = await browser.post(stepPath, { "cout-total": "12 500,50", "montant-demande": "5 000", _groupe: "autres-financements:ajouter" });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('name="autres-financements[0].financeur"');
    expect((await asksOf(request.id))[0]?.answer).toBeNull();
    const saved = await browser.post(stepPath, {
      "cout-total": "12 500,50",
      "montant-demande": "5 000",
      "autres-financements[0].financeur": "Commune de Cahors",
      "autres-financements[0].montant": "1 500",
      "autres-financements[0].statut": "acquis",
      action: "enregistrer",
    });
    expect(saved.statusCode).toBe(303);
    await browser.get(`/demandes/${request.id}/contribution`);
    expect((await browser.post(`/demandes/${request.id}/contribution`, {})).statusCode).toBe(303);
    const changes = ((await asksOf(request.id))[0]?.answer as { changes: { fieldId: string; before: string; after: string }[] }).changes;
    expect(changes.map((change) => change.fieldId)).toEqual(["autres-financements"]);
    expect(changes[0]).toMatchObject({ before: "Non renseigné", after: expect.stringContaining("Financeur 1 (Financeur : Commune de Cahors") });
  });

  describe("asking for documents", () => {
    async function withProvidedDocument(request: { id: string }, applicant: { id: string }) {
      const stored = await storeUpload(t.deps, { content: await buildPdf("Budget illisible"), declaredName: "budget.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
      if (!stored.ok) throw new Error(stored.message);
      await t.deps.db.insertInto("uploads").values(stored.upload).execute();
      return t.deps.db
        .insertInto("requestDocuments")
        .values({ requestId: request.id, documentId: "budget-previsionnel-structure", uploadId: stored.upload.id, uploadedBy: applicant.id, createdAt: day(2) })
        .returning("id")
        .executeTakeFirstOrThrow();
    }

    it("refuses nothing asked, an unknown document, a non-conforming file without reason, a precision without a name", async () => {
      const { request, applicant } = await requestInInstruction();
      const document = await withProvidedDocument(request, applicant);
      expect((await askDocuments(request, { message: "" })).body).toContain("Indiquez au moins une pièce à fournir");
      const unknown = await askDocuments(request, { pieces: "piece-inventee" });
      expect(unknown.statusCode).toBe(422);
      expect(text(unknown.body)).toContain("Une des pièces cochées n'existe pas");
      const noReason = await askDocuments(request, { "non-conforme": document.id, [`motif-${document.id}`]: "" });
      expect(noReason.statusCode).toBe(422);
      expect(text(noReason.body)).toContain("n'est pas conforme : le demandeur le lira");
      const noLabel = await askDocuments(request, { "autre-aide-2": "Le dernier exercice clos" });
      expect(noLabel.statusCode).toBe(422);
      expect(text(noLabel.body)).toContain("Indiquez le nom de la pièce demandée");
      expect(text(noLabel.body)).toContain("Le dernier exercice clos");
      expect(await asksOf(request.id)).toEqual([]);
      expect((await t.deps.db.selectFrom("requestDocuments").select("status").where("id", "=", document.id).executeTakeFirstOrThrow()).status).toBe("provided");
    });

    it("lists documents, refuses a decision while open, takes the applicant's files, then lets the agent decide", async () => {
      const { request, applicant, browser } = await requestInInstruction();
      const document = await withProvidedDocument(request, applicant);
      const asked = await askDocuments(request, {
        message: "Merci de compléter votre dossier.",
        "non-conforme": document.id,
        [`motif-${document.id}`]: "Le document est illisible.",
        "autre-libelle-1": "Rapport d'activité du dernier exercice clôturé",
        "autre-aide-1": "N-1, N-2 le cas échéant",
      });
      expect(asked.statusCode).toBe(303);
      const [ask] = await asksOf(request.id);
      expect(ask?.status).toBe("open");
      expect(ask?.askedDocuments).toEqual([
        expect.objectContaining({ id: "1", label: "Budget prévisionnel de la structure", documentId: "budget-previsionnel-structure", reason: "Le document est illisible." }),
        expect.objectContaining({ id: "2", label: "Rapport d'activité du dernier exercice clôturé", hint: "N-1, N-2 le cas échéant" }),
      ]);
      const marked = await t.deps.db.selectFrom("requestDocuments").select(["status", "nonConformingReason"]).where("id", "=", document.id).executeTakeFirstOrThrow();
      expect(marked).toEqual({ status: "non_conforming", nonConformingReason: "Le document est illisible." });
      expect((await mailsTo(t.deps.db, applicant.email))[0]?.subject).toMatch(/^Demande de pièces complémentaires/);

      // Deciding with an open documents request: refused, and the page says why.
      await agentBrowser.get(agentPath(request, "accepter"));
      const decided = await agentBrowser.post(agentPath(request, "accepter"), { motif: "" });
      expect(decided.statusCode).toBe(409);
      expect(text(decided.body)).toContain("Une demande de pièces complémentaires est en cours");
      expect((await t.deps.db.selectFrom("requests").select("status").where("id", "=", request.id).executeTakeFirstOrThrow()).status).toBe("in_instruction");

      const consult = await browser.get(`/demandes/${request.id}`);
      expect(text(consult.body)).toContain("Demandes de compléments sur les pièces");
      expect(text(consult.body)).toContain("Reçue");
      const answerPath = `/demandes/${request.id}/complements/${ask!.id}`;
      expect(text(consult.body)).toContain(`href="${answerPath}"`);
      const answerPage = await browser.get(answerPath);
      expect(answerPage.statusCode).toBe(200);
      expect(text(answerPage.body)).toContain("Les pièces ci-dessous ont été jugées non conformes. Merci d'en déposer de nouvelles.");

      // Validating before every document has a file.
      const early = await browser.post(answerPath, {});
      expect(early.statusCode).toBe(422);
      expect(text(early.body)).toContain("Ajoutez au moins un fichier pour « Budget prévisionnel de la structure ».");

      // A renamed program, an oversize file: refused, nothing kept.
      await browser.get(answerPath);
      const executable = await upload(t, browser, `${answerPath}/pieces/1`, { name: "budget.pdf", content: buildWindowsExecutable() });
      expect(executable.statusCode).toBe(422);
      expect(text(executable.body)).toContain("Ce fichier est un programme, pas un document");
      await browser.get(answerPath);
      const oversize = await upload(t, browser, `${answerPath}/pieces/2`, { name: "rapport.pdf", content: Buffer.concat([await buildPdf(), Buffer.alloc(10 * 1024 * 1024)]) });
      expect(oversize.statusCode).toBe(422);
      expect(text(oversize.body)).toContain("dépasse la taille maximale autorisée (10 Mo)");
      expect((await asksOf(request.id))[0]?.answer).toBeNull();

      // Another person cannot add a file to it.
      const stranger = new TestBrowser(t.app);
      await logInAs(stranger, await buildAccount(t.deps.db));
      await stranger.get("/demandes");
      expect((await upload(t, stranger, `${answerPath}/pieces/1`, { name: "budget.pdf", content: await buildPdf() })).statusCode).toBe(404);
      expect((await stranger.get(answerPath)).statusCode).toBe(404);

      await browser.get(answerPath);
      expect((await upload(t, browser, `${answerPath}/pieces/1`, { name: "budget 2026.pdf", content: await buildPdf("Budget 2026") })).statusCode).toBe(303);
      await browser.get(answerPath);
      expect((await upload(t, browser, `${answerPath}/pieces/2`, { name: "rapport.pdf", content: await buildPdf("Rapport 2025") })).statusCode).toBe(303);
      // « Retirer » takes a file back before validating; another person cannot.
      await browser.get(answerPath);
      expect((await upload(t, browser, `${answerPath}/pieces/2`, { name: "brouillon.pdf", content: await buildPdf("Brouillon") })).statusCode).toBe(303);
      const draftFile = ((await asksOf(request.id))[0]?.answer as { files: { uploadId: string; originalName: string }[] }).files.find((file) => file.originalName === "brouillon.pdf")!;
      await stranger.get("/demandes");
      expect((await stranger.post(`${answerPath}/fichiers/${draftFile.uploadId}/retirer`, {})).statusCode).toBe(404);
      await browser.get(answerPath);
      expect((await browser.post(`${answerPath}/fichiers/${draftFile.uploadId}/retirer`, {})).statusCode).toBe(303);
      expect(((await asksOf(request.id))[0]?.answer as { files: { originalName: string }[] }).files.map((file) => file.originalName)).toEqual(["budget 2026.pdf", "rapport.pdf"]);
      expect(await t.deps.db.selectFrom("uploads").select("id").where("id", "=", draftFile.uploadId).executeTakeFirst()).toBeUndefined();

      // Not yet validated: the agent does not see the files.
      expect((await agentBrowser.get(agentPath(request))).body).not.toContain("rapport.pdf");

      await browser.get(answerPath);
      const validated = await browser.post(answerPath, {});
      expect(validated.statusCode).toBe(303);
      expect(validated.headers.location).toBe(`/demandes/${request.id}`);
      const after = await browser.get(`/demandes/${request.id}`);
      expect(text(after.body)).toContain("Votre réponse a bien été transmise.");
      expect(text(after.body)).toContain("Envoyée");
      expect((await mailsTo(t.deps.db, applicant.email))[0]?.subject).toMatch(/^Votre réponse a bien été transmise/);

      const [answered] = await asksOf(request.id);
      expect(answered?.status).toBe("answered");
      const files = (answered?.answer as { files: { uploadId: string; originalName: string }[] }).files;
      expect(files.map((file) => file.originalName)).toEqual(["budget 2026.pdf", "rapport.pdf"]);
      const documents = await t.deps.db.selectFrom("requestDocuments").select(["documentId", "status"]).where("requestId", "=", request.id).orderBy("createdAt").execute();
      expect(documents).toEqual([
        { documentId: "budget-previsionnel-structure", status: "non_conforming" },
        { documentId: "budget-previsionnel-structure", status: "provided" },
        { documentId: "Rapport d'activité du dernier exercice clôturé", status: "provided" },
      ]);

      // The agent sees the answer as received and downloads the files.
      const agentPage = await agentBrowser.get(agentPath(request));
      expect(text(agentPage.body)).toContain("Réponse reçue le");
      expect(text(agentPage.body)).toContain(`href="${agentPath(request, `pieces/${files[1]!.uploadId}`)}"`);
      const download = await agentBrowser.get(agentPath(request, `pieces/${files[1]!.uploadId}`));
      expect(download.statusCode).toBe(200);
      expect(download.headers["content-disposition"]).toContain("attachment");

      // Answering an answered ask: refused.
      expect((await browser.get(answerPath)).statusCode).toBe(409);
      await browser.get(`/demandes/${request.id}`);
      expect((await browser.post(answerPath, {})).statusCode).toBe(409);

      // No ask open any more: the request can be decided.
      await agentBrowser.get(agentPath(request, "accepter"));
      expect((await agentBrowser.post(agentPath(request, "accepter"), { motif: "" })).statusCode).toBe(303);
      expect((await eventsOf(request.id)).map((event) => event.event)).toEqual(["request.filed", "ask.documents_requested", "ask.documents_answered", "request.accepted"]);
    });

    it("lets the agent cancel an open ask, after which the request can be decided and the applicant no longer answer", async () => {
      const { request, browser } = await requestInInstruction();
      await askDocuments(request, { pieces: "budget-previsionnel-projet" });
      const [ask] = await asksOf(request.id);
      await agentBrowser.get(agentPath(request));
      expect((await agentBrowser.post(agentPath(request, `sollicitations/${ask!.id}/annuler`), {})).statusCode).toBe(303);
      expect((await asksOf(request.id))[0]?.status).toBe("cancelled");
      expect((await browser.get(`/demandes/${request.id}/complements/${ask!.id}`)).statusCode).toBe(409);
      await agentBrowser.get(agentPath(request));
      expect((await agentBrowser.post(agentPath(request, `sollicitations/${ask!.id}/annuler`), {})).statusCode).toBe(409);
      await agentBrowser.get(agentPath(request, "classer-sans-suite"));
      expect((await agentBrowser.post(agentPath(request, "classer-sans-suite"), { motif: "" })).statusCode).toBe(303);
    });

    it("is cancelled when the applicant abandons the request, and the files of the answer not yet sent are deleted", async () => {
      const { request, browser } = await requestInInstruction();
      await askDocuments(request, { pieces: "budget-previsionnel-projet" });
      const [ask] = await asksOf(request.id);
      const answerPath = `/demandes/${request.id}/complements/${ask!.id}`;
      await browser.get(answerPath);
      expect((await upload(t, browser, `${answerPath}/pieces/1`, { name: "budget.pdf", content: await buildPdf("Budget") })).statusCode).toBe(303);
      const answer = (await asksOf(request.id))[0]!.answer as { files?: { uploadId: string }[] };
      const uploadId = answer.files![0]!.uploadId;

      await browser.get(`/demandes/${request.id}/abandonner`);
      expect((await browser.post(`/demandes/${request.id}/abandonner`, { confirmation: "oui" })).statusCode).toBe(303);
      expect((await asksOf(request.id))[0]?.status).toBe("cancelled");
      expect(await t.deps.db.selectFrom("uploads").select("id").where("id", "=", uploadId).executeTakeFirst()).toBeUndefined();
    });
  });
  describe("a contribution reaches no step the agent did not unlock", () => {
    const projectStep = (nature: string) => ({ "intitule-projet": AID_ANSWERS["intitule-projet"], "description-projet": AID_ANSWERS["description-projet"], "nature-aide": nature, action: "enregistrer" });

    it("refuses a nature of aid that changes the locked budget step, when the step is saved and when the contribution is sent", async () => {
      const { request, applicant, browser } = await requestInInstruction();
      await askModification(request, { message: "Précisez la description du projet.", etapes: "projet" });
      const [ask] = await asksOf(request.id);
      const stepPath = `/demandes/${request.id}/contribution/projet`;

      // Saving the step: refused on the page, the answer typed kept, the summary linking to the field.
      await browser.get(stepPath);
      const refused = await browser.post(stepPath, projectStep("fonctionnement"));
      expect(refused.statusCode).toBe(422);
      const page = text(refused.body);
      expect(page).toContain("Vos modifications changeraient l'étape « Budget », que l'agent n'a pas ouverte à la modification");
      expect(page).toContain("la pièce « Budget prévisionnel de la structure » serait demandée");
      expect(page).toContain("Gardez la réponse d'origine à « Nature de l'aide demandée » (réponse d'origine : Projet ou action spécifique)");
      expect(expectSummaryTargets(refused.body)).toEqual(["champ-nature-aide"]);
      expect(refused.body).toMatch(/value="fonctionnement"[^>]*checked/);
      expect((await asksOf(request.id))[0]?.answer).toBeNull();

      // A draft that holds such a change (kept from before this check existed): sending it is refused too.
      await t.deps.db
        .updateTable("requestAsks")
        .set({ answer: JSON.stringify({ draft: { ...AID_ANSWERS, "nature-aide": "fonctionnement" } }) })
        .where("id", "=", ask!.id)
        .execute();
      const before = await answersOf(request.id);
      const mailsBefore = (await mailsTo(t.deps.db, applicant.email)).length;
      await browser.get(`/demandes/${request.id}/contribution`);
      const notSent = await browser.post(`/demandes/${request.id}/contribution`, {});
      expect(notSent.statusCode).toBe(422);
      expect(text(notSent.body)).toContain("la pièce « Budget prévisionnel de la structure » serait demandée");
      expect(expectSummaryTargets(notSent.body)).toEqual(["champ-etape-projet"]);
      expect(await answersOf(request.id)).toEqual(before);
      expect((await asksOf(request.id))[0]).toMatchObject({ status: "open", answer: { draft: { "nature-aide": "fonctionnement" } } });
      expect((await mailsTo(t.deps.db, applicant.email)).length).toBe(mailsBefore);

      // Back to the nature of aid filed: saved, sent.
      await browser.get(stepPath);
      expect((await browser.post(stepPath, projectStep("projet"))).statusCode).toBe(303);
      await browser.get(`/demandes/${request.id}/contribution`);
      expect((await browser.post(`/demandes/${request.id}/contribution`, {})).statusCode).toBe(303);
      expect((await answersOf(request.id))["nature-aide"]).toBe("projet");
    });

    it("refuses to send a contribution that leaves a required information of an unlocked step unanswered, then sends it once given", async () => {
      await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "essai" }, { actorId: null });
      const applicant = await buildAccount(t.deps.db);
      const request = await buildRequest(t.deps.db, { procedure: essai, prefix: "ES", applicant, filedAt: day(2), status: "in_instruction", answers: { commune: "69123", enfants: false, situation: "autre" } });
      await t.deps.db.updateTable("requests").set({ assignedAgentId: agent.id, takenAt: day(3) }).where("id", "=", request.id).execute();
      const browser = new TestBrowser(t.app);
      await logInAs(browser, applicant);
      await agentBrowser.get(`/instruction/essai/${request.id}/demander-modification`);
      expect((await agentBrowser.post(`/instruction/essai/${request.id}/demander-modification`, { message: "Votre situation a changé ?", etapes: ["general", "foyer"] })).statusCode).toBe(303);

      // Salaried: the employer (step « Composition du foyer », unlocked) becomes required; it may come next.
      await browser.get(`/demandes/${request.id}/contribution/general`);
      expect((await browser.post(`/demandes/${request.id}/contribution/general`, { commune: "69123", enfants: "non", situation: "salarie", action: "enregistrer" })).statusCode).toBe(303);
      await browser.get(`/demandes/${request.id}/contribution`);
      const notSent = await browser.post(`/demandes/${request.id}/contribution`, {});
      expect(notSent.statusCode).toBe(422);
      expect(text(notSent.body)).toContain("Renseignez « Employeur » à l'étape « Composition du foyer » : cette information est obligatoire.");
      expect(expectSummaryTargets(notSent.body)).toEqual(["champ-etape-foyer"]);
      expect((await answersOf(request.id)).situation).toBe("autre");

      await browser.get(`/demandes/${request.id}/contribution/foyer`);
      expect((await browser.post(`/demandes/${request.id}/contribution/foyer`, { employeur: "Mairie de Lyon", action: "enregistrer" })).statusCode).toBe(303);
      await browser.get(`/demandes/${request.id}/contribution`);
      expect((await browser.post(`/demandes/${request.id}/contribution`, {})).statusCode).toBe(303);
      expect(await answersOf(request.id)).toMatchObject({ situation: "salarie", employeur: "Mairie de Lyon" });
    });
  });

  describe("follow-ups", () => {
    async function providedDocument(request: { id: string }, applicant: { id: string }, status: "provided" | "non_conforming" = "provided") {
      const stored = await storeUpload(t.deps, { content: await buildPdf("Statuts"), declaredName: "statuts.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
      if (!stored.ok) throw new Error(stored.message);
      await t.deps.db.insertInto("uploads").values(stored.upload).execute();
      return t.deps.db
        .insertInto("requestDocuments")
        .values({ requestId: request.id, documentId: "statuts", uploadId: stored.upload.id, uploadedBy: applicant.id, createdAt: day(2), status, nonConformingReason: status === "non_conforming" ? "Illisible." : null })
        .returning("id")
        .executeTakeFirstOrThrow();
    }
    const documentStatus = (id: string) => t.deps.db.selectFrom("requestDocuments").select(["status", "nonConformingReason"]).where("id", "=", id).executeTakeFirstOrThrow();

    it("gives back their conformity to the files an ask judged non-conforming when the agent cancels it", async () => {
      const { request, applicant } = await requestInInstruction();
      const document = await providedDocument(request, applicant);
      expect((await askDocuments(request, { "non-conforme": document.id, [`motif-${document.id}`]: "Statuts non signés." })).statusCode).toBe(303);
      expect(await documentStatus(document.id)).toEqual({ status: "non_conforming", nonConformingReason: "Statuts non signés." });
      const [ask] = await asksOf(request.id);
      expect(ask?.askedDocuments).toEqual([expect.objectContaining({ documentId: "statuts", nonConformingFiles: [document.id] })]);

      await agentBrowser.get(agentPath(request));
      expect((await agentBrowser.post(agentPath(request, `sollicitations/${ask!.id}/annuler`), {})).statusCode).toBe(303);
      expect(await documentStatus(document.id)).toEqual({ status: "provided", nonConformingReason: null });
      // The file can be judged again.
      expect((await agentBrowser.get(agentPath(request, "demander-pieces"))).body).toContain(`value="${document.id}"`);
    });

    it("tells the agent who asked of the answer only while they still process the procedure", async () => {
      const { request, browser } = await requestInInstruction();
      const former = await buildAccount(t.deps.db, { role: "agent", firstName: "Paul", lastName: "Martel" });
      await attachAgent(t.deps, { agentId: former.id, procedureSlug: "aide-associations" }, { actorId: null });
      const formerBrowser = new TestBrowser(t.app);
      await logInAs(formerBrowser, former);
      await formerBrowser.get(agentPath(request, "demander-modification"));
      expect((await formerBrowser.post(agentPath(request, "demander-modification"), { message: "Précisez l'intitulé.", etapes: "projet" })).statusCode).toBe(303);
      await formerBrowser.get(agentPath(request, "demander-pieces"));
      expect((await formerBrowser.post(agentPath(request, "demander-pieces"), { pieces: "budget-previsionnel-projet" })).statusCode).toBe(303);
      await detachAgent(t.deps, { agentId: former.id, procedureSlug: "aide-associations" }, { actorId: null });

      const stepPath = `/demandes/${request.id}/contribution/projet`;
      await browser.get(stepPath);
      expect((await browser.post(stepPath, { "intitule-projet": "Fête des Lilas", "description-projet": AID_ANSWERS["description-projet"], "nature-aide": "projet", action: "enregistrer" })).statusCode).toBe(303);
      await browser.get(`/demandes/${request.id}/contribution`);
      expect((await browser.post(`/demandes/${request.id}/contribution`, {})).statusCode).toBe(303);

      const documentsAsk = (await asksOf(request.id)).find((ask) => ask.kind === "documents")!;
      const answerPath = `/demandes/${request.id}/complements/${documentsAsk.id}`;
      await browser.get(answerPath);
      expect((await upload(t, browser, `${answerPath}/pieces/1`, { name: "budget.pdf", content: await buildPdf("Budget") })).statusCode).toBe(303);
      await browser.get(answerPath);
      expect((await browser.post(answerPath, {})).statusCode).toBe(303);

      expect((await asksOf(request.id)).map((ask) => ask.status)).toEqual(["answered", "answered"]);
      expect((await mailsTo(t.deps.db, former.email)).map((mail) => mail.subject)).toEqual([]);
    });

    it("links every error of the documents form to a control of the page: no procedure documents, or a file already non-conforming", async () => {
      // A procedure whose steps ask for no document: the page lists none, the error goes to the first free name.
      const definition = buildDefinition({ slug: "sans-pieces", titre: "Démarche sans pièces", préfixe_numéro: "SP", étapes: [buildDefinition().étapes[0]!] });
      await loadProcedures(t.deps, [{ name: "procedures/sans-pieces.json", content: JSON.stringify(definition) }], { via: "cli" });
      await publishProcedure(t.deps, { slug: "sans-pieces" }, { actorId: null });
      const procedure = await t.deps.db.selectFrom("procedures").select(["id", "currentVersionId"]).where("slug", "=", "sans-pieces").executeTakeFirstOrThrow();
      await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "sans-pieces" }, { actorId: null });
      const bare = await buildRequest(t.deps.db, { procedure: { id: procedure.id, versionId: procedure.currentVersionId!, slug: "sans-pieces" }, prefix: "SP", filedAt: day(2), status: "in_instruction", answers: { commune: "69123" } });
      const path = `/instruction/sans-pieces/${bare.id}/demander-pieces`;
      await agentBrowser.get(path);
      const nothing = await agentBrowser.post(path, { message: "" });
      expect(nothing.statusCode).toBe(422);
      expect(text(nothing.body)).toContain("Indiquez au moins une pièce à fournir");
      expect(expectSummaryTargets(nothing.body)).toEqual(["champ-autre-libelle-1"]);
      const unknown = await agentBrowser.post(path, { pieces: "piece-inventee" });
      expect(expectSummaryTargets(unknown.body)).toEqual(["champ-autre-libelle-1"]);

      // A file already judged non-conforming is not offered again, and cannot be judged twice.
      const { request, applicant } = await requestInInstruction();
      const marked = await providedDocument(request, applicant, "non_conforming");
      const again = await askDocuments(request, { "non-conforme": marked.id, [`motif-${marked.id}`]: "Toujours illisible." });
      expect(again.statusCode).toBe(422);
      expect(text(again.body)).toContain("Un des fichiers cochés n'existe pas dans cette demande, ou est déjà jugé non conforme");
      expect(expectSummaryTargets(again.body)).toEqual(["champ-pieces"]);
      const fresh = await providedDocument(request, applicant);
      const withList = await askDocuments(request, { "non-conforme": [marked.id, fresh.id], [`motif-${fresh.id}`]: "Non signés." });
      expect(withList.statusCode).toBe(422);
      expect(expectSummaryTargets(withList.body)).toEqual(["champ-non-conforme"]);
      expect(await asksOf(request.id)).toEqual([]);
      expect(await documentStatus(marked.id)).toEqual({ status: "non_conforming", nonConformingReason: "Illisible." });
    });
  });
});
