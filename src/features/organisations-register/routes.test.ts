import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { findRegisterEntry } from "../../core/organisations/queries/register.ts";

const HEADER = "numero_client;siret;raison_sociale;representant_legal;adresse;code_postal;commune";
const GOOD_FILE = `\uFEFF${HEADER}\r\n000501;12345678200010;Office public de l'habitat;Mme Alice Durand;1 place de la Mairie;35000;Rennes\r\n502;12345678200011;Clé fausse;M. Petit;2 rue B;35000;Rennes\r\n`;

/** A multipart form as a browser sends it: the CSRF token first, then the file. */
function multipartForm(fields: Record<string, string>, file?: { name: string; content: Buffer | string; type?: string }) {
  const boundary = `----guichet${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.name}"\r\nContent-Type: ${file.type ?? "text/csv"}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe("the organisations register's admin pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Uploads through the import form, with the browser's cookies and the token of its last page. */
  async function upload(browser: TestBrowser, file?: { name: string; content: Buffer | string; type?: string }, options: { csrf?: string | null } = {}) {
    const csrf = options.csrf === undefined ? browser.csrfToken() : options.csrf;
    const form = multipartForm(csrf === null ? {} : { _csrf: csrf }, file);
    const cookie = ["guichet_session", "guichet_csrf"].flatMap((name) => (browser.cookie(name) ? [`${name}=${browser.cookie(name)}`] : [])).join("; ");
    const response = await t.app.inject({
      method: "POST",
      url: "/administration/structures/import",
      remoteAddress: browser.ip,
      headers: { cookie, "content-type": form.contentType },
      payload: form.payload,
    });
    browser.lastPage = response.body;
    return response;
  }

  async function adminBrowser() {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    return browser;
  }

  it("are hidden from anyone but a platform admin: anonymous visitors go to the login page, other accounts get 404", async () => {
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get("/administration/structures/import")).headers.location).toBe("/connexion?retour=%2Fadministration%2Fstructures%2Fimport");

    const applicant = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    expect((await browser.get("/administration/structures")).statusCode).toBe(404);
    expect((await browser.get("/administration/structures/import")).statusCode).toBe(404);
    await browser.get("/mon-compte");
    const response = await upload(browser, { name: "registre.csv", content: GOOD_FILE });
    expect(response.statusCode).toBe(404);
    expect(await findRegisterEntry(t.deps.db, "501")).toBeUndefined();
  });

  it("let an admin upload the register and see what was imported and each rejected line with its reasons", async () => {
    const browser = await adminBrowser();
    const page = await browser.get("/administration/structures/import");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Importer le registre des structures</h1>");
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<label class="field__label" for="champ-fichier">Fichier du registre \(CSV\)<\/label>/);
    expect(page.body).toContain('aria-describedby="champ-fichier-hint"');

    const response = await upload(browser, { name: "registre.csv", content: GOOD_FILE });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Compte rendu de l&#39;import");
    expect(response.body).toContain("<li>2 lignes lues</li>");
    expect(response.body).toContain("<li>1 structure ajoutée</li>");
    expect(response.body).toContain("<li>1 ligne rejetée</li>");
    expect(response.body).toMatch(/<th scope="row"[^>]*>3<\/th>\s*<td[^>]*>502<\/td>/);
    expect(response.body).toContain("siret : ce numéro SIRET n&#39;est pas valide");
    expect(await findRegisterEntry(t.deps.db, "501")).toMatchObject({ name: "Office public de l'habitat", communeInseeCode: "35238" });

    const list = await browser.get("/administration/structures?recherche=00501");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Office public de l&#39;habitat");
    expect(list.body).toContain("123 456 782 00010");
    expect((await browser.get("/administration/structures?recherche=introuvable")).body).toContain("Aucune structure ne correspond à « introuvable ».");
    expect((await browser.get("/administration/structures?page=2")).statusCode).toBe(404);
  });

  it("answers 422 with the reason when no file is chosen, the file is unusable or too large, and imports nothing", async () => {
    const browser = await adminBrowser();
    await browser.get("/administration/structures/import");

    const none = await upload(browser, { name: "", content: "", type: "application/octet-stream" });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain("Choisissez le fichier CSV du registre à importer.");
    expect(none.body).toContain('href="#champ-fichier"');

    const missing = await upload(browser, { name: "registre.csv", content: "numero_client;siret\n601;12345678200010\n" });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("<title>Erreur : Importer le registre des structures");
    expect(missing.body).toContain("Il manque les colonnes « raison_sociale », « representant_legal », « adresse », « code_postal », « commune »");

    // A spreadsheet renamed .csv is judged by its bytes, not its name.
    const binary = await upload(browser, { name: "registre.csv", content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]) });
    expect(binary.statusCode).toBe(422);
    expect(binary.body).toContain("n&#39;est pas un fichier texte CSV");

    const large = `${HEADER}\n${`601;12345678200010;Office;Mme Durand;1 rue A;35000;Rennes\n`.repeat(100_000)}`;
    const tooLarge = await upload(browser, { name: "registre.csv", content: large });
    expect(tooLarge.statusCode).toBe(422);
    expect(tooLarge.body).toContain("Le fichier dépasse 5 Mo");
    expect(await findRegisterEntry(t.deps.db, "601")).toBeUndefined();
  });

  it("refuses an upload without the form's CSRF token", async () => {
    const browser = await adminBrowser();
    await browser.get("/administration/structures/import");
    const response = await upload(browser, { name: "registre.csv", content: GOOD_FILE.replace("000501", "701") }, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(await findRegisterEntry(t.deps.db, "701")).toBeUndefined();
  });
});
