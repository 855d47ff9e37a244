import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, type TestApp, type TestBrowser } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { formatRequestNumber, parseRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { buildPdf, buildWindowsExecutable } from "../../platform/uploads/test-files.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { buildGrant, buildService, signedInMember } from "../../../test/services.ts";
import { loadProceduresFromDirectory } from "../../core/procedures/load-from-directory.ts";
import { uploadsDirectory } from "../../platform/uploads/uploads.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { buildDefinition } from "../../../test/procedures.ts";

/** The test procedure: buildDefinition's two steps, with more field types and a required document. */
function testDefinition(): ProcedureDefinition {
  const definition = buildDefinition();
  const general = definition.étapes[0]!;
  general.champs.push(
    { id: "nom", type: "texte-court", libellé: "Nom", obligatoire: true },
    { id: "naissance", type: "date", libellé: "Date de naissance", période: "passée" },
    { id: "revenu", type: "montant", libellé: "Revenu mensuel" },
    { id: "courriel", type: "email", libellé: "Adresse de contact" },
    { id: "personnes", type: "nombre", libellé: "Nombre de personnes", minimum: 1, maximum: 20 },
  );
  general.pièces = [{ id: "identite", libellé: "Pièce d'identité", aide: "Carte d'identité ou passeport", obligatoire: true, formats: ["pdf", "png"], taille_max_mo: 1 }];
  return definition;
}

async function publish(t: TestApp, definition: ProcedureDefinition) {
  await loadProcedures(t.deps, [{ name: `procedures/${definition.slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
  await publishProcedure(t.deps, { slug: definition.slug }, { actorId: null });
}

/** Posts one file as the upload form does (multipart, token first), with the browser's cookies. */
async function upload(t: TestApp, browser: TestBrowser, url: string, file: { name: string; content: Buffer }, fields: Record<string, string> = {}) {
  const boundary = "----guichet-requests-test";
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

async function pdfText(content: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true });
  return text;
}

const requestIdOf = (location: string) => /^\/demandes\/([0-9a-f-]{36})\//.exec(location)![1]!;

describe("the applicant's side of requests", () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-requests-"));
    t = await createTestApp({ env: { DATA_DIR: dataDir } });
    await publish(t, testDefinition());
    await publish(t, { ...buildDefinition(), slug: "pret", titre: "Demande de prêt", thème: "Structures", déposant: { type: "membre-structure", service: "prets-en-ligne" }, préfixe_numéro: "PR" });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startDraft() {
    const person = await signedInAccount(t);
    await person.browser.get("/demarches");
    const started = await person.browser.post("/demarches/essai/commencer", {});
    expect(started.statusCode).toBe(303);
    const requestId = requestIdOf(started.headers.location as string);
    expect(started.headers.location).toBe(`/demandes/${requestId}/general`);
    return { ...person, requestId, stepUrl: `/demandes/${requestId}/general` };
  }

  it("lists the published procedures by theme, and explains what an organisation's procedure needs", async () => {
    const { browser } = await signedInAccount(t);
    const page = await browser.get("/demarches");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h2 id=\"theme-essai\">Essais</h2>");
    expect(page.body).toContain("Une démarche pour les tests.");
    expect(page.body).toContain('action="/demarches/essai/commencer"');
    expect(page.body).toContain("Commencer ma demande");
    // The loan procedure is for organisations: no button, a link to what is missing.
    expect(page.body).not.toContain('action="/demarches/pret/commencer"');
    expect(page.body).toContain('href="/structures/ajouter"');
    const refused = await browser.post("/demarches/pret/commencer", {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("réservée aux structures");
    expect((await browser.post("/demarches/inconnue/commencer", {})).statusCode).toBe(404);
  });

  it("lets an active member holding the service's grant start an organisation's request, and tells the others what is missing", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db, { slug: "prets-en-ligne", name: "Prêts en ligne" });
    const without = await signedInMember(t, organisation);
    const page = await without.browser.get("/demarches");
    expect(page.body).toContain("nécessite l&#39;habilitation au service « Prêts en ligne »");
    expect(page.body).toContain('href="/services/prets-en-ligne/habilitation"');
    expect((await without.browser.post("/demarches/pret/commencer", {})).statusCode).toBe(403);

    const member = await signedInMember(t, organisation);
    await buildGrant(t.deps.db, { service, account: member.account, organisation, status: "granted" });
    await member.browser.get("/demarches");
    const started = await member.browser.post("/demarches/pret/commencer", {});
    expect(started.statusCode).toBe(303);
    const row = await t.deps.db.selectFrom("requests").select(["organisationId", "applicantId"]).where("id", "=", requestIdOf(started.headers.location as string)).executeTakeFirstOrThrow();
    expect(row).toEqual({ organisationId: organisation.id, applicantId: member.account.id });
  });

  it("adds a row to a repeatable group without JavaScript, saving nothing", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    await browser.post(stepUrl, { commune: "69123", enfants: "oui", action: "suivant" });
    const foyerUrl = `/demandes/${requestId}/foyer`;
    await browser.get(foyerUrl);
    const added = await browser.post(foyerUrl, { "menage[0].prenom": "Léa", _groupe: "menage:ajouter" });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('value="Léa"');
    expect(added.body).toContain('name="menage[1].prenom"');
    const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers).menage).toBeUndefined();
  });

  it("renders every step of the demo social-housing request", async () => {
    await loadProceduresFromDirectory(t.deps, "procedures", { via: "cli" });
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    const { browser } = await signedInAccount(t);
    await browser.get("/demarches");
    const started = await browser.post("/demarches/logement-social/commencer", {});
    expect(started.statusCode).toBe(303);
    const first = await browser.get(started.headers.location as string);
    expect(first.statusCode).toBe(200);
    const stepLinks = [...first.body.matchAll(/<a href="(\/demandes\/[0-9a-f-]{36}\/[a-z0-9-]+)"( aria-current="step")?>/g)].map((match) => match[1]!);
    expect(stepLinks.length).toBeGreaterThanOrEqual(8);
    for (const url of stepLinks) expect((await browser.get(url)).statusCode, url).toBe(200);
  });

  it("refuses an upload without the CSRF token and keeps no file of it", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    const before = (await readdir(uploadsDirectory(t.deps), { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).length;
    const boundary = "----no-token";
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      await buildPdf(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
    const response = await t.app.inject({ method: "POST", url: `/demandes/${requestId}/pieces/identite`, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
    expect(response.statusCode).toBe(403);
    const after = (await readdir(uploadsDirectory(t.deps), { recursive: true, withFileTypes: true }).catch(() => [])).filter((entry) => entry.isFile()).length;
    expect(after).toBe(before);
    expect(await t.deps.db.selectFrom("requestDocuments").select("id").where("requestId", "=", requestId).execute()).toHaveLength(0);
  });

  it("sends anonymous visitors to the login page and refuses a start without the CSRF token", async () => {
    const { browser } = await signedInAccount(t);
    await browser.get("/demarches");
    expect((await browser.post("/demarches/essai/commencer", {}, { csrf: null })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: "/demandes" });
    expect(anonymous.headers.location).toBe("/connexion?retour=%2Fdemandes");
  });

  it("starts a draft with its event, and shows the steps, the fields and the documents of the first step", async () => {
    const { browser, requestId, stepUrl, account } = await startDraft();
    const row = await t.deps.db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "draft", applicantId: account.id, applicantEmail: account.email, organisationId: null, number: null, currentStep: "general" });
    const events = await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", requestId).execute();
    expect(events.map((event) => event.event)).toEqual(["request.created"]);

    const page = await browser.get(stepUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-label="Étapes de la demande"');
    expect(page.body).toMatch(/<a href="\/demandes\/[^"]+\/general" aria-current="step">Informations générales<\/a>/);
    expect(page.body).toContain("Composition du foyer");
    expect(page.body).toContain("Pièce d&#39;identité");
    expect(page.body).toContain("Carte d&#39;identité ou passeport");
    expect(page.body).toContain("Obligatoire");
    expect(page.body).toContain("Formats acceptés : PDF ou PNG. Taille maximale : 1 Mo.");
    expect(page.body).toContain("Poursuivre plus tard");
    expect(page.body).toContain("Poursuivre pour renforcer ma demande");
    // The minimal information (the commune) is missing: no submit button yet, and it says why.
    expect(page.body).not.toContain(">Déposer ma demande</button>");
    expect(page.body).toContain("dès que les informations minimales seront renseignées");
  });

  it("re-renders a step with bad input in every shape with 422, the typed values and an error summary, and stores only the valid values", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    const typed = {
      commune: "Atlantide",
      nom: "Martin",
      naissance: "31/02/2020",
      revenu: "douze euros",
      courriel: "pas-une-adresse",
      personnes: "3,5",
      enfants: "peut-être",
      situation: "astronaute",
      action: "plus-tard",
    };
    const response = await browser.post(stepUrl, typed);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<title>Erreur : ");
    expect(response.body).toContain('class="error-summary"');
    for (const value of ["Atlantide", "31/02/2020", "douze euros", "pas-une-adresse", "3,5"]) expect(response.body).toContain(`value="${value}"`);
    for (const name of ["commune", "naissance", "revenu", "courriel", "personnes", "enfants", "situation"]) expect(response.body).toContain(`href="#champ-${name}"`);
    expect(response.body).toContain("Cette date n&#39;existe pas");
    // The valid answer is kept, the others are not stored.
    const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toEqual({ nom: "Martin" });
  });

  it("saves a draft with required fields still empty, then goes to the next shown step", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    const later = await browser.post(stepUrl, { commune: "", nom: "", action: "plus-tard" });
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toBe("/demandes");

    await browser.get(stepUrl);
    const next = await browser.post(stepUrl, { commune: "69123", nom: "Martin", naissance: "15/03/1990", revenu: "1 650,50 €", enfants: "oui", situation: "salarie", action: "suivant" });
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe(`/demandes/${requestId}/foyer`);
    const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toMatchObject({ nom: "Martin", naissance: "1990-03-15", revenu: 165050, enfants: true, situation: "salarie", commune: { code: "69123" } });

    const foyer = await browser.get(`/demandes/${requestId}/foyer`);
    expect(foyer.body).toContain("Employeur");
    expect(foyer.body).toContain("Livret de famille");
    // The minimal information is there: the request may be submitted from any step.
    expect(foyer.body).toContain(">Déposer ma demande</button>");
  });

  it("saves a step as it is typed (the script's autosave): JSON with the time and the number of values not kept, and only valid values stored", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    const saved = await browser.post(stepUrl, { commune: "69123", nom: "Mart", revenu: "douze", action: "autosave" }, { headers: { accept: "application/json" } });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers["cache-control"]).toBe("no-store");
    expect(saved.json()).toEqual({ savedAt: expect.stringMatching(/^\d\d h \d\d$/), invalid: 1 });
    const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toMatchObject({ nom: "Mart", commune: { code: "69123" } });
    expect(JSON.parse(row.answers)).not.toHaveProperty("revenu");

    // Like every form: the token is required, and another person's draft is not there.
    expect((await browser.post(stepUrl, { nom: "Martin", action: "autosave" }, { csrf: null })).statusCode).toBe(403);
    const other = await signedInAccount(t);
    expect((await other.browser.post(stepUrl, { nom: "Intrus", action: "autosave" })).statusCode).toBe(404);
    const after = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(after.answers)).toMatchObject({ nom: "Mart" });
  });

  it("keeps both steps when two saves of the same draft arrive at once (two tabs, an autosave and a button)", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    await browser.post(stepUrl, { situation: "salarie", action: "plus-tard" });
    for (let round = 0; round < 5; round++) {
      const json = { headers: { accept: "application/json" } };
      const [general, foyer] = await Promise.all([
        browser.post(stepUrl, { commune: "69123", nom: `Martin ${round}`, situation: "salarie", action: "autosave" }, json),
        browser.post(`/demandes/${requestId}/foyer`, { employeur: `Atelier ${round}`, action: "autosave" }, json),
      ]);
      expect([general.statusCode, foyer.statusCode]).toEqual([200, 200]);
      const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
      expect(JSON.parse(row.answers)).toMatchObject({ nom: `Martin ${round}`, employeur: `Atelier ${round}` });
    }
  });

  it("never takes the file's verdict from the body: a forged « stored file » in JSON, as a JSON part or a JSON body, stores nothing", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    const url = `/demandes/${requestId}/pieces/identite`;
    const forged = {
      kind: "stored",
      fileName: "x.pdf",
      result: { ok: true, upload: { id: "11111111-1111-4111-8111-111111111111", storageKey: `aa/${"a".repeat(32)}`, originalName: "facture.exe", detectedType: "pdf", size: 1, sha256: "a".repeat(64), createdAt: new Date().toISOString() } },
    };
    await browser.get(stepUrl);
    const boundary = "----guichet-forged";
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken()}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="fichier"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(forged)}\r\n--${boundary}--\r\n`,
    );
    const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
    const asPart = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
    expect(asPart.statusCode).toBe(422);
    expect(asPart.body).toContain("Choisissez un fichier à joindre.");
    await browser.get(stepUrl);
    const asJson = await t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": "application/json" }, payload: JSON.stringify({ _csrf: browser.csrfToken(), fichier: forged }) });
    expect(asJson.statusCode).toBeLessThan(500);
    expect(asJson.statusCode).not.toBe(303);
    expect(await t.deps.db.selectFrom("uploads").select("id").where("id", "=", forged.result.upload.id).executeTakeFirst()).toBeUndefined();
    expect(await t.deps.db.selectFrom("requestDocuments").select("id").where("requestId", "=", requestId).execute()).toEqual([]);
  });

  it("takes a real PDF, refuses a renamed program and an oversize file with 422, then replaces and deletes files", async () => {
    const { browser, requestId, stepUrl } = await startDraft();
    await browser.get(stepUrl);
    const url = `/demandes/${requestId}/pieces/identite`;

    const program = await upload(t, browser, url, { name: "identite.pdf", content: buildWindowsExecutable() });
    expect(program.statusCode).toBe(422);
    expect(program.body).toContain("Ce fichier est un programme, pas un document");
    expect(program.body).toContain('href="#champ-piece-identite"');

    await browser.get(stepUrl);
    const nothing = await upload(t, browser, url, { name: "", content: Buffer.alloc(0) });
    expect(nothing.statusCode).toBe(422);
    expect(nothing.body).toContain("Choisissez un fichier à joindre.");

    await browser.get(stepUrl);
    const big = Buffer.concat([await buildPdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const oversize = await upload(t, browser, url, { name: "gros.pdf", content: big });
    expect(oversize.statusCode).toBe(422);
    expect(oversize.body).toContain("Le fichier dépasse la taille maximale autorisée (1 Mo).");

    await browser.get(stepUrl);
    const pdf = await buildPdf("Carte nationale d'identité");
    const stored = await upload(t, browser, url, { name: "carte identité.pdf", content: pdf });
    expect(stored.statusCode).toBe(303);
    expect(stored.headers.location).toBe(stepUrl);
    const documents = await t.deps.db.selectFrom("requestDocuments").innerJoin("uploads", "uploads.id", "requestDocuments.uploadId").selectAll().where("requestId", "=", requestId).execute();
    expect(documents).toHaveLength(1);
    const uploadId = documents[0]!.uploadId;
    // Only the kept file is on disk: refused files left nothing behind.
    expect((await readdir(uploadsDirectory(t.deps), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && !entry.parentPath.includes(".incoming"))).toHaveLength(
      (await t.deps.db.selectFrom("uploads").select("id").execute()).length,
    );

    const page = await browser.get(stepUrl);
    expect(page.body).toContain(`href="/demandes/${requestId}/pieces/${uploadId}"`);
    expect(page.body).toContain("Remplacer");
    const download = await browser.get(`/demandes/${requestId}/pieces/${uploadId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toContain("attachment");
    expect(download.rawPayload.equals(pdf)).toBe(true);

    const replacement = await buildPdf("Passeport");
    const replaced = await upload(t, browser, url, { name: "passeport.pdf", content: replacement }, { remplace: uploadId });
    expect(replaced.statusCode).toBe(303);
    const after = await t.deps.db.selectFrom("requestDocuments").select("uploadId").where("requestId", "=", requestId).execute();
    expect(after).toHaveLength(1);
    expect(after[0]!.uploadId).not.toBe(uploadId);
    expect((await browser.get(`/demandes/${requestId}/pieces/${uploadId}`)).statusCode).toBe(404);

    await browser.get(stepUrl);
    const removed = await browser.post(`/demandes/${requestId}/pieces/${after[0]!.uploadId}/supprimer`, {});
    expect(removed.statusCode).toBe(303);
    expect(await t.deps.db.selectFrom("requestDocuments").select("id").where("requestId", "=", requestId).execute()).toHaveLength(0);
  });

  it("refuses a submission with something missing (422 with links to the steps), then files it with a number, an event, a mailed receipt and PDFs", async () => {
    const { browser, requestId, stepUrl, account } = await startDraft();
    await browser.get(stepUrl);
    await browser.post(stepUrl, { commune: "69123", enfants: "oui", situation: "salarie", action: "suivant" });

    await browser.get(`/demandes/${requestId}/foyer`);
    const refused = await browser.post(`/demandes/${requestId}/foyer`, { action: "deposer" });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Votre demande ne peut pas encore être déposée");
    expect(refused.body).toContain(`<a href="/demandes/${requestId}/general">Informations générales : Nom</a>`);
    expect(refused.body).toContain(`<a href="/demandes/${requestId}/general">Informations générales : pièce « Pièce d&#39;identité »</a>`);
    expect(refused.body).toContain(`<a href="/demandes/${requestId}/foyer">Composition du foyer : Employeur</a>`);
    expect((await t.deps.db.selectFrom("requests").select("status").where("id", "=", requestId).executeTakeFirstOrThrow()).status).toBe("draft");

    await browser.get(stepUrl);
    await browser.post(stepUrl, { commune: "69123", nom: "Martin", enfants: "oui", situation: "salarie", action: "plus-tard" });
    await browser.get(stepUrl);
    expect((await upload(t, browser, `/demandes/${requestId}/pieces/identite`, { name: "identite.pdf", content: await buildPdf() })).statusCode).toBe(303);
    await browser.get(`/demandes/${requestId}/foyer`);
    const filed = await browser.post(`/demandes/${requestId}/foyer`, { "menage[0].prenom": "Léa", employeur: "Boulangerie Dupont", action: "deposer" });
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toBe(`/demandes/${requestId}/deposee`);

    const row = await t.deps.db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(row.status).toBe("filed");
    expect(parseRequestNumber(row.number!).ok).toBe(true);
    expect(row.number!.startsWith("ES")).toBe(true);
    expect(row.filedAt).not.toBeNull();
    const events = await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", requestId).where("visibleToApplicant", "=", true).orderBy("id").execute();
    expect(events.map((event) => event.event)).toEqual(["request.created", "request.filed"]);

    const confirmation = await browser.get(filed.headers.location as string);
    expect(confirmation.body).toContain(formatRequestNumber(row.number!));
    expect(confirmation.body).toContain(`href="/demandes/${requestId}/recepisse.pdf"`);

    // The receipt is built and mailed by a job once the filing is committed: one waits.
    expect(await t.deps.db.selectFrom("mails").select("id").where("toAddress", "=", account.email).where("subject", "like", "%déposée%").execute()).toEqual([]);
    expect(await runWaitingJobs(t, "request-pdf-mail")).toBe(1);
    const mail = await t.deps.db.selectFrom("mails").selectAll().where("toAddress", "=", account.email).orderBy("createdAt", "desc").executeTakeFirstOrThrow();
    expect(mail.subject).toContain("Votre demande est déposée");
    expect(mail.textBody).toContain(formatRequestNumber(row.number!));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe("application/pdf");
    const mailed = await pdfText(Buffer.from(mail.attachments[0]!.content, "base64"));
    for (const text of ["Récépissé de dépôt", "Démarche d'essai", formatRequestNumber(row.number!), "Mme Camille Martin", "2 mars 2026", "Pièce d'identité : identite.pdf"]) expect(mailed).toContain(text);

    const receipt = await browser.get(`/demandes/${requestId}/recepisse.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers["content-type"]).toBe("application/pdf");
    expect(await pdfText(receipt.rawPayload)).toContain(formatRequestNumber(row.number!));

    const summary = await browser.get(`/demandes/${requestId}/recapitulatif.pdf`);
    expect(summary.statusCode).toBe(200);
    const summaryText = await pdfText(summary.rawPayload);
    for (const text of ["Récapitulatif de la demande", "Commune souhaitée : Lyon (69)", "Nom : Martin", "Avez-vous des enfants ? : Oui", "Situation : Salarié", "Prénom : Léa", "Employeur : Boulangerie Dupont", "Pièce d'identité : identite.pdf"]) {
      expect(summaryText).toContain(text);
    }

    // A filed request is consulted, no longer edited; a second submission changes nothing.
    expect((await browser.get(stepUrl)).headers.location).toBe(`/demandes/${requestId}`);
    const consult = await browser.get(`/demandes/${requestId}`);
    expect(consult.body).toContain("Boulangerie Dupont");
    expect((await browser.post(`/demandes/${requestId}/deposer`, {})).statusCode).toBe(409);
    expect((await browser.post(stepUrl, { nom: "Autre", action: "plus-tard" })).statusCode).toBe(409);
    expect((await upload(t, browser, `/demandes/${requestId}/pieces/identite`, { name: "tard.pdf", content: await buildPdf() })).statusCode).toBe(409);
  });

  it("lists my requests with their dates and seniority, shows the history, and abandons a request after confirmation", async () => {
    const { browser, requestId } = await startDraft();
    // Created three days ago (moving the clock would end the session).
    await t.deps.db.updateTable("requests").set({ createdAt: new Date(t.clock.now().getTime() - 3 * 24 * 60 * 60 * 1000 - 60_000) }).where("id", "=", requestId).execute();
    const list = await browser.get("/demandes");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Démarche d&#39;essai — Brouillon");
    expect(list.body).toContain("Créée le");
    // A draft has no seniority yet: it counts from the filing.
    expect(list.body).not.toContain("Ancienneté");
    expect(list.body).toContain("Compléter ma demande");
    expect(list.body).toContain(`href="/demandes/${requestId}/recapitulatif.pdf"`);
    expect(list.body).toContain(`href="/demandes/${requestId}/historique"`);

    const summary = await browser.get(`/demandes/${requestId}/recapitulatif.pdf`);
    expect(summary.statusCode).toBe(200);
    expect(await pdfText(summary.rawPayload)).toContain("État : Brouillon");

    const history = await browser.get(`/demandes/${requestId}/historique`);
    expect(history.body).toContain("Demande créée");

    const confirm = await browser.get(`/demandes/${requestId}/abandonner`);
    expect(confirm.body).toContain("Je confirme l&#39;abandon de cette demande");
    const unconfirmed = await browser.post(`/demandes/${requestId}/abandonner`, {});
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain("Cochez la case pour confirmer l&#39;abandon de votre demande.");
    const abandoned = await browser.post(`/demandes/${requestId}/abandonner`, { confirmation: "oui" });
    expect(abandoned.statusCode).toBe(303);
    expect((await t.deps.db.selectFrom("requests").select("status").where("id", "=", requestId).executeTakeFirstOrThrow()).status).toBe("abandoned");
    expect((await browser.get(`/demandes/${requestId}/historique`)).body).toContain("Demande abandonnée");
    expect((await browser.get("/demandes")).body).toContain("Abandonnée");
  });

  it("answers 404 for another person's request, step, document and PDFs", async () => {
    const owner = await startDraft();
    await owner.browser.get(owner.stepUrl);
    await upload(t, owner.browser, `/demandes/${owner.requestId}/pieces/identite`, { name: "identite.pdf", content: await buildPdf() });
    const { uploadId } = await t.deps.db.selectFrom("requestDocuments").select("uploadId").where("requestId", "=", owner.requestId).executeTakeFirstOrThrow();

    const { browser } = await signedInAccount(t);
    const id = owner.requestId;
    for (const url of [`/demandes/${id}`, `/demandes/${id}/general`, `/demandes/${id}/pieces/${uploadId}`, `/demandes/${id}/recapitulatif.pdf`, `/demandes/${id}/historique`, `/demandes/${id}/abandonner`, "/demandes/pas-un-id/general"]) {
      expect((await browser.get(url)).statusCode, url).toBe(404);
    }
    await browser.get("/demandes");
    expect((await browser.post(`/demandes/${id}/general`, { nom: "Intrus" })).statusCode).toBe(404);
    expect((await browser.post(`/demandes/${id}/abandonner`, { confirmation: "oui" })).statusCode).toBe(404);
    expect((await browser.post(`/demandes/${id}/pieces/${uploadId}/supprimer`, {})).statusCode).toBe(404);
    expect((await upload(t, browser, `/demandes/${id}/pieces/identite`, { name: "x.pdf", content: await buildPdf() })).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom("requestDocuments").select("id").where("requestId", "=", id).execute()).toHaveLength(1);
    expect((await t.deps.db.selectFrom("requests").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("draft");
  });
});
