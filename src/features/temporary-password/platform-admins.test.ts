import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";

describe("Administrateurs du portail (/administration/administrateurs)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("creates a platform admin whose temporary password is mailed, never shown, and opens the account once", async () => {
    const { account: admin, browser } = await signedInAccount(t, { role: "platform_admin" });
    expect((await browser.get("/administration")).body).toContain('href="/administration/administrateurs"');
    expect((await browser.get("/administration/administrateurs")).body).toContain("<h1>Administrateurs du portail</h1>");

    const created = await browser.submit("/administration/administrateurs", { identifier: "nadia.roux", email: "nadia.roux@region.fr", lastName: "Roux", firstName: "Nadia" });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain("<h1>Administrateur créé</h1>");
    expect(created.body).toContain("envoyés par courriel à nadia.roux@region.fr");

    const [mail] = await mailsTo(t.deps.db, "nadia.roux@region.fr");
    expect(mail?.subject).toMatch(/^Votre compte administrateur du portail sur /);
    expect(mail?.textBody).toContain("Bonjour Nadia Roux,");
    expect(mail?.textBody).toContain("Votre identifiant : nadia.roux");
    const password = /Votre mot de passe temporaire : (\S+)/.exec(mail?.textBody ?? "")?.[1];
    expect(password).toMatch(/^\S{14}$/);
    expect(created.body).not.toContain(password!);

    const account = await t.deps.db.selectFrom("accounts").selectAll().where("identifier", "=", "nadia.roux").executeTakeFirstOrThrow();
    expect(account).toMatchObject({ role: "platform_admin", status: "active", mustChangePassword: true });
    const audited = await t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", account.id).where("event", "=", "account.created_by_admin").executeTakeFirstOrThrow();
    expect(audited.actorId).toBe(admin.id);
    expect(audited.details).toMatchObject({ role: "platform_admin", via: "admin" });

    const newcomer = new TestBrowser(t.app);
    await newcomer.get("/connexion");
    const login = await newcomer.post("/connexion", { login: "nadia.roux", password: password! });
    expect(login.headers.location).toBe("/mot-de-passe-temporaire");
  });

  it("lists the existing platform admins with their address, creation and last login, and no one else", async () => {
    const { account: me, browser } = await signedInAccount(t, { role: "platform_admin", firstName: "Hugo", lastName: "Zéphyr" });
    const never = await buildAccount(t.deps.db, { role: "platform_admin", firstName: "Inès", lastName: "<Aubert>", email: "ines.aubert@region.fr", mustChangePassword: true });
    const agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Paul", lastName: "Agentdeprocedure" });
    const page = await browser.get("/administration/administrateurs");
    expect(page.statusCode).toBe(200);
    const table = page.body.slice(page.body.indexOf('<table'), page.body.indexOf("</table>"));
    expect(table).toContain("<caption");
    expect(table).toContain('<th scope="col" class="table__cell--date">Dernière connexion</th>');
    // A row per admin, named by a row header; the name is escaped.
    expect(table).toContain('<th scope="row" data-label="Nom">Inès &lt;Aubert&gt;</th>');
    expect(table).toContain(`<th scope="row" data-label="Nom">Hugo Zéphyr</th>`);
    expect(table).toContain(never.email);
    expect(table).toContain(me.email);
    expect(table).not.toContain(agent.lastName);
    // The admin signed in has a last login (date and time); the other never logged in.
    const myRow = table.slice(table.indexOf("Hugo Zéphyr"));
    expect(myRow).toMatch(/data-label="Dernière connexion" class="table__cell--date"><time datetime="[^"]+">[^<]+ à [^<]+<\/time>/);
    expect(table).toContain("Jamais (mot de passe temporaire)");
    // Admins come by name: « <Aubert> » sorts before « Zéphyr ».
    expect(table.indexOf("Inès")).toBeLessThan(table.indexOf("Hugo Zéphyr"));

    // A form sent back with errors still shows the list.
    const invalid = await browser.submit("/administration/administrateurs", { identifier: "", email: "", lastName: "", firstName: "" });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("Inès &lt;Aubert&gt;");
  });

  it("refuses bad input or a taken identifier with 422, the values kept, and creates nothing", async () => {
    const { browser } = await signedInAccount(t, { role: "platform_admin" });
    const taken = await buildAccount(t.deps.db);
    const invalid = await browser.submit("/administration/administrateurs", { identifier: "a", email: "pas-une-adresse", lastName: "", firstName: "Léa" });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('href="#champ-lastName"');
    expect(invalid.body).toContain("Indiquez le nom.");
    expect(invalid.body).toContain('value="Léa"');
    const again = await browser.submit("/administration/administrateurs", { identifier: taken.identifier, email: "autre@region.fr", lastName: "Roux", firstName: "Léa" });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain(`L&#39;identifiant « ${taken.identifier} » est déjà utilisé.`);
    expect(await mailsTo(t.deps.db, "autre@region.fr")).toEqual([]);
  });

  it("is for platform admins only", async () => {
    const { browser } = await signedInAccount(t, { role: "agent" });
    expect((await browser.get("/administration/administrateurs")).statusCode).toBe(404);
    const post = await browser.submit("/instruction", { identifier: "x.y", email: "x@y.fr", lastName: "X", firstName: "Y" }, "/administration/administrateurs");
    expect(post.statusCode).toBe(404);
  });
});
