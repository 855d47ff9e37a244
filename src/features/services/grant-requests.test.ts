import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { grantOwnPendingRequests } from "../../core/organisations/grant-own-pending-requests.ts";
import { buildGrant, buildService, eventsOf, grantOf, signedInMember } from "../../../test/services.ts";

describe("Demande d'habilitation (asking for access to a service)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An organisation with its administrator (who gets the request mails). */
  async function organisationWithAdministrator() {
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    const administrator = await buildAccount(t.deps.db, { civility: "M.", firstName: "Jean", lastName: "Durand" });
    await addMember(t.deps.db, organisation, administrator, { isAdmin: true, email: "maire@mairie-eus.fr", function: "Maire" });
    return { organisation, administrator };
  }

  it("asks the organisation's administrators, by e-mail, and tells the person the request is being validated (seed 001, case 1)", async () => {
    const { organisation } = await organisationWithAdministrator();
    const service = await buildService(t.deps.db, { name: "Consultation des dossiers" });
    const { account, browser } = await signedInMember(t, organisation, { function: "Secrétaire de mairie", email: "c.martin@mairie-eus.fr" });

    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Demande d&#39;habilitation</h1>");
    expect(page.body).toContain("Vous faites cette demande pour la structure COMMUNE D&#39;EUS.");
    expect(page.body).toContain(
      "Afin de bénéficier du service Consultation des dossiers, votre demande doit être validée par un administrateur de votre établissement.",
    );
    expect(page.body).toContain(">Annuler</a>");
    expect(page.body).toContain(">Accepter</button>");

    const response = await browser.post(`/services/${service.slug}/habilitation`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/services/${service.slug}/habilitation`);
    const grant = await grantOf(t.deps.db, service, account);
    expect(grant).toMatchObject({ status: "pending", organisationId: organisation.id, decidedAt: null });

    const [toAdministrator] = await mailsTo(t.deps.db, "maire@mairie-eus.fr");
    expect(toAdministrator?.subject).toBe("Nouvelle demande d'habilitation dans votre structure - Guichet");
    expect(toAdministrator?.textBody).toContain("Mme Camille Martin demande l'habilitation au service « Consultation des dossiers » pour la structure « COMMUNE D'EUS »");
    expect(toAdministrator?.textBody).toContain(`/structures/${organisation.id}/habilitations`);
    // The person's mail goes to the address they gave within the organisation.
    const [toPerson] = await mailsTo(t.deps.db, "c.martin@mairie-eus.fr");
    expect(toPerson?.subject).toBe("Votre demande d'habilitation est en cours de validation - Guichet");

    const after = await browser.get(`/services/${service.slug}/habilitation`);
    expect(after.body).toContain("Votre demande d&#39;habilitation est enregistrée.");
    expect(after.body).toContain("en cours de validation");
    expect(after.body).not.toContain(">Accepter</button>");
    expect((await eventsOf(t.deps.db, "grant.requested")).at(-1)).toMatchObject({ accountId: account.id, actorId: account.id });
  });

  it("grants an automatic service at once, and says so by e-mail", async () => {
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic", name: "Dataviz Coeur de Ville" });
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/habilitation`);
    expect(browser.lastPage).toContain("L&#39;habilitation au service Dataviz Coeur de Ville est accordée dès votre demande.");
    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect(await grantOf(t.deps.db, service, account)).toMatchObject({ status: "granted", organisationId: null, decidedBy: account.id });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre demande d'habilitation est validée - Guichet");
    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.body).toContain("Votre habilitation est validée.");
    expect(page.body).toContain(`href="/services/${service.slug}/ouvrir"`);
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", account.id).where("event", "like", "grant.%").execute();
    expect(events.map((e) => e.event)).toEqual(["grant.requested", "grant.granted"]);
  });

  it("grants at once an administrator of the organisation asking for a service its administrators grant", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, organisation, { isAdmin: true });
    await browser.get(`/services/${service.slug}/habilitation`);
    expect(browser.lastPage).toContain("Vous êtes administrateur de votre structure");
    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect((await grantOf(t.deps.db, service, account))?.status).toBe("granted");
  });

  it("tells the first member of an organisation they will become its administrator, and keeps the request waiting (seed 001, case 2)", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db, { name: "Consultation des dossiers" });
    const { account, browser } = await signedInMember(t, organisation);
    const offer = await browser.get(`/services/${service.slug}/habilitation`);
    const notice = "Étant le premier utilisateur à vous déclarer pour cet établissement, vous allez devenir administrateur des utilisateurs et de\n        leurs habilitations.";
    expect(offer.body.replace(/\s+/g, " ")).toContain(notice.replace(/\s+/g, " "));
    expect(offer.body).toContain("Vérifiez auprès de votre représentant légal que vous pouvez endosser le rôle avant de poursuivre votre demande.");

    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect((await grantOf(t.deps.db, service, account))?.status).toBe("pending");
    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.body).toContain(`<a href="/structures/${organisation.id}/administrateur">Accepter le rôle d&#39;administrateur</a>`);
    const mails = await mailsTo(t.deps.db, account.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.textBody).toContain("Étant le premier utilisateur à vous déclarer pour cette structure");

    // Once the role is accepted, the page says what happened and what comes next, not the offer again (issue 13).
    await browser.get(`/structures/${organisation.id}/administrateur`);
    expect((await browser.post(`/structures/${organisation.id}/administrateur/courrier`, {})).statusCode).toBe(303);
    const accepted = (await browser.get(`/services/${service.slug}/habilitation`)).body;
    expect(accepted).toContain("Vous avez accepté de devenir administrateur de votre structure : votre représentant légal va recevoir un courrier");
    expect(accepted).toContain(`<a href="/structures/${organisation.id}/administrateur">Saisir le code d&#39;activation</a>`);
    expect(accepted).not.toContain("Si vous acceptez");
    expect(accepted).not.toContain("Accepter le rôle");
  });

  it("once the first member becomes administrator, grants their own waiting requests, with an e-mail and an audit event", async () => {
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE DE PRADES" });
    const first = await buildService(t.deps.db, { name: "Demande de prêts" });
    const second = await buildService(t.deps.db, { name: "Suivi des dossiers" });
    const byPlatform = await buildService(t.deps.db, { grantedBy: "platform_admin" });
    const account = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account, { isAdmin: true });
    for (const service of [first, second, byPlatform]) await buildGrant(t.deps.db, { service, account, organisation, status: "pending" });
    const otherPerson = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, otherPerson);
    await buildGrant(t.deps.db, { service: first, account: otherPerson, organisation, status: "pending" });

    const granted = await t.deps.db
      .transaction()
      .execute((trx) => grantOwnPendingRequests(t.deps, trx, { organisationId: organisation.id, accountId: account.id }));
    expect(granted.map((grant) => grant.serviceName).sort()).toEqual(["Demande de prêts", "Suivi des dossiers"]);
    expect((await grantOf(t.deps.db, first, account))?.status).toBe("granted");
    expect((await grantOf(t.deps.db, second, account))?.status).toBe("granted");
    expect((await grantOf(t.deps.db, byPlatform, account))?.status).toBe("pending");
    expect((await grantOf(t.deps.db, first, otherPerson))?.status).toBe("pending");
    const mails = await mailsTo(t.deps.db, account.email);
    expect(mails.map((mail) => mail.subject)).toEqual(["Votre demande d'habilitation est validée - Guichet", "Votre demande d'habilitation est validée - Guichet"]);
    const events = await t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", account.id).where("event", "=", "grant.granted").execute();
    expect(events).toHaveLength(2);
    expect(events[0]?.details).toMatchObject({ route: "became_administrator", organisationId: organisation.id });
  });

  it("sends a request for a service platform admins grant to every platform admin", async () => {
    const admins = [await buildAccount(t.deps.db, { role: "platform_admin" }), await buildAccount(t.deps.db, { role: "platform_admin" })];
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "platform_admin", name: "Espace privé Territoires d'innovation" });
    const { account, browser } = await signedInMember(t, null);
    await browser.get(`/services/${service.slug}/habilitation`);
    expect(browser.lastPage).toContain("votre demande doit être validée par un administrateur du portail");
    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect((await grantOf(t.deps.db, service, account))?.status).toBe("pending");
    for (const admin of admins) {
      const [mail] = await mailsTo(t.deps.db, admin.email);
      expect(mail?.subject).toBe("Nouvelle demande d'habilitation à valider - Guichet");
      expect(mail?.textBody).toContain("/administration/habilitations");
    }
    expect((await mailsTo(t.deps.db, account.email))[0]?.subject).toBe("Votre demande d'habilitation est en cours de validation - Guichet");
  });

  it("is harmless when asked twice: no second request, no second mail", async () => {
    const { organisation } = await organisationWithAdministrator();
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, organisation);
    await browser.get(`/services/${service.slug}/habilitation`);
    await browser.post(`/services/${service.slug}/habilitation`, {});
    const second = await browser.post(`/services/${service.slug}/habilitation`, {});
    expect(second.statusCode).toBe(303);
    expect(await t.deps.db.selectFrom("grants").select("id").where("accountId", "=", account.id).execute()).toHaveLength(1);
    expect(await mailsTo(t.deps.db, account.email)).toHaveLength(1);
    expect(await eventsOf(t.deps.db, "grant.requested").then((events) => events.filter((e) => e.accountId === account.id))).toHaveLength(1);
  });

  it("lets a refused or deactivated grant be asked for again, showing why it was turned down", async () => {
    const { organisation } = await organisationWithAdministrator();
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, organisation);
    const refused = await buildGrant(t.deps.db, { service, account, organisation, status: "refused", reason: "Fonction à préciser." });
    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.body).toContain("refusée");
    expect(page.body).toContain("Motif : Fonction à préciser.");
    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect(await grantOf(t.deps.db, service, account)).toMatchObject({ id: refused.id, status: "pending", reason: null, decidedAt: null });

    await t.deps.db.updateTable("grants").set({ status: "revoked", reason: "Départ de la collectivité." }).where("id", "=", refused.id).execute();
    await browser.get(`/services/${service.slug}/habilitation`);
    await browser.post(`/services/${service.slug}/habilitation`, {});
    expect((await grantOf(t.deps.db, service, account))?.status).toBe("pending");
  });

  it("explains that a service needs an organisation, with the link to add one", async () => {
    const service = await buildService(t.deps.db);
    const { account, browser } = await signedInMember(t, null);
    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.body).toContain("nécessite d&#39;être rattaché à une structure");
    expect(page.body).toContain('<a href="/structures/ajouter">Ajouter une structure</a>');
    expect(page.body).not.toContain(">Accepter</button>");
    // Posting anyway (an old tab) records nothing.
    const response = await browser.post(`/services/${service.slug}/habilitation`, {});
    expect(response.statusCode).toBe(409);
    expect(await grantOf(t.deps.db, service, account)).toBeUndefined();
  });

  it("explains that the member's function is needed, with the link to fill it in", async () => {
    const { organisation } = await organisationWithAdministrator();
    const service = await buildService(t.deps.db, { requiresFunction: true, name: "Demande de prêts" });
    const { account, browser } = await signedInMember(t, organisation, { function: null });
    const page = await browser.get(`/services/${service.slug}/habilitation`);
    expect(page.body).toContain("Votre fonction au sein de la structure COMMUNE D&#39;EUS est obligatoire pour accéder au service Demande de prêts.");
    expect(page.body).toContain(`href="/structures/${organisation.id}/mes-coordonnees/fonction"`);
    expect((await browser.post(`/services/${service.slug}/habilitation`, {})).statusCode).toBe(409);
    expect(await grantOf(t.deps.db, service, account)).toBeUndefined();
  });

  it("does not exist for an unknown or deactivated service, and needs a signed-in person and the CSRF token", async () => {
    const inactive = await buildService(t.deps.db, { active: false });
    const { browser } = await signedInMember(t, null);
    expect((await browser.get("/services/inconnu/habilitation")).statusCode).toBe(404);
    expect((await browser.get(`/services/${inactive.slug}/habilitation`)).statusCode).toBe(404);
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    await browser.get(`/services/${service.slug}/habilitation`);
    expect((await browser.post(`/services/${service.slug}/habilitation`, {}, { csrf: null })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: `/services/${service.slug}/habilitation` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/connexion?retour=${encodeURIComponent(`/services/${service.slug}/habilitation`)}`);
  });

  it("shows each active service in the catalogue with the person's situation, and the granted ones under « Mes services »", async () => {
    const { organisation } = await organisationWithAdministrator();
    await t.deps.db.updateTable("services").set({ active: false }).execute();
    const granted = await buildService(t.deps.db, { name: "Demande de prêts", tileLabel: "Mes prêts en ligne" });
    const pending = await buildService(t.deps.db, { name: "Suivi des dossiers" });
    const refused = await buildService(t.deps.db, { name: "Encours" });
    const open = await buildService(t.deps.db, { name: "Documents", description: "Vos documents contractuels." });
    await buildService(t.deps.db, { name: "Service retiré", active: false });
    const { account, browser } = await signedInMember(t, organisation);
    await buildGrant(t.deps.db, { service: granted, account, organisation, status: "granted" });
    await buildGrant(t.deps.db, { service: pending, account, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: refused, account, organisation, status: "refused", reason: "Non concerné." });

    const page = (await browser.get("/services")).body;
    expect(page).toContain("<h1>Tous les services</h1>");
    expect(page).toContain("Vous agissez pour la structure");
    expect(page).toMatch(/<h2 id="mes-services">Mes services<\/h2><ul class="link-list"><li><a href="\/services\/[a-z0-9-]+\/ouvrir">Mes prêts en ligne<\/a><\/li><\/ul>/);
    expect(page).toContain("Vos documents contractuels.");
    expect(page).toContain(`href="/services/${open.slug}/habilitation">Demander l&#39;habilitation<span class="visually-hidden"> au service Documents</span>`);
    expect(page).toContain("Motif : Non concerné.");
    expect(page).toContain("Demander à nouveau l&#39;habilitation");
    expect(page).toContain("en cours de validation");
    expect(page).not.toContain("Service retiré");
  });

  it("in the catalogue, invites a person acting for no organisation to add one", async () => {
    await buildService(t.deps.db);
    const { browser } = await signedInMember(t, null);
    const page = (await browser.get("/services")).body;
    expect(page).toContain("Vous n&#39;êtes rattaché à aucune structure.");
    expect(page).toContain("Ce service nécessite d&#39;être rattaché à une structure. <a href=\"/structures/ajouter\">Ajouter une structure</a>");
  });
});
