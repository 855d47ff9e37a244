import { readFile } from "node:fs/promises";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { AFTER_RESPONSE, storedFileCount } from "../../../test/stored-files.ts";
import { buildPdf, buildWindowsExecutable } from "../../platform/uploads/test-files.ts";
import { uploadsDirectory } from "../../platform/uploads/uploads.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../core/procedures/queries.ts";
import { insertAsk } from "../../core/requests/queries/asks.ts";
import { findApplicantRequest, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import { saveStep } from "../../core/requests/save-step.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { REQUIRED_DOCUMENT } from "./update-documents.ts";

/** A page's text as a person reads it (apostrophes and quotes unescaped). */
const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

const HOUSING_FORM = {
  "commune-souhaitee": "Rouen",
  "nombre-codemandeurs": "0",
  "nom-usage": "Martin",
  prenom: "Camille",
  nir: "2 90 05 75 056 123 84",
  "date-naissance": "12/05/1990",
  nationalite: "francaise",
  telephone: "06 12 34 56 78",
};

/** Posts one file as the upload form does (multipart, token first), with the browser's cookies. */
async function upload(t: TestApp, browser: TestBrowser, url: string, file: { name: string; content: Buffer }, fields: Record<string, string> = {}) {
  const boundary = "----guichet-update-documents-test";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: browser.csrfToken(), ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  const response = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
  if (response.headers["content-type"]?.toString().startsWith("text/html")) browser.lastPage = response.body;
  return response;
}

async function pdfText(base64: string): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.from(base64, "base64"))), { mergePages: true });
  return text;
}

describe("updating the documents of a filed request (issue 12)", () => {
  let t: TestApp;
  let agent: BuiltAccount;
  const storedFiles = () => storedFileCount(t.deps);

  beforeAll(async () => {
    t = await createTestApp();
    const content = await readFile("procedures/logement-social.json", "utf8");
    // The same procedure with its identity document required (a removal must then be a replacement).
    const required = JSON.parse(content) as ProcedureDefinition;
    required.slug = "logement-social-piece-obligatoire";
    required.étapes[0]!.pièces![0]!.obligatoire = true;
    await loadProcedures(
      t.deps,
      [
        { name: "procedures/logement-social.json", content },
        { name: `procedures/${required.slug}.json`, content: JSON.stringify(required) },
      ],
      { via: "cli" },
    );
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    await publishProcedure(t.deps, { slug: required.slug }, { actorId: null });
    agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
    await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "logement-social" }, { actorId: null });
  });
  afterAll(() => t.close());

  async function loggedIn(account: BuiltAccount) {
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    return browser;
  }
  const requestRow = (id: string) => t.deps.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const eventsOf = (id: string) => t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", id).where("event", "=", "request.updated").orderBy("id").execute();
  const filesOf = async (id: string, documentId: string) => (await listRequestDocuments(t.deps.db, id)).filter((file) => file.documentId === documentId);

  /** A housing request with its identity document (identite-ancienne.pdf, joined on the draft's page), filed; its applicant logged in. */
  async function filedHousingRequest(slug = "logement-social") {
    const applicant = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Camille", lastName: "Martin" });
    const published = (await findPublishedDefinition(t.deps.db, slug))!;
    const started = await startRequest(t.deps, { slug, accountId: applicant.id, email: applicant.email, currentOrganisationId: null });
    if (!started.started) throw new Error("not started");
    const draft = (await findApplicantRequest(t.deps.db, started.requestId, applicant.id))!;
    expect((await saveStep(t.deps, { request: draft, definition: published.definition, stepId: "informations-generales", form: HOUSING_FORM, today: "2026-03-02" })).errors).toEqual({});
    const browser = await loggedIn(applicant);
    expect((await browser.get(`/demandes/${started.requestId}/informations-generales`)).statusCode).toBe(200);
    const joined = await upload(t, browser, `/demandes/${started.requestId}/pieces/piece-identite`, { name: "identite-ancienne.pdf", content: await buildPdf("Ancienne carte") });
    expect(joined.statusCode).toBe(303);
    expect((await submitRequest(t.deps, { requestId: started.requestId, accountId: applicant.id, definition: published.definition })).filed).toBe(true);
    return { id: started.requestId, applicant, browser };
  }

  const stepUrl = (id: string, step = "informations-generales") => `/demandes/${id}/mise-a-jour/${step}`;
  const pieceUrl = (id: string, piece = "piece-identite") => `/demandes/${id}/mise-a-jour/pieces/${piece}`;
  const removeUrl = (id: string, uploadId: string) => `/demandes/${id}/mise-a-jour/pieces/${uploadId}/supprimer`;

  it("replaces a document: the number is kept, the old file stays stored, the change is an update with its PDF, the agent sees it", async () => {
    const { id, applicant, browser } = await filedHousingRequest();
    const agentBrowser = await loggedIn(agent);
    expect((await agentBrowser.get(`/instruction/logement-social/${id}`)).statusCode).toBe(200);
    t.clock.advance(10 * 60_000);
    const before = await requestRow(id);
    const [old] = await filesOf(id, "piece-identite");

    const page = text((await browser.get(stepUrl(id))).body);
    expect(page).toContain("Pièces justificatives");
    expect(page).toContain(`Remplacer<span class="visually-hidden"> identite-ancienne.pdf</span>`);
    expect(page).toContain(`Nouveau fichier<span class="visually-hidden"> : remplace identite-ancienne.pdf</span>`);
    expect(page).toContain(`action="${pieceUrl(id)}"`);
    const replaced = await upload(t, browser, pieceUrl(id), { name: "identite-nouvelle.pdf", content: await buildPdf("Nouvelle carte") }, { version: "0", remplace: old!.uploadId });
    expect(replaced.statusCode).toBe(303);
    expect(replaced.headers.location).toBe(stepUrl(id));

    const overview = text((await browser.get(`/demandes/${id}/mise-a-jour`)).body);
    expect(overview).toContain("Pièce « Pièce d'identité »");
    expect(overview).toContain("identite-nouvelle.pdf");
    expect(overview).not.toContain("identite-ancienne.pdf");
    const after = await requestRow(id);
    expect(after.number).toBe(before.number);
    expect(after.filedAt).toEqual(before.filedAt);
    expect(after.answersVersion).toBe(1);
    const files = await filesOf(id, "piece-identite");
    expect(files.map((file) => file.originalName)).toEqual(["identite-nouvelle.pdf"]);
    // The replaced file is kept for the history: its upload row and its bytes.
    expect(await t.deps.db.selectFrom("uploads").select("originalName").where("id", "=", old!.uploadId).executeTakeFirst()).toEqual({ originalName: "identite-ancienne.pdf" });
    await expect(readFile(`${uploadsDirectory(t.deps)}/${old!.storageKey}`)).resolves.toBeInstanceOf(Buffer);

    const [event] = await eventsOf(id);
    expect(event!.details).toEqual({
      changes: [{ stepId: "informations-generales", stepTitle: expect.any(String), fieldId: "piece:piece-identite", label: "Pièce « Pièce d'identité »", before: "identite-ancienne.pdf", after: "identite-nouvelle.pdf" }],
      fields: ["piece:piece-identite"],
      documents: [{ documentId: "piece-identite", before: old!.uploadId, after: files[0]!.uploadId }],
    });
    const audited = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "request.updated").where("accountId", "=", applicant.id).execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ requestId: id, documentId: "piece-identite", before: old!.uploadId });

    expect(await runWaitingJobs(t, "request-pdf-mail")).toBeGreaterThan(0);
    const [mail] = await mailsTo(t.deps.db, applicant.email);
    expect(mail!.subject).toContain("Votre demande est mise à jour");
    const pdf = await pdfText(mail!.attachments[0]!.content);
    expect(pdf).toContain("Pièce d'identité");
    expect(pdf).toContain("identite-ancienne.pdf");
    expect(pdf).toContain("identite-nouvelle.pdf");

    const agentPage = text((await agentBrowser.get(`/instruction/logement-social/${id}`)).body);
    expect(agentPage).toContain("Modifiée depuis votre dernière consultation");
    expect(agentPage).toContain("Pièce « Pièce d'identité »");
    expect(agentPage).toContain("avant : identite-ancienne.pdf ; après : identite-nouvelle.pdf");
  });

  it("adds a file to a document that had none, then removes it (an optional document)", async () => {
    const { id, browser } = await filedHousingRequest();
    await browser.get(stepUrl(id, "ressources-mensuelles"));
    const added = await upload(t, browser, pieceUrl(id, "attestation"), { name: "attestation-caf.pdf", content: await buildPdf("Attestation") }, { version: "0" });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(stepUrl(id, "ressources-mensuelles"));
    const [file] = await filesOf(id, "attestation");
    expect(file!.originalName).toBe("attestation-caf.pdf");

    expect(text((await browser.get(stepUrl(id, "ressources-mensuelles"))).body)).toContain("attestation-caf.pdf");
    const removed = await browser.post(removeUrl(id, file!.uploadId), { version: "1" });
    expect(removed.statusCode).toBe(303);
    expect(await filesOf(id, "attestation")).toEqual([]);
    const events = await eventsOf(id);
    expect(events.map((event) => (event.details as { changes: { before: string; after: string }[] }).changes[0])).toEqual([
      expect.objectContaining({ label: "Pièce « Attestation (vous) »", before: "Aucun fichier", after: "attestation-caf.pdf" }),
      expect.objectContaining({ label: "Pièce « Attestation (vous) »", before: "attestation-caf.pdf", after: "Aucun fichier" }),
    ]);
    expect((await requestRow(id)).answersVersion).toBe(2);
  });

  it("refuses to remove the only file of a required document (422, said under the document) but lets it be replaced", async () => {
    const { id, browser } = await filedHousingRequest("logement-social-piece-obligatoire");
    await browser.get(stepUrl(id));
    const [old] = await filesOf(id, "piece-identite");
    const refused = await browser.post(removeUrl(id, old!.uploadId), { version: "0" });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain(REQUIRED_DOCUMENT);
    expect(refused.body).toContain("error-summary");
    expect(await filesOf(id, "piece-identite")).toHaveLength(1);
    expect(await eventsOf(id)).toEqual([]);
    const replaced = await upload(t, browser, pieceUrl(id), { name: "identite-nouvelle.pdf", content: await buildPdf("Nouvelle carte") }, { version: "0", remplace: old!.uploadId });
    expect(replaced.statusCode).toBe(303);
    expect((await filesOf(id, "piece-identite")).map((file) => file.originalName)).toEqual(["identite-nouvelle.pdf"]);
  });

  it("refuses a file whose content is not an accepted type, whatever its name, and keeps nothing of it", async () => {
    const { id, browser } = await filedHousingRequest();
    await browser.get(stepUrl(id));
    const [old] = await filesOf(id, "piece-identite");
    const stored = await storedFiles();
    const refused = await upload(t, browser, pieceUrl(id), { name: "identite.pdf", content: buildWindowsExecutable() }, { version: "0", remplace: old!.uploadId });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("error-summary");
    expect(text(refused.body)).toContain("Pièce d'identité");
    await expect.poll(storedFiles, AFTER_RESPONSE).toBe(stored);
    expect((await filesOf(id, "piece-identite")).map((file) => file.originalName)).toEqual(["identite-ancienne.pdf"]);
    expect(await eventsOf(id)).toEqual([]);
    const none = await upload(t, browser, pieceUrl(id), { name: "", content: Buffer.alloc(0) }, { version: "0" });
    expect(none.statusCode).toBe(422);
    expect(text(none.body)).toContain("Choisissez un fichier à joindre.");
  });

  it("refuses a change from a page read before another update (409) and deletes the new file", async () => {
    const { id, browser } = await filedHousingRequest();
    await browser.get(stepUrl(id));
    expect((await browser.post(stepUrl(id), { ...HOUSING_FORM, telephone: "07 11 22 33 44", version: "0", action: "enregistrer" })).statusCode).toBe(303);
    await browser.get(stepUrl(id));
    const stored = await storedFiles();
    const stale = await upload(t, browser, pieceUrl(id), { name: "identite-nouvelle.pdf", content: await buildPdf("Nouvelle carte") }, { version: "0" });
    expect(stale.statusCode).toBe(409);
    expect(text(stale.body)).toContain("Votre demande a été mise à jour entre-temps");
    await expect.poll(storedFiles, AFTER_RESPONSE).toBe(stored);
    expect(await filesOf(id, "piece-identite")).toHaveLength(1);
  });

  it("refuses document changes on a closed request, while a contribution is open, and on another person's request", async () => {
    const { id, browser } = await filedHousingRequest();
    await browser.get(stepUrl(id));
    const csrf = browser.csrfToken();
    const [old] = await filesOf(id, "piece-identite");
    const stored = await storedFiles();
    await t.deps.db.updateTable("requests").set({ status: "closed" }).where("id", "=", id).execute();
    const closed = await upload(t, browser, pieceUrl(id), { name: "identite-nouvelle.pdf", content: await buildPdf("Nouvelle carte") }, { version: "0" });
    expect(closed.statusCode).toBe(409);
    expect(text(closed.body)).toContain("Cette demande est classée sans suite");
    await expect.poll(storedFiles, AFTER_RESPONSE).toBe(stored);
    const removal = await browser.post(removeUrl(id, old!.uploadId), { version: "0" }, { csrf });
    expect(removal.statusCode).toBe(409);
    expect(await filesOf(id, "piece-identite")).toHaveLength(1);

    await t.deps.db.updateTable("requests").set({ status: "in_instruction" }).where("id", "=", id).execute();
    await insertAsk(t.deps.db, { requestId: id, kind: "modification", message: "Précisez la commune.", unlockedSteps: ["informations-generales"], askedBy: agent.id, now: t.clock.now() });
    const asked = await browser.post(removeUrl(id, old!.uploadId), { version: "0" }, { csrf });
    expect(asked.statusCode).toBe(409);
    expect(text(asked.body)).toContain("Contribution pour modification");

    const { browser: other } = await filedHousingRequest();
    await other.get("/demandes");
    expect((await upload(t, other, pieceUrl(id), { name: "x.pdf", content: await buildPdf("x") }, { version: "0" })).statusCode).toBe(404);
    expect((await other.post(removeUrl(id, old!.uploadId), { version: "0" })).statusCode).toBe(404);
    await expect.poll(storedFiles, AFTER_RESPONSE).toBe(stored + 1); // the other person's own identity document only
    expect(await eventsOf(id)).toEqual([]);
  });
});
