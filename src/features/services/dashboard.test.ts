import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { acceptTermsDirectly, buildGrant, buildService, signedInMember } from "../../../test/services.ts";

describe("Tableau de bord and opening a service", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("welcomes the person, names the organisation acted for, and shows a tile per granted service", async () => {
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    const { account, browser } = await signedInMember(t, organisation, { function: "Maire" }, { civility: "Mme", lastName: "Testa" });
    const loans = await buildService(t.deps.db, { tileLabel: "Mes prêts en ligne", description: "Déposer et suivre vos demandes de prêt." });
    const dataviz = await buildService(t.deps.db, { tileLabel: "Dataviz Coeur de ville", requiresOrganisation: false, grantedBy: "automatic" });
    const pending = await buildService(t.deps.db, { name: "Suivi des dossiers", tileLabel: "Suivi" });
    const refused = await buildService(t.deps.db, { name: "Encours", tileLabel: "Encours" });
    const inactive = await buildService(t.deps.db, { tileLabel: "Service retiré", active: false });
    const elsewhere = await buildService(t.deps.db, { tileLabel: "Ailleurs" });
    await buildGrant(t.deps.db, { service: loans, account, organisation, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service: loans, account });
    await buildGrant(t.deps.db, { service: dataviz, account, organisation: null, status: "granted" });
    await buildGrant(t.deps.db, { service: pending, account, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: refused, account, organisation, status: "refused", reason: "Non concerné." });
    await buildGrant(t.deps.db, { service: inactive, account, organisation, status: "granted" });
    await buildGrant(t.deps.db, { service: elsewhere, account, organisation: await buildOrganisation(t.deps.db), status: "granted" });

    const response = await browser.get("/tableau-de-bord");
    expect(response.statusCode).toBe(200);
    const page = response.body;
    expect(page).toContain("<title>Tableau de bord - Guichet</title>");
    expect(page).toContain("Bienvenue Madame Testa");
    expect(page).toContain(`Vous agissez pour la structure <a href="/structures/${organisation.id}">COMMUNE D&#39;EUS</a>.`);
    expect(page).toContain(`<h3 class="tile__title"><a href="/services/${loans.slug}/ouvrir">Mes prêts en ligne</a></h3><p>Déposer et suivre vos demandes de prêt.</p></li>`);
    // Granted, but its terms are still to be accepted: the tile says so.
    expect(page).toMatch(new RegExp(`/services/${dataviz.slug}/ouvrir">Dataviz Coeur de ville</a></h3><p>[^<]*</p><p><span class="tag tag--warning">À faire</span> Conditions particulières d&#39;utilisation à accepter`));
    expect(page).not.toContain("Service retiré");
    expect(page).not.toContain("Ailleurs");
    expect(page).not.toContain(">Suivi</a></h3>");
    expect(page).toContain("<h2 id=\"mes-demandes-d-habilitation\">Mes demandes d&#39;habilitation</h2>");
    expect(page).toContain('<a href="/demarches">Déposer une demande</a>');
    expect(page).toContain('<a href="/demandes">Suivre mes demandes</a>');
    expect(page).toContain(`<a href="/services/${pending.slug}/habilitation">Suivi des dossiers</a> : <span class="tag tag--info">en cours de validation</span>`);
    expect(page).toContain("Encours</a> : <span class=\"tag tag--error\">refusée</span> Motif : Non concerné.");
    expect(page).toContain('<a class="button button--primary" href="/services">Voir tous les services</a>');
  });

  it("invites a person acting for no organisation to add one, and says when no service is open to them yet", async () => {
    const { browser } = await signedInMember(t, null, {}, { civility: "M.", lastName: "Testo" });
    const page = (await browser.get("/tableau-de-bord")).body;
    expect(page).toContain("Bienvenue Monsieur Testo");
    expect(page).toContain('Cliquez sur « Ajouter une structure » pour vous rattacher à un organisme et pouvoir demander des habilitations aux différents services. <a href="/structures/ajouter">Ajouter une structure</a>');
    expect(page).toContain("Vous n&#39;avez encore accès à aucun service.");
  });

  it("needs a signed-in person", async () => {
    const response = await t.app.inject("/tableau-de-bord");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/connexion?retour=%2Ftableau-de-bord");
  });

  describe("/services/:slug/ouvrir", () => {
    it("sends a person allowed in to the service's address", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInMember(t, organisation);
      const service = await buildService(t.deps.db, { url: "https://prets.exemple.fr/accueil" });
      await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
      await acceptTermsDirectly(t.deps.db, { service, account });
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("https://prets.exemple.fr/accueil");
    });

    it("sends a person who has not accepted the current terms to them, and back afterwards", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInMember(t, organisation);
      const service = await buildService(t.deps.db);
      await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.headers.location).toBe(`/services/${service.slug}/conditions?retour=%2Fservices%2F${service.slug}%2Fouvrir`);
    });

    it("explains that an organisation is needed, with the link to add one", async () => {
      const { browser } = await signedInMember(t, null);
      const service = await buildService(t.deps.db);
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain("<h1>Rattachement à une structure nécessaire</h1>");
      expect(response.body).toContain('href="/structures/ajouter">Ajouter une structure</a>');
    });

    it("explains that the membership must be validated first", async () => {
      const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE DE PRADES" });
      const { browser } = await signedInMember(t, organisation, { status: "pending" });
      const service = await buildService(t.deps.db);
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain("Votre rattachement à la structure COMMUNE DE PRADES est en cours de validation");
    });

    it("explains that the member's function is needed, with the link to fill it in", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInMember(t, organisation, { function: null });
      const service = await buildService(t.deps.db, { requiresFunction: true });
      await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain("<h1>Votre fonction est nécessaire</h1>");
      expect(response.body).toContain(`href="/structures/${organisation.id}/mes-coordonnees/fonction">Renseigner ma fonction</a>`);
    });

    it("explains, for each state of the grant, where it stands and what to do", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInMember(t, organisation);
      const service = await buildService(t.deps.db);
      const none = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(none.statusCode).toBe(403);
      expect(none.body).toContain("<h1>Habilitation nécessaire</h1>");
      expect(none.body).toContain(`href="/services/${service.slug}/habilitation">Demander l&#39;habilitation</a>`);

      const grant = await buildGrant(t.deps.db, { service, account, organisation, status: "pending" });
      expect((await browser.get(`/services/${service.slug}/ouvrir`)).body).toContain("en cours de validation");

      await t.deps.db.updateTable("grants").set({ status: "revoked", reason: "Départ de la collectivité." }).where("id", "=", grant.id).execute();
      const revoked = (await browser.get(`/services/${service.slug}/ouvrir`)).body;
      expect(revoked).toContain("désactivée");
      expect(revoked).toContain("Motif : Départ de la collectivité.");
      expect(revoked).toContain("Demander à nouveau l&#39;habilitation");
    });

    it("explains that a deactivated service cannot be opened, and knows no unknown service", async () => {
      const { account, browser } = await signedInMember(t, null);
      const service = await buildService(t.deps.db, { active: false, requiresOrganisation: false, grantedBy: "automatic" });
      await buildGrant(t.deps.db, { service, account, organisation: null, status: "granted" });
      const response = await browser.get(`/services/${service.slug}/ouvrir`);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain("<h1>Ce service n&#39;est plus disponible</h1>");
      expect((await browser.get("/services/inconnu/ouvrir")).statusCode).toBe(404);
    });
  });
});
