import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";

describe("home page", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("greets visitors in French with the portal's name and links to log in or create an account", async () => {
    const response = await t.app.inject("/");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="fr">');
    expect(response.body).toContain("Bienvenue sur Guichet");
    expect(response.body).toContain('href="/connexion"');
    expect(response.body).toContain('href="/creer-un-compte"');
  });

  it("offers a signed-in person their dashboard and their account", async () => {
    const { browser } = await signedInAccount(t);
    const page = (await browser.get("/")).body;
    expect(page).toContain('<a class="button button--primary" href="/tableau-de-bord">Tableau de bord</a>');
    expect(page).toContain('<a class="button button--secondary" href="/mon-compte">Accéder à mon compte</a>');
  });

  it("sends a strict content security policy without inline script", async () => {
    const response = await t.app.inject("/");
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("answers an unknown address with a French 404 page", async () => {
    const response = await t.app.inject("/nulle-part");
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain("Page non trouvée");
  });
});
