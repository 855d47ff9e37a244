import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { auditFigures, complianceLabel } from "../../ui/accessibility/audit.ts";

const brand = { PORTAL_NAME: "Mes aides en ligne", PORTAL_ORGANISATION: "Région Occitanie" };

/** The heading levels of a page, in document order. */
function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((match) => Number(match[1]));
}

describe("informational pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: brand });
  });
  afterAll(() => t.close());

  const pages = [
    { url: "/accessibilite", h1: "Déclaration d'accessibilité" },
    { url: "/mentions-legales", h1: "Mentions légales" },
    { url: "/donnees-personnelles", h1: "Données personnelles" },
  ];

  for (const page of pages) {
    it(`${page.url} answers in French with its title, the portal's name and organisation, and ordered headings`, async () => {
      const response = await t.app.inject(page.url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<html lang="fr">');
      const h1s = [...response.body.matchAll(/<h1>(.*?)<\/h1>/g)].map((match) => match[1]);
      expect(h1s).toEqual([page.h1.replace("'", "&#39;")]);
      expect(response.body).toContain(`<title>${page.h1.replace("'", "&#39;")} - Mes aides en ligne</title>`);
      expect(response.body).toContain('<nav class="breadcrumb" aria-label="Vous êtes ici :">');
      const main = response.body.slice(response.body.indexOf("<main"), response.body.indexOf("</main>"));
      expect(main).toContain("Mes aides en ligne");
      expect(main).toContain("Région Occitanie");
      const levels = headingLevels(main);
      expect(levels[0]).toBe(1);
      levels.forEach((level, index) => {
        if (index > 0) expect(level - levels[index - 1]!).toBeLessThanOrEqual(1);
      });
    });
  }

  it("states the compliance the self-audit measures, and gives the ways of redress", async () => {
    const body = (await t.app.inject("/accessibilite")).body;
    const figures = auditFigures();
    expect(body).toContain(`<strong>Mes aides en ligne est ${complianceLabel(figures.level)}</strong>`);
    expect(body).toContain("axe-core");
    for (const heading of ["État de conformité", "Contenus non accessibles", "Technologies utilisées pour la réalisation du service", "Environnement de test", "Retour d&#39;information et contact", "Voies de recours"]) {
      expect(body).toContain(`>${heading}</h`);
    }
    expect(body).toContain("Défenseur des droits");
    expect(body).toContain('href="https://formulaire.defenseurdesdroits.fr/"');
  });

  it("names the organisation as publisher and Guichet as free software in the legal notice", async () => {
    const body = (await t.app.inject("/mentions-legales")).body;
    expect(body).toContain("est édité par Région Occitanie");
    expect(body).toContain("logiciel libre");
    expect(body).toContain("EUPL 1.2");
  });

  it("tells what an account holds, for how long, and where to download or delete it", async () => {
    const body = (await t.app.inject("/donnees-personnelles")).body;
    expect(body).toContain("Argon2id");
    expect(body).toContain("dont est investi Région Occitanie (article 6");
    expect(body).toContain("12 heures au plus");
    expect(body).toContain("30 minutes d&#39;inactivité");
    expect(body).toContain("journal des événements de sécurité");
    expect(body).toContain("« Télécharger mes données »");
    expect(body).toContain("« Supprimer mon compte »");
    expect(body).toContain('<a href="/mon-compte">Mon compte</a>');
    expect(body).toMatch(/<caption[^>]*>Cookies déposés par le service<\/caption>/);
    expect(body).toContain('<th scope="col">Nom</th>');
  });

  it("lists every cookie the portal sets under the name it really uses", async () => {
    // A page sets the CSRF cookie; a shown message clears the one-shot message cookie.
    const response = await t.app.inject({ url: "/donnees-personnelles", headers: { cookie: "guichet_flash=logged-out" } });
    const setNames = response.cookies.map((cookie) => cookie.name);
    expect(setNames).toEqual(expect.arrayContaining(["guichet_csrf", "guichet_flash"]));
    for (const name of [...setNames, "guichet_session"]) expect(response.body).toContain(`<code>${name}</code>`);
  });
});

describe("informational pages in production", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        NODE_ENV: "production",
        PUBLIC_URL: "https://aides.example.fr",
        SMTP_URL: "smtp://127.0.0.1:2525",
        DATABASE_URL: "postgres://guichet@127.0.0.1:5432/guichet",
        MAIL_FROM: "Mes aides <ne-pas-repondre@aides.example.fr>",
      },
    });
  });
  afterAll(() => t.close());

  it("names the cookies with the __Host- prefix they carry in production", async () => {
    const body = (await t.app.inject("/donnees-personnelles")).body;
    expect(body).toContain("<code>__Host-guichet_session</code>");
    expect(body).toContain("<code>__Host-guichet_csrf</code>");
  });
});
