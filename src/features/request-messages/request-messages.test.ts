import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { AFTER_RESPONSE, storedFileCount } from "../../../test/stored-files.ts";
import { buildPdf, buildPng, buildWindowsExecutable } from "../../platform/uploads/test-files.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { processRequest } from "../instruction/process-request.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";
import { ATTACHMENT_MAX_BYTES, MESSAGE_MAX_LENGTH } from "./policies.ts";
import { MESSAGE_EVENTS } from "./post-message.ts";
import { countVisibleMessages } from "../../core/requests/queries/messages.ts";

type Fields = Record<string, string | { name: string; content: Buffer }>;

/** Posts a form as the browser sends a multipart one (token first, then the fields in order). */
async function postMultipart(t: TestApp, browser: TestBrowser, url: string, fields: Fields, options: { csrf?: string | null } = {}) {
  const boundary = "----guichet-messages-test";
  const parts: Buffer[] = [];
  const csrf = options.csrf === undefined ? browser.csrfToken() : options.csrf;
  const all: Fields = csrf === null ? fields : { _csrf: csrf, ...fields };
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === "string") {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), value.content, Buffer.from("\r\n"));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  const response = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  if (response.headers["content-type"]?.toString().startsWith("text/html")) browser.lastPage = response.body;
  return response;
}

describe("the messages of a request (fils de discussion)", () => {
  let t: TestApp;
  let dataDir: string;
  let aid: TestProcedure;
  let essai: TestProcedure;
  let agent: BuiltAccount;
  let agentBrowser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 2, n, 9, 0, 0));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-messages-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    ({ aid, essai } = await loadTestProcedures(t.deps));
    agent = await buildAccount(t.deps.db, { role: "agent", civility: "M.", firstName: "Hugo", lastName: "Vidal" });
    await attachAgent(t.deps, { agentId: agent.id, procedureSlug: aid.slug }, { actorId: null });
    agentBrowser = new TestBrowser(t.app);
    await logInAs(agentBrowser, agent);
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A filed aid request and its applicant, signed in. */
  async function filedRequest(input: { status?: "draft" | "filed" | "in_instruction" | "accepted" | "abandoned" } = {}) {
    const applicant = await buildAccount(t.deps.db, { civility: "Mme", lastName: "Durand", firstName: "Alice" });
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: day(1), answers: AID_ANSWERS, status: input.status ?? "filed" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    return { applicant, request, browser, applicantPath: `/demandes/${request.id}/messagerie`, agentPath: `/instruction/${aid.slug}/${request.id}/messagerie` };
  }

  const storedFiles = () => storedFileCount(t.deps);
  const events = (requestId: string) => t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", requestId).orderBy("id").execute();
  const attachmentLinks = (page: string, prefix: string) => [...page.matchAll(new RegExp(`href="(${prefix.replace(/\//g, "\\/")}/pieces-jointes/[0-9a-f-]{36})"`, "g"))].map((match) => match[1]!);

  describe("the applicant", () => {
    it("writes to the service instructeur and reads the message in the thread, in the history, and nobody is mailed while no agent has the request in charge", async () => {
      const { applicant, request, browser, applicantPath } = await filedRequest();
      const empty = await browser.get(applicantPath);
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toContain("<h1>Messagerie</h1>");
      expect(empty.body).toContain("Aucun message pour le moment.");

      const sent = await browser.post(applicantPath, { message: "Bonjour,\nmon budget a changé : puis-je envoyer le nouveau ?" });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(`${applicantPath}#dernier-message`);
      const page = await browser.get(applicantPath);
      expect(page.body).toContain("Votre message est envoyé au service instructeur.");
      expect(page.body).toMatch(/<h3 id="message-[0-9a-f-]{36}">Vous, le /);
      expect(page.body).toContain("Bonjour,<br/>mon budget a changé : puis-je envoyer le nouveau ?");

      const [event] = (await events(request.id)).filter((row) => row.event.startsWith("message."));
      expect(event).toMatchObject({ event: MESSAGE_EVENTS.fromApplicant, actorId: applicant.id, visibleToApplicant: true });
      expect((await browser.get(`/demandes/${request.id}/historique`)).body).toContain("Message envoyé au service instructeur");
      expect(await mailsTo(t.deps.db, agent.email)).toHaveLength(0);
      expect((await browser.get("/demandes")).body).toContain(`<a href="${applicantPath}">Messagerie (1 message)</a>`);
    });

    it("mails the agent in charge when writing, with a link and without the message's text", async () => {
      const { request, browser, applicantPath } = await filedRequest();
      await processRequest(t.deps, { procedureId: aid.id, procedureTitle: "Aide", requestId: request.id, agentId: agent.id, transition: "take" });
      const before = (await mailsTo(t.deps.db, agent.email)).length;
      await browser.get(applicantPath);
      expect((await browser.post(applicantPath, { message: "Mon RIB a changé, voici le nouveau." })).statusCode).toBe(303);
      const mails = await mailsTo(t.deps.db, agent.email);
      expect(mails).toHaveLength(before + 1);
      expect(mails[0]!.subject).toMatch(/^Nouveau message d'un demandeur/);
      expect(mails[0]!.textBody).toContain(`/instruction/${aid.slug}/${request.id}/messagerie`);
      expect(mails[0]!.textBody).not.toContain("RIB");
      expect(mails[0]!.htmlBody).not.toContain("RIB");
    });

    it("attaches a file, which the applicant and the procedure's agents download, and nobody else", async () => {
      const { request, browser, applicantPath, agentPath } = await filedRequest();
      await browser.get(applicantPath);
      const pdf = await buildPdf("Budget révisé");
      expect((await postMultipart(t, browser, applicantPath, { message: "Voici le budget révisé.", "piece-jointe": { name: "budget révisé.pdf", content: pdf } })).statusCode).toBe(303);

      const [own] = attachmentLinks((await browser.get(applicantPath)).body, applicantPath);
      expect(own).toBeDefined();
      const download = await browser.get(own!);
      expect(download.statusCode).toBe(200);
      expect(download.headers["content-type"]).toBe("application/pdf");
      expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
      expect(download.rawPayload.equals(pdf)).toBe(true);

      const [forAgent] = attachmentLinks((await agentBrowser.get(agentPath)).body, agentPath);
      expect((await agentBrowser.get(forAgent!)).rawPayload.equals(pdf)).toBe(true);

      const uploadId = own!.split("/").at(-1)!;
      const stranger = await filedRequest();
      expect((await stranger.browser.get(own!)).statusCode).toBe(404);
      // The stranger's own request does not open another request's attachment either.
      expect((await stranger.browser.get(`${stranger.applicantPath}/pieces-jointes/${uploadId}`)).statusCode).toBe(404);
      const otherAgent = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: otherAgent.id, procedureSlug: essai.slug }, { actorId: null });
      const otherAgentBrowser = new TestBrowser(t.app);
      await logInAs(otherAgentBrowser, otherAgent);
      expect((await otherAgentBrowser.get(forAgent!)).statusCode).toBe(404);
      expect((await otherAgentBrowser.get(`/instruction/${essai.slug}/${request.id}/messagerie/pieces-jointes/${uploadId}`)).statusCode).toBe(404);
    });

    it("cannot reach another person's thread: the same 404 as for a request that does not exist", async () => {
      const { request, applicantPath } = await filedRequest();
      const stranger = await filedRequest();
      expect((await stranger.browser.get(applicantPath)).statusCode).toBe(404);
      await stranger.browser.get(stranger.applicantPath);
      expect((await stranger.browser.post(applicantPath, { message: "Intrusion" })).statusCode).toBe(404);
      expect((await postMultipart(t, stranger.browser, applicantPath, { message: "Intrusion", "piece-jointe": { name: "a.pdf", content: await buildPdf() } })).statusCode).toBe(404);
      expect((await stranger.browser.get("/demandes/pas-un-uuid/messagerie")).statusCode).toBe(404);
      expect(await t.deps.db.selectFrom("requestMessages").select("id").where("requestId", "=", request.id).execute()).toHaveLength(0);
      // An applicant is not an agent: the agents' thread is not found either.
      expect((await stranger.browser.get(`/instruction/${aid.slug}/${request.id}/messagerie`)).statusCode).toBe(404);
      expect((await new TestBrowser(t.app).get(applicantPath)).headers.location).toBe(`/connexion?retour=${encodeURIComponent(applicantPath)}`);
    });

    it("has no thread on a draft: the page says so and no message can be posted", async () => {
      const { request, browser, applicantPath, agentPath } = await filedRequest({ status: "draft" });
      const page = await browser.get(applicantPath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("La messagerie sera ouverte lorsque votre demande sera déposée");
      expect(page.body).not.toContain('name="message"');
      expect((await browser.post(applicantPath, { message: "Trop tôt" })).statusCode).toBe(404);
      expect((await agentBrowser.get(agentPath)).statusCode).toBe(404);
      expect((await browser.get("/demandes")).body).not.toContain(`href="${applicantPath}"`);
      expect(await t.deps.db.selectFrom("requestMessages").select("id").where("requestId", "=", request.id).execute()).toHaveLength(0);
    });
  });

  describe("bad input", () => {
    it("refuses an empty message with the error linked from the summary (422)", async () => {
      const { browser, applicantPath } = await filedRequest();
      await browser.get(applicantPath);
      const response = await browser.post(applicantPath, { message: "   " });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("<title>Erreur : Messagerie");
      expect(response.body).toContain('<a href="#champ-message">Votre message : Écrivez votre message.</a>');
      expect(response.body).toContain('aria-invalid="true"');
    });

    it("refuses a message too long, keeping the text typed", async () => {
      const { request, browser, applicantPath } = await filedRequest();
      await browser.get(applicantPath);
      const long = `${"é".repeat(MESSAGE_MAX_LENGTH)}!`;
      const response = await browser.post(applicantPath, { message: long });
      expect(response.statusCode).toBe(422);
      const format = (n: number) => n.toLocaleString("fr-FR");
      expect(response.body).toContain(`au plus ${format(MESSAGE_MAX_LENGTH)} caractères (il en contient ${format(MESSAGE_MAX_LENGTH + 1)})`);
      expect(response.body).toContain(`>${long}</textarea>`);
      // Exactly the limit is accepted.
      expect((await browser.post(applicantPath, { message: "é".repeat(MESSAGE_MAX_LENGTH) })).statusCode).toBe(303);
      expect(await t.deps.db.selectFrom("requestMessages").select("id").where("requestId", "=", request.id).execute()).toHaveLength(1);
    });

    it("refuses a renamed executable and an oversize file, keeping the text and nothing on disk", async () => {
      const { request, browser, applicantPath } = await filedRequest();
      await browser.get(applicantPath);
      const before = await storedFiles();
      const executable = await postMultipart(t, browser, applicantPath, { message: "Ma facture", "piece-jointe": { name: "facture.pdf", content: buildWindowsExecutable() } });
      expect(executable.statusCode).toBe(422);
      expect(executable.body).toContain('<a href="#champ-piece-jointe">Pièce jointe : Ce fichier est un programme, pas un document');
      expect(executable.body).toContain(">Ma facture</textarea>");

      const oversize = await postMultipart(t, browser, applicantPath, { message: "Mon gros scan", "piece-jointe": { name: "scan.png", content: Buffer.concat([buildPng(), Buffer.alloc(ATTACHMENT_MAX_BYTES)]) } });
      expect(oversize.statusCode).toBe(422);
      expect(oversize.body).toContain("Le fichier dépasse la taille maximale autorisée (10 Mo).");
      expect(oversize.body).toContain(">Mon gros scan</textarea>");

      // A good file with an empty text is not kept either: the page asks to choose it again.
      const textless = await postMultipart(t, browser, applicantPath, { message: "", "piece-jointe": { name: "budget.pdf", content: await buildPdf() } });
      expect(textless.statusCode).toBe(422);
      expect(textless.body).toContain("Le fichier « budget.pdf » n&#39;a pas été envoyé avec le message : choisissez-le à nouveau.");

      await expect.poll(storedFiles, AFTER_RESPONSE).toBe(before);
      expect(await t.deps.db.selectFrom("requestMessages").select("id").where("requestId", "=", request.id).execute()).toHaveLength(0);
    });

    it("refuses a multipart form without its CSRF token and keeps no file", async () => {
      const { browser, applicantPath } = await filedRequest();
      await browser.get(applicantPath);
      const before = await storedFiles();
      const response = await postMultipart(t, browser, applicantPath, { message: "Sans jeton", "piece-jointe": { name: "a.pdf", content: await buildPdf() } }, { csrf: null });
      expect(response.statusCode).toBe(403);
      await expect.poll(storedFiles, AFTER_RESPONSE).toBe(before);
    });
  });

  describe("the agents", () => {
    it("reply to the applicant, who is mailed without the text, reads the reply signed « Service instructeur » and downloads its attachment", async () => {
      const { applicant, request, browser, applicantPath, agentPath } = await filedRequest();
      await agentBrowser.get(`/instruction/${aid.slug}/${request.id}`);
      expect(agentBrowser.lastPage).toContain(`href="${agentPath}"`);
      const page = await agentBrowser.get(agentPath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Écrire au demandeur");
      const png = buildPng();
      const response = await postMultipart(t, agentBrowser, agentPath, { message: "Merci d'envoyer votre relevé d'identité bancaire.", "piece-jointe": { name: "modèle.png", content: png } });
      expect(response.statusCode).toBe(303);

      const [mail] = await mailsTo(t.deps.db, applicant.email);
      expect(mail!.subject).toMatch(/^Nouveau message sur votre demande/);
      expect(mail!.textBody).toContain("Bonjour Mme Durand,");
      expect(mail!.textBody).toContain(`/demandes/${request.id}/messagerie`);
      expect(mail!.textBody).not.toContain("relevé d'identité");
      expect(mail!.htmlBody).not.toContain("relevé d&#39;identité");

      const thread = await browser.get(applicantPath);
      expect(thread.body).toMatch(/<h3 id="message-[0-9a-f-]{36}">Service instructeur, le /);
      expect(thread.body).not.toContain("Vidal");
      expect(thread.body).toContain("Merci d&#39;envoyer votre relevé d&#39;identité bancaire.");
      const [link] = attachmentLinks(thread.body, applicantPath);
      expect((await browser.get(link!)).rawPayload.equals(png)).toBe(true);
      expect((await events(request.id)).at(-1)).toMatchObject({ event: MESSAGE_EVENTS.toApplicant, actorId: agent.id, visibleToApplicant: true });
      expect((await browser.get(`/demandes/${request.id}/historique`)).body).toContain("Message reçu du service instructeur");
    });

    it("add internal notes that the applicant never sees: not in the thread, the mails, the history, nor as a download", async () => {
      const { applicant, request, browser, applicantPath, agentPath } = await filedRequest();
      await browser.get(applicantPath);
      await browser.post(applicantPath, { message: "Question du demandeur" });
      await agentBrowser.get(agentPath);
      const note = await postMultipart(t, agentBrowser, `${agentPath}/note`, { note: "Dossier suspect : vérifier le SIRET auprès de l'INSEE.", "piece-jointe-note": { name: "extrait.pdf", content: await buildPdf("Extrait INSEE") } });
      expect(note.statusCode).toBe(303);

      const agentPage = (await agentBrowser.get(agentPath)).body;
      expect(agentPage).toContain("Note interne — non visible par le demandeur");
      expect(agentPage).toContain("Dossier suspect");
      expect(agentPage).toContain("Mme Alice Durand (demandeur)");
      expect(agentPage).toContain("M. Hugo Vidal (agent)");
      const [noteAttachment] = attachmentLinks(agentPage, agentPath);
      expect((await agentBrowser.get(noteAttachment!)).statusCode).toBe(200);
      const requestPage = (await agentBrowser.get(`/instruction/${aid.slug}/${request.id}`)).body;
      expect(requestPage).toMatch(/Note interne par Hugo Vidal \(agent\)<span class="field__hint"> \(non visible par le demandeur\)/);

      const thread = (await browser.get(applicantPath)).body;
      expect(thread).toContain("Question du demandeur");
      expect(thread).not.toContain("suspect");
      expect(thread).not.toContain("extrait.pdf");
      expect(attachmentLinks(thread, applicantPath)).toHaveLength(0);
      expect((await browser.get(`${applicantPath}/pieces-jointes/${noteAttachment!.split("/").at(-1)}`)).statusCode).toBe(404);
      const history = (await browser.get(`/demandes/${request.id}/historique`)).body;
      expect(history).not.toContain("Note interne");
      expect(history).not.toContain(MESSAGE_EVENTS.note);
      expect(await mailsTo(t.deps.db, applicant.email)).toHaveLength(0);
      expect((await events(request.id)).at(-1)).toMatchObject({ event: MESSAGE_EVENTS.note, visibleToApplicant: false });
    });

    it("refuse an empty note with the error on the note's form, keeping the reply form clean", async () => {
      const { agentPath } = await filedRequest();
      await agentBrowser.get(agentPath);
      const response = await postMultipart(t, agentBrowser, `${agentPath}/note`, { note: "" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-note">Note interne : Écrivez votre message.</a>');
      expect(response.body).not.toContain('href="#champ-message"');
    });

    it("cannot reach the thread of another procedure's request, nor post to it", async () => {
      const { request, agentPath } = await filedRequest();
      const otherAgent = await buildAccount(t.deps.db, { role: "agent" });
      await attachAgent(t.deps, { agentId: otherAgent.id, procedureSlug: essai.slug }, { actorId: null });
      const other = new TestBrowser(t.app);
      await logInAs(other, otherAgent);
      expect((await other.get(agentPath)).statusCode).toBe(404);
      expect((await other.get(`/instruction/${essai.slug}/${request.id}/messagerie`)).statusCode).toBe(404);
      await other.get("/instruction");
      expect((await other.post(agentPath, { message: "Intrusion" })).statusCode).toBe(404);
      expect((await other.post(`${agentPath}/note`, { note: "Intrusion" })).statusCode).toBe(404);
      expect(await t.deps.db.selectFrom("requestMessages").select("id").where("requestId", "=", request.id).execute()).toHaveLength(0);
    });
  });

  describe("queries", () => {
    it("count the messages the applicant sees per request, notes left out", async () => {
      const first = await filedRequest();
      const second = await filedRequest();
      await first.browser.get(first.applicantPath);
      await first.browser.post(first.applicantPath, { message: "Un" });
      await first.browser.post(first.applicantPath, { message: "Deux" });
      await agentBrowser.get(first.agentPath);
      await agentBrowser.post(`${first.agentPath}/note`, { note: "Note" });
      const counts = await countVisibleMessages(t.deps.db, [first.request.id, second.request.id]);
      expect(counts.get(first.request.id)).toBe(2);
      expect(counts.has(second.request.id)).toBe(false);
      expect(await countVisibleMessages(t.deps.db, [])).toEqual(new Map());
    });
  });

  describe("once the request is decided or abandoned", () => {
    it("keeps the thread readable, refuses new messages on both sides (409) and still takes the agents' notes", async () => {
      const { request, browser, applicantPath, agentPath } = await filedRequest();
      await browser.get(applicantPath);
      await browser.post(applicantPath, { message: "Avant la décision" });
      await processRequest(t.deps, { procedureId: aid.id, procedureTitle: "Aide", requestId: request.id, agentId: agent.id, transition: "take" });
      await processRequest(t.deps, { procedureId: aid.id, procedureTitle: "Aide", requestId: request.id, agentId: agent.id, transition: "accept" });

      const page = await browser.get(applicantPath);
      expect(page.body).toContain("Avant la décision");
      expect(page.body).toContain("Votre demande est décidée : ses messages restent consultables");
      expect(page.body).not.toContain('name="message"');
      expect((await browser.post(applicantPath, { message: "Après" })).statusCode).toBe(409);

      const agentPage = await agentBrowser.get(agentPath);
      expect(agentPage.body).not.toContain('name="message"');
      expect((await agentBrowser.post(agentPath, { message: "Après" })).statusCode).toBe(409);
      await agentBrowser.get(agentPath);
      expect((await agentBrowser.post(`${agentPath}/note`, { note: "Versement prévu en avril." })).statusCode).toBe(303);
      expect((await agentBrowser.get(agentPath)).body).toContain("La note interne est enregistrée : elle n&#39;est pas visible par le demandeur.");
      const bodies = (await t.deps.db.selectFrom("requestMessages").select(["body", "internal"]).where("requestId", "=", request.id).orderBy("createdAt").execute());
      expect(bodies).toEqual([
        { body: "Avant la décision", internal: false },
        { body: "Versement prévu en avril.", internal: true },
      ]);
    });

    it("shows an abandoned request's thread read-only", async () => {
      const { browser, applicantPath } = await filedRequest({ status: "abandoned" });
      const page = await browser.get(applicantPath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Votre demande est abandonnée : ses messages restent consultables");
      expect((await browser.post(applicantPath, { message: "Encore" })).statusCode).toBe(409);
    });
  });
});
