import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { decideGrant } from "./decide-grant.ts";
import { buildGrant, buildService, eventsOf, signedInMember } from "../../../test/services.ts";

describe("decisions on access grants (Valider, Refuser, Désactiver)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An organisation, its administrator signed in, and a member who asked for the loan service. */
  async function requestInOrganisation(status: "pending" | "granted" = "pending") {
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    const { account: administrator, browser } = await signedInMember(t, organisation, { isAdmin: true }, { civility: "M.", firstName: "Jean", lastName: "Durand" });
    const member = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Cendrine", lastName: "Martin" });
    await addMember(t.deps.db, organisation, member, { email: "c.martin@mairie-eus.fr", function: "Secrétaire de mairie" });
    const service = await buildService(t.deps.db, { name: "Demande de prêts" });
    const grant = await buildGrant(t.deps.db, { service, account: member, organisation, status });
    const base = `/structures/${organisation.id}/habilitations`;
    await browser.get(base);
    return { organisation, administrator, browser, member, service, grant, base };
  }

  const grantRow = (id: string) => t.deps.db.selectFrom("grants").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("lists the organisation's pending requests and current grants for its administrators", async () => {
    const { browser, base, organisation } = await requestInOrganisation();
    const granted = await buildAccount(t.deps.db, { firstName: "Paul", lastName: "Bernard" });
    await addMember(t.deps.db, organisation, granted);
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db, { name: "Suivi des dossiers" }), account: granted, organisation, status: "granted" });
    // Requests elsewhere never show here: another organisation's, and a service platform admins grant.
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account: await buildAccount(t.deps.db), organisation: await buildOrganisation(t.deps.db), status: "pending" });
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db, { grantedBy: "platform_admin", name: "Réservé" }), account: granted, organisation, status: "pending" });

    const page = (await browser.get(base)).body;
    expect(page).toContain("<h1>Habilitations</h1>");
    expect(page).toContain("Demandes en cours de validation (1)");
    expect(page).toContain("Cendrine Martin");
    expect(page).toContain("c.martin@mairie-eus.fr");
    expect(page).toContain("Secrétaire de mairie");
    expect(page).toContain("Valider<span class=\"visually-hidden\"> la demande de Cendrine Martin pour Demande de prêts</span>");
    expect(page).toContain("Habilitations validées (1)");
    expect(page).toContain("Suivi des dossiers");
    expect(page).not.toContain("Réservé");
  });

  it("validates a request: the grant is given, the person told by e-mail, the decision audited", async () => {
    const { browser, base, grant, administrator, member } = await requestInOrganisation();
    const response = await browser.post(`${base}/${grant.id}/valider`, {});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(base);
    expect(await grantRow(grant.id)).toMatchObject({ status: "granted", decidedBy: administrator.id, reason: null });
    const [mail] = await mailsTo(t.deps.db, "c.martin@mairie-eus.fr");
    expect(mail?.subject).toBe("Votre demande d'habilitation est validée - Guichet");
    expect(mail?.textBody).toContain("Votre habilitation au service « Demande de prêts » pour la structure « COMMUNE D'EUS » est validée.");
    expect((await eventsOf(t.deps.db, "grant.granted")).at(-1)).toMatchObject({ accountId: member.id, actorId: administrator.id });
    expect((await browser.get(base)).body).toContain("L&#39;habilitation est validée : la personne en est informée par courriel.");
  });

  it("refuses a request only with a reason, of at most 500 characters, which the person reads", async () => {
    const { browser, base, grant } = await requestInOrganisation();
    const form = await browser.get(`${base}/${grant.id}/refuser`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<h1>Refuser la demande d&#39;habilitation</h1>");
    const empty = await browser.post(`${base}/${grant.id}/refuser`, { reason: "" });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<a href="#champ-reason">Motif du refus : Indiquez le motif du refus : la personne le lira.</a>');
    const long = await browser.post(`${base}/${grant.id}/refuser`, { reason: "x".repeat(501) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain("Le motif compte 500 caractères au maximum.");
    expect(long.body).toContain("x".repeat(501));
    expect((await grantRow(grant.id)).status).toBe("pending");

    const refused = await browser.post(`${base}/${grant.id}/refuser`, { reason: "Vous ne travaillez pas au service financier." });
    expect(refused.statusCode).toBe(303);
    expect(await grantRow(grant.id)).toMatchObject({ status: "refused", reason: "Vous ne travaillez pas au service financier." });
    const [mail] = await mailsTo(t.deps.db, "c.martin@mairie-eus.fr");
    expect(mail?.subject).toBe("Votre demande d'habilitation est refusée - Guichet");
    expect(mail?.textBody).toContain("Motif indiqué : Vous ne travaillez pas au service financier.");
    expect((await eventsOf(t.deps.db, "grant.refused")).at(-1)?.details).toMatchObject({ grantId: grant.id, reason: "Vous ne travaillez pas au service financier." });
  });

  it("deactivates a grant with a reason, and tells the person it is « désactivée »", async () => {
    const { browser, base, grant } = await requestInOrganisation("granted");
    await browser.get(`${base}/${grant.id}/desactiver`);
    expect((await browser.post(`${base}/${grant.id}/desactiver`, { reason: "" })).statusCode).toBe(422);
    const response = await browser.post(`${base}/${grant.id}/desactiver`, { reason: "Départ de la collectivité." });
    expect(response.statusCode).toBe(303);
    expect(await grantRow(grant.id)).toMatchObject({ status: "revoked", reason: "Départ de la collectivité." });
    const [mail] = await mailsTo(t.deps.db, "c.martin@mairie-eus.fr");
    expect(mail?.subject).toBe("Votre habilitation est désactivée - Guichet");
    expect(mail?.textBody).toContain("a été désactivée");
  });

  it("explains, instead of deciding twice, when the request was already decided", async () => {
    const { browser, base, grant } = await requestInOrganisation();
    await browser.post(`${base}/${grant.id}/valider`, {});
    const mailsBefore = (await mailsTo(t.deps.db, "c.martin@mairie-eus.fr")).length;
    await browser.get(base);
    const again = await browser.post(`${base}/${grant.id}/valider`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Cette habilitation est déjà validée, peut-être par un autre administrateur.");
    expect((await browser.get(`${base}/${grant.id}/refuser`)).statusCode).toBe(409);
    expect(await mailsTo(t.deps.db, "c.martin@mairie-eus.fr")).toHaveLength(mailsBefore);
    // A pending request cannot be deactivated: it is refused instead.
    const { browser: other, base: otherBase, grant: pending } = await requestInOrganisation();
    expect((await other.get(`${otherBase}/${pending.id}/desactiver`)).statusCode).toBe(409);
  });

  it("answers 404 to the administrator of another organisation, including through their own organisation's pages", async () => {
    const { grant, base } = await requestInOrganisation();
    const elsewhere = await requestInOrganisation();
    await elsewhere.browser.get(elsewhere.base);
    expect((await elsewhere.browser.get(base)).statusCode).toBe(404);
    expect((await elsewhere.browser.post(`${elsewhere.base}/${grant.id}/valider`, {})).statusCode).toBe(404);
    expect((await elsewhere.browser.get(`${elsewhere.base}/${grant.id}/refuser`)).statusCode).toBe(404);
    await elsewhere.browser.get(elsewhere.base);
    expect((await elsewhere.browser.post(`${elsewhere.base}/${grant.id}/refuser`, { reason: "" })).statusCode).toBe(404);
    expect((await grantRow(grant.id)).status).toBe("pending");
  });

  it("answers 404 to a plain member of the organisation", async () => {
    const { organisation, grant, base } = await requestInOrganisation();
    const { browser } = await signedInMember(t, organisation);
    expect((await browser.get(base)).statusCode).toBe(404);
    await browser.get("/tableau-de-bord");
    expect((await browser.post(`${base}/${grant.id}/valider`, {})).statusCode).toBe(404);
    expect((await grantRow(grant.id)).status).toBe("pending");
  });

  it("leaves services platform admins grant to them, on /administration/habilitations", async () => {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    const service = await buildService(t.deps.db, { grantedBy: "platform_admin", requiresOrganisation: false, name: "Territoires d'innovation" });
    const person = await buildAccount(t.deps.db, { firstName: "Lina", lastName: "Petit" });
    const grant = await buildGrant(t.deps.db, { service, account: person, organisation: null, status: "pending" });
    const { grant: organisationGrant } = await requestInOrganisation();

    const page = (await browser.get("/administration/habilitations")).body;
    expect(page).toContain("Lina Petit");
    expect(page).toContain("Territoires d&#39;innovation");
    expect(page).not.toContain("Cendrine Martin");
    // The organisation's administrator decides on this one, not platform admins.
    expect((await browser.post(`/administration/habilitations/${organisationGrant.id}/valider`, {})).statusCode).toBe(404);
    await browser.get("/administration/habilitations");
    expect((await browser.post(`/administration/habilitations/${grant.id}/valider`, {})).statusCode).toBe(303);
    expect((await grantRow(grant.id)).status).toBe("granted");
    expect((await mailsTo(t.deps.db, person.email))[0]?.subject).toBe("Votre demande d'habilitation est validée - Guichet");
  });

  it("keeps an organisation's administrators away from grants platform admins decide on, and the administration pages from everyone else", async () => {
    const { browser, base, organisation } = await requestInOrganisation();
    const member = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, member);
    const grant = await buildGrant(t.deps.db, { service: await buildService(t.deps.db, { grantedBy: "platform_admin" }), account: member, organisation, status: "pending" });
    expect((await browser.post(`${base}/${grant.id}/valider`, {})).statusCode).toBe(404);
    expect((await browser.get("/administration/habilitations")).statusCode).toBe(404);
    expect((await browser.get(`${base}/pas-un-uuid/refuser`)).statusCode).toBe(404);
  });

  it("does not let an administrator removed after the route's check decide: the decision re-checks under lock", async () => {
    const { organisation, administrator, browser, base, grant } = await requestInOrganisation();
    expect((await browser.get(`${base}/${grant.id}/refuser`)).statusCode).toBe(200);
    const mailsBefore = (await mailsTo(t.deps.db, "c.martin@mairie-eus.fr")).length;
    // The route established the scope; the administrator is removed before the decision runs.
    const scope = { kind: "organisation", organisationId: organisation.id } as const;
    await t.deps.db.updateTable("memberships").set({ isAdmin: false }).where("accountId", "=", administrator.id).execute();
    const decision = { grantId: grant.id, decision: "refuse", reason: "Trop tard.", scope, deciderId: administrator.id, ip: "127.0.0.1" } as const;
    await expect(decideGrant(t.deps, decision)).rejects.toBeInstanceOf(NotFoundError);
    // Nor once they have left the organisation.
    await t.deps.db.deleteFrom("memberships").where("accountId", "=", administrator.id).execute();
    await expect(decideGrant(t.deps, { ...decision, decision: "grant", reason: "" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await grantRow(grant.id)).toMatchObject({ status: "pending", decidedBy: null });
    expect(await mailsTo(t.deps.db, "c.martin@mairie-eus.fr")).toHaveLength(mailsBefore);
  });

  it("checks the CSRF token", async () => {
    const { browser, base, grant } = await requestInOrganisation();
    expect((await browser.post(`${base}/${grant.id}/valider`, {}, { csrf: null })).statusCode).toBe(403);
    expect((await grantRow(grant.id)).status).toBe("pending");
  });
});
