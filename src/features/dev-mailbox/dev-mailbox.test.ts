import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { readConfig } from "../../platform/config.ts";
import { MINUTE } from "../../platform/clock.ts";
import { sendMailJob } from "../../platform/mail/mailer.ts";
import { contentDisposition, developmentMailboxEnabled } from "./routes.tsx";

const production = {
  NODE_ENV: "production",
  PUBLIC_URL: "https://aides.example.fr",
  SMTP_URL: "smtp://127.0.0.1:2525",
  DATABASE_URL: "postgres://guichet@127.0.0.1:5432/guichet",
  MAIL_FROM: "Mes aides <ne-pas-repondre@aides.example.fr>",
};

describe("development mailbox", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function queue(to: string, subject: string, extra: { text?: string; html?: string; attachments?: { filename: string; contentType: string; content: string }[] } = {}) {
    t.clock.advance(MINUTE);
    await t.deps.mailer.queue(t.deps.db, to, { subject, text: extra.text ?? `Texte de ${subject}`, html: extra.html ?? `<p>${subject}</p>`, attachments: extra.attachments });
    const row = await t.deps.db.selectFrom("mails").select("id").where("subject", "=", subject).executeTakeFirstOrThrow();
    return row.id;
  }

  it("lists a queued mail with its recipient, subject, date and status in a captioned table", async () => {
    const id = await queue("a@b.fr", "Activez votre compte");
    const response = await t.app.inject("/dev/courriels");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Boîte aux lettres de développement</h1>");
    expect(response.body).toMatch(/<caption[^>]*>Courriels enregistrés, du plus récent au plus ancien \(1 courriel\)<\/caption>/);
    expect(response.body).toContain('<th scope="col">Destinataire</th>');
    expect(response.body).toContain(`<a href="/dev/courriels/${id}">Activez votre compte</a>`);
    expect(response.body).toContain('<td data-label="Destinataire">a@b.fr</td>');
    expect(response.body).toMatch(/<time datetime="[^"]+">\d+ \S+ 2026 à \d\d:\d\d:\d\d<\/time>/);
    expect(response.body).toContain("en attente");
  });

  it("shows a mail's text part in a preformatted block, its links clickable", async () => {
    const id = await queue("c@d.fr", "Réinitialisez votre mot de passe", {
      text: "Bonjour,\nSuivez ce lien : http://127.0.0.1:3000/mot-de-passe/abc?x=1&y=2\nÀ bientôt",
    });
    const response = await t.app.inject(`/dev/courriels/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("<h1>Réinitialisez votre mot de passe</h1>");
    expect(response.body).toContain("c@d.fr");
    expect(response.body).toContain(
      '<pre class="mail-text">Bonjour,\nSuivez ce lien : <a href="http://127.0.0.1:3000/mot-de-passe/abc?x=1&amp;y=2">http://127.0.0.1:3000/mot-de-passe/abc?x=1&amp;y=2</a>\nÀ bientôt</pre>',
    );
  });

  it("escapes markup in the subject and never inserts the HTML part into its own page", async () => {
    const id = await queue("e@f.fr", '<script>alert("x")</script> & <b>gras</b>', {
      html: '<p>Bonjour <strong class="marque">Alice</strong></p><script>alert(1)</script>',
    });
    const list = await t.app.inject("/dev/courriels");
    expect(list.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;");
    expect(list.body).not.toContain('<script>alert("x")');
    const page = await t.app.inject(`/dev/courriels/${id}`);
    expect(page.body).not.toContain('<script>alert("x")');
    expect(page.body).not.toContain('<strong class="marque">');
    expect(page.body).toMatch(new RegExp(`<iframe class="mail-html" src="/dev/courriels/${id}/html" sandbox="" title="Version HTML du courriel « &lt;script&gt;`));
  });

  it("serves the HTML part as its own sandboxed document that loads nothing from outside", async () => {
    const id = await queue("g@h.fr", "Courriel en HTML", { html: '<p>Bonjour <strong class="marque">Alice</strong></p>' });
    const response = await t.app.inject(`/dev/courriels/${id}/html`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toBe('<p>Bonjour <strong class="marque">Alice</strong></p>');
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toMatch(/^sandbox;/);
    expect(csp).toContain("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(csp).not.toContain("script-src");
  });

  it("offers attachments for download, never displayed inline", async () => {
    const pdf = Buffer.from("%PDF-1.7 récapitulatif");
    const id = await queue("i@j.fr", "Votre récapitulatif", {
      attachments: [{ filename: "récapitulatif (1).pdf", contentType: "application/pdf", content: pdf.toString("base64") }],
    });
    const page = await t.app.inject(`/dev/courriels/${id}`);
    expect(page.body).toContain(`href="/dev/courriels/${id}/pieces-jointes/0"`);
    expect(page.body).toContain("Télécharger récapitulatif (1).pdf");
    const response = await t.app.inject(`/dev/courriels/${id}/pieces-jointes/0`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="r_capitulatif (1).pdf"; filename*=UTF-8''r%C3%A9capitulatif%20%281%29.pdf`);
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect((await t.app.inject(`/dev/courriels/${id}/pieces-jointes/1`)).statusCode).toBe(404);
    expect((await t.app.inject(`/dev/courriels/${id}/pieces-jointes/-1`)).statusCode).toBe(404);
  });

  it("shows a delivered mail as sent and a failed delivery as an error with its reason", async () => {
    const sentId = await queue("k@l.fr", "Courriel remis");
    const failedId = await queue("m@n.fr", "Courriel en échec");
    await sendMailJob({ db: t.deps.db, clock: t.clock, smtpUrl: undefined, from: t.deps.config.mailFrom })({ mailId: sentId });
    // Nothing listens on port 1: the real SMTP transport fails and the job records why.
    await expect(
      sendMailJob({ db: t.deps.db, clock: t.clock, smtpUrl: "smtp://127.0.0.1:1", from: t.deps.config.mailFrom })({ mailId: failedId }),
    ).rejects.toThrow();
    const sent = await t.app.inject(`/dev/courriels/${sentId}`);
    expect(sent.body).toContain('<span class="tag tag--success">envoyé</span>');
    const failed = await t.app.inject(`/dev/courriels/${failedId}`);
    expect(failed.body).toContain('<span class="tag tag--error">erreur</span>');
    expect(failed.body).toContain("ECONNREFUSED");
  });

  it("answers 404, not 500, for an unknown or a malformed mail id", async () => {
    const unknown = await t.app.inject("/dev/courriels/00000000-0000-4000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("Page non trouvée");
    for (const url of ["/dev/courriels/pas-un-uuid", "/dev/courriels/1'%20or%201=1", "/dev/courriels/pas-un-uuid/html", "/dev/courriels/123/pieces-jointes/0"]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
    }
  });

  it("lists the newest mails first, 50 per page, with links to the other pages", async () => {
    await t.deps.db.deleteFrom("mails").execute();
    for (let n = 1; n <= 51; n++) await queue("p@q.fr", `Courriel numéro ${n}`);
    const first = await t.app.inject("/dev/courriels");
    expect(first.body.match(/<tr>/g)).toHaveLength(51); // the header row and 50 mails
    expect(first.body.indexOf("Courriel numéro 51<")).toBeLessThan(first.body.indexOf("Courriel numéro 50<"));
    expect(first.body).not.toContain("Courriel numéro 1<");
    expect(first.body).toContain("<title>Boîte aux lettres de développement (page 1 sur 2) - Guichet</title>");
    expect(first.body).toContain('<a href="/dev/courriels?page=2">Page suivante</a>');
    const second = await t.app.inject("/dev/courriels?page=2");
    expect(second.body).toContain("Courriel numéro 1<");
    expect(second.body.match(/<tr>/g)).toHaveLength(2);
    expect(second.body).toContain('<a href="/dev/courriels?page=1">Page précédente</a>');
    expect((await t.app.inject("/dev/courriels?page=3")).statusCode).toBe(404);
    expect((await t.app.inject("/dev/courriels?page=abc")).statusCode).toBe(200);
  });

  it("is linked from the footer outside production", async () => {
    const response = await t.app.inject("/");
    expect(response.body).toContain('<a href="/dev/courriels">Boîte aux lettres de développement</a>');
  });
});

describe("development mailbox in production", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: production });
  });
  afterAll(() => t.close());

  it("does not exist: its addresses answer 404 even for a stored mail", async () => {
    await t.deps.mailer.queue(t.deps.db, "a@b.fr", { subject: "Secret", text: "Lien secret", html: "<p>Lien secret</p>" });
    const { id } = await t.deps.db.selectFrom("mails").select("id").executeTakeFirstOrThrow();
    for (const url of ["/dev/courriels", `/dev/courriels/${id}`, `/dev/courriels/${id}/html`]) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("Lien secret");
    }
    expect((await t.app.inject("/")).body).not.toContain('href="/dev/courriels"');
  });

  it("is enabled by configuration everywhere but in production", () => {
    expect(developmentMailboxEnabled(readConfig(production))).toBe(false);
    expect(developmentMailboxEnabled(readConfig({ NODE_ENV: "development" }))).toBe(true);
    expect(developmentMailboxEnabled(readConfig({ NODE_ENV: "test" }))).toBe(true);
  });
});

describe("attachment file names", () => {
  it("keep an ASCII fallback without quotes and the exact name in UTF-8", () => {
    expect(contentDisposition('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
    expect(contentDisposition("")).toBe(`attachment; filename="piece-jointe"; filename*=UTF-8''`);
  });
});
