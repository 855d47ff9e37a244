import { getDocumentProxy, extractText } from "unpdf";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { generateLetterJob } from "../../platform/letters/generate-letter-job.ts";
import type { LetterContent } from "../../platform/letters/letters.ts";
import { outboxProvider } from "../../platform/letters/providers.ts";
import { letterNumber } from "../../platform/letters/render-letter.ts";

const SECOND = 1000;

const letter = (name: string, reference = "STR-1"): LetterContent => ({
  to: { name, detail: "Monsieur Émile Durand", street: "5 avenue de la Gare", postalCode: "34000", commune: "Montpellier" },
  subject: "Code d'activation de votre structure",
  body: [
    { type: "paragraph", text: "Madame, Monsieur," },
    { type: "code", label: "Code d'activation", code: "B4TN-8KZP" },
  ],
  reference,
});

describe("letters outbox (Courriers à envoyer)", () => {
  let t: TestApp;
  let admin: BuiltAccount;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildAccount(t.deps.db, { role: "platform_admin" });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.deps.db.deleteFrom("letters").execute();
    browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
  });

  /** Queues a letter and, unless told otherwise, runs its generation job as the worker would. */
  async function queued(name: string, options: { generate?: boolean; reference?: string } = {}) {
    // A second apart: ordered by creation, and well within the admin's 30-minute idle session.
    t.clock.advance(SECOND);
    const { id } = await t.deps.letters.queue(t.deps.db, letter(name, options.reference));
    if (options.generate !== false) {
      await generateLetterJob({ db: t.deps.db, clock: t.clock, brand: t.deps.config.brand, provider: outboxProvider })({ letterId: id });
    }
    return id;
  }

  async function row(id: string) {
    return t.deps.db.selectFrom("letters").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  it("lists the letters to send, newest first, in a captioned table with their state", async () => {
    const older = await queued("Association Les Amis du Lac", { reference: "STR-000123" });
    const newer = await queued("Commune de Saint-Éloi", { generate: false });
    const response = await browser.get("/administration/courriers");
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).toContain("<h1>Courriers à envoyer</h1>");
    expect(response.body).toMatch(/<caption id="courriers-caption">À envoyer \(en préparation ou à poster\), du plus récent au plus ancien \(2 courriers\)<\/caption>/);
    expect(response.body).toContain('<th scope="col">Destinataire</th>');
    expect(response.body).toContain('<th scope="row" data-label="Destinataire">Association Les Amis du Lac<br/><span class="field__hint">34000 Montpellier</span></th>');
    expect(response.body.indexOf("Commune de Saint-Éloi")).toBeLessThan(response.body.indexOf("Association Les Amis du Lac"));
    expect(response.body).toContain(letterNumber(older));
    expect(response.body).toContain("STR-000123");
    expect(response.body).toContain('<span class="tag tag--warning">à poster</span>');
    expect(response.body).toContain('<span class="tag tag--info">en préparation</span>');
    // Only a generated letter can be downloaded and marked as posted; both can be cancelled.
    expect(response.body).toContain(`href="/administration/courriers/${older}.pdf"`);
    expect(response.body).not.toContain(`href="/administration/courriers/${newer}.pdf"`);
    expect(response.body).toContain(`action="/administration/courriers/${older}/poste"`);
    expect(response.body).not.toContain(`action="/administration/courriers/${newer}/poste"`);
    expect(response.body).toContain(`action="/administration/courriers/${newer}/annuler"`);
    expect(response.body).toContain(`Marquer comme posté<span class="visually-hidden"> le courrier n° ${letterNumber(older)}</span>`);
  });

  it("downloads a letter's PDF as an attachment", async () => {
    const id = await queued("Association Les Amis du Lac");
    const response = await browser.get(`/administration/courriers/${id}.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="courrier-2026-03-02-${letterNumber(id)}.pdf"`);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.rawPayload.equals(Buffer.from((await row(id)).pdf!))).toBe(true);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(response.rawPayload)), { mergePages: true });
    expect(text).toContain("Association Les Amis du Lac");
    expect(text).toContain("Monsieur Émile Durand");
    expect(text).toContain("34000 MONTPELLIER");
    expect(text).toContain("Objet : Code d'activation de votre structure");
  });

  it("marks a letter as posted, recording who and when, in the audit trail too", async () => {
    const id = await queued("Association Les Amis du Lac");
    await browser.get("/administration/courriers?etat=a-poster");
    const response = await browser.post(`/administration/courriers/${id}/poste`, { etat: "a-poster", page: "1" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/administration/courriers?etat=a-poster");
    const posted = await row(id);
    expect(posted).toMatchObject({ status: "posted", postedBy: admin.id });
    expect(posted.postedAt).not.toBeNull();
    const event = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "letter.posted").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actorId: admin.id, details: { letterId: id } });

    const after = await browser.get("/administration/courriers?etat=a-poster");
    expect(after.body).toContain("Le courrier est marqué comme posté.");
    expect(after.body).not.toContain(letterNumber(id));
    const postedList = await browser.get("/administration/courriers?etat=postes");
    expect(postedList.body).toContain(letterNumber(id));
    expect(postedList.body).toContain('<span class="tag tag--success">posté</span>');
    // Still downloadable, no longer postable.
    expect(postedList.body).toContain(`href="/administration/courriers/${id}.pdf"`);
    expect(postedList.body).not.toContain(`action="/administration/courriers/${id}/poste"`);
  });

  it("answers that a letter cannot be posted twice, nor before its PDF exists", async () => {
    const id = await queued("Association Les Amis du Lac");
    await browser.get("/administration/courriers");
    expect((await browser.post(`/administration/courriers/${id}/poste`, {})).statusCode).toBe(303);
    await browser.get("/administration/courriers");
    const again = await browser.post(`/administration/courriers/${id}/poste`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Ce courrier a déjà été posté.");

    const pending = await queued("Commune de Saint-Éloi", { generate: false });
    await browser.get("/administration/courriers");
    const early = await browser.post(`/administration/courriers/${pending}/poste`, {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain("Ce courrier est encore en préparation");
    expect((await row(pending)).status).toBe("queued");
  });

  it("cancels a letter that has not left; its job then leaves it alone", async () => {
    const id = await queued("Commune de Saint-Éloi", { generate: false });
    await browser.get("/administration/courriers");
    const response = await browser.post(`/administration/courriers/${id}/annuler`, { etat: "nimporte", page: "-3" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/administration/courriers");
    expect(await row(id)).toMatchObject({ status: "cancelled", cancelledBy: admin.id });
    await generateLetterJob({ db: t.deps.db, clock: t.clock, brand: t.deps.config.brand, provider: outboxProvider })({ letterId: id });
    expect(await row(id)).toMatchObject({ status: "cancelled", pdf: null });
    const event = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "letter.cancelled").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actorId: admin.id, details: { letterId: id } });
    const list = await browser.get("/administration/courriers?etat=annules");
    expect(list.body).toContain("Le courrier est annulé : il ne sera pas envoyé.");
    expect(list.body).toContain('<span class="tag tag--neutral">annulé</span>');
  });

  it("filters by state with a GET form that works without JavaScript", async () => {
    await queued("Association Les Amis du Lac");
    const response = await browser.get("/administration/courriers?etat=en-preparation");
    expect(response.body).toContain('<form method="get" action="/administration/courriers" class="letter-filters">');
    expect(response.body).toContain('<label class="field__label" for="champ-etat">Afficher</label>');
    expect(response.body).toContain('<option value="en-preparation" selected="">En préparation</option>');
    expect(response.body).toContain("Aucun courrier dans cette liste (en préparation).");
    const unknown = await browser.get("/administration/courriers?etat=%3Cscript%3E");
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('<option value="a-envoyer" selected="">');
  });

  it("shows 50 letters per page with links to the others, keeping the filter", async () => {
    for (let n = 1; n <= 51; n++) await queued(`Structure numéro ${n}`, { generate: false });
    const first = await browser.get("/administration/courriers?etat=tous");
    expect(first.body.match(/<tr>/g)).toHaveLength(51);
    expect(first.body).toContain("Structure numéro 51<");
    expect(first.body).not.toContain("Structure numéro 1<");
    expect(first.body).toContain('<a href="/administration/courriers?etat=tous&amp;page=2">Page suivante</a>');
    const second = await browser.get("/administration/courriers?etat=tous&page=2");
    expect(second.body).toContain("Structure numéro 1<");
    expect(second.body).toContain('<a href="/administration/courriers?etat=tous">Page précédente</a>');
    expect((await browser.get("/administration/courriers?etat=tous&page=3")).statusCode).toBe(404);
  });

  it("answers 404, never 500, for a malformed or unknown letter", async () => {
    await browser.get("/administration/courriers");
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const url of ["/administration/courriers/pas-un-uuid.pdf", `/administration/courriers/${unknown}.pdf`, "/administration/courriers/1'%20or%201=1.pdf"]) {
      expect((await browser.get(url)).statusCode, url).toBe(404);
    }
    await browser.get("/administration/courriers");
    for (const url of ["/administration/courriers/pas-un-uuid/poste", `/administration/courriers/${unknown}/poste`, `/administration/courriers/${unknown}/annuler`]) {
      expect((await browser.post(url, {})).statusCode, url).toBe(404);
    }
    // Not downloadable before it is generated.
    const pending = await queued("Commune de Saint-Éloi", { generate: false });
    expect((await browser.get(`/administration/courriers/${pending}.pdf`)).statusCode).toBe(404);
  });

  it("refuses an action without the form's CSRF token", async () => {
    const id = await queued("Association Les Amis du Lac");
    const response = await browser.post(`/administration/courriers/${id}/poste`, {}, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect((await row(id)).status).toBe("generated");
  });

  it("does not exist for a signed-in person who is not a platform admin, nor for a visitor", async () => {
    const id = await queued("Association Les Amis du Lac");
    const person = await buildAccount(t.deps.db);
    const other = new TestBrowser(t.app);
    await logInAs(other, person);
    for (const url of ["/administration/courriers", `/administration/courriers/${id}.pdf`]) {
      const response = await other.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("Association Les Amis du Lac");
    }
    await other.get("/mon-compte");
    expect((await other.post(`/administration/courriers/${id}/poste`, {})).statusCode).toBe(404);
    expect((await row(id)).status).toBe("generated");

    const visitor = await t.app.inject(`/administration/courriers/${id}.pdf`);
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe(`/connexion?retour=${encodeURIComponent(`/administration/courriers/${id}.pdf`)}`);
  });
});
