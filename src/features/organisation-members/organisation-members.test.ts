import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import type { MembershipStatus } from "../../platform/db/schema.ts";
import { buildGrant, buildService } from "../../../test/services.ts";
import { memberActionUrl, membersUrl, type MemberAction } from "../../core/organisations/paths.ts";

describe("members of an organisation (Membres de la structure)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An organisation and its administrator, signed in and looking at the members' page. */
  async function organisationWithAdministrator(name = "COMMUNE D'EUS") {
    const organisation = await buildOrganisation(t.deps.db, { name });
    const { account: admin, browser } = await signedInAccount(t, { civility: "M.", firstName: "Jean", lastName: "Durand" });
    const adminMembership = await addMember(t.deps.db, organisation, admin, { isAdmin: true, function: "Maire" });
    await browser.get(membersUrl(organisation.id));
    return { organisation, admin, adminMembership, browser };
  }

  async function member(organisation: { id: string }, fields: Parameters<typeof addMember>[3] = {}, names: { firstName?: string; lastName?: string } = {}) {
    const account = await buildAccount(t.deps.db, { civility: "Mme", firstName: names.firstName ?? "Camille", lastName: names.lastName ?? "Martin" });
    const membership = await addMember(t.deps.db, organisation, account, fields);
    return { account, membership };
  }

  const membershipRow = (id: string) => t.deps.db.selectFrom("memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  const eventsOf = (accountId: string, event: string) =>
    t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", accountId).where("event", "=", event).execute();

  /** Posts an action from the members' list, as its button does. */
  async function act(browser: TestBrowser, organisationId: string, membershipId: string, action: MemberAction, fields: Record<string, string> = {}) {
    return browser.post(memberActionUrl(organisationId, membershipId, action), fields);
  }

  it("lists the members in a captioned table, pending requests first, with status, role, e-mail and function", async () => {
    const { organisation, admin, browser } = await organisationWithAdministrator();
    await member(organisation, { status: "active", email: "a.bernard@mairie-eus.fr", function: "Secrétaire de mairie" }, { firstName: "Alice", lastName: "Bernard" });
    const pending = await member(organisation, { status: "pending" }, { firstName: "Zoé", lastName: "Vidal" });
    await member(organisation, { status: "deactivated" }, { firstName: "Claire", lastName: "Bonnet" });
    await member(organisation, { status: "refused" }, { firstName: "Léa", lastName: "Robert" });
    // Someone else's organisation: its members never show here.
    await member(await buildOrganisation(t.deps.db), { status: "pending" }, { firstName: "Intrus", lastName: "Ailleurs" });

    const response = await browser.get(membersUrl(organisation.id));
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const page = response.body;
    expect(page).toContain("<h1>Membres de la structure</h1>");
    expect(page).toContain("<title>Membres de la structure - COMMUNE D&#39;EUS - Guichet</title>");
    expect(page).toContain('<caption id="membres-caption">Membres de « COMMUNE D&#39;EUS », les demandes en cours de validation d&#39;abord (5 membres)</caption>');
    expect(page).toContain('<th scope="col">Statut</th>');
    expect(page).toContain("1 demande de rattachement est en cours de validation.");
    // The pending request comes first although "Vidal" sorts last; then by name.
    const order = ["Mme Zoé Vidal", "Mme Alice Bernard", "Mme Claire Bonnet", "M. Jean Durand", "Mme Léa Robert"].map((name) => page.indexOf(`<th scope="row" data-label="Membre">${name}`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).not.toContain("Intrus");
    expect(page).toContain(`<th scope="row" data-label="Membre">M. Jean Durand<span class="field__hint"> (vous)</span></th>`);
    // The e-mail given within the organisation comes before the account's.
    expect(page).toContain('<td data-label="Adresse électronique">a.bernard@mairie-eus.fr</td>');
    expect(page).toContain(`<td data-label="Adresse électronique">${admin.email}</td>`);
    expect(page).toContain('<td data-label="Fonction">Secrétaire de mairie</td>');
    for (const tag of [
      '<span class="tag tag--warning">En cours de validation</span>',
      '<span class="tag tag--success">Validée</span>',
      '<span class="tag tag--error">Refusée</span>',
      '<span class="tag tag--neutral">Désactivée</span>',
      '<span class="tag tag--info">Administrateur</span>',
    ]) {
      expect(page).toContain(tag);
    }
    expect(page).toContain('<time datetime="2026-03-01T09:00:00.000Z">1 mars 2026</time>');
    // The pending request: validate in one click, refuse through a confirmation page.
    expect(page).toContain(`action="${memberActionUrl(organisation.id, pending.membership.id, "valider")}"`);
    expect(page).toContain(`href="${memberActionUrl(organisation.id, pending.membership.id, "refuser")}"`);
    expect(page).toContain('Valider<span class="visually-hidden"> : Mme Zoé Vidal</span>');
    // The only administrator is told why his own role cannot be removed.
    expect(page).toContain("Seul administrateur : nommez un autre administrateur");
    expect(page).not.toContain("Retirer le rôle d&#39;administrateur<span");
  });

  it("validates a pending request: the member is active, told by e-mail it is «validée», and the decision is audited", async () => {
    const { organisation, admin, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "pending" });

    const response = await act(browser, organisation.id, membership.id, "valider");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(membersUrl(organisation.id));
    expect((await browser.get(membersUrl(organisation.id))).body).toContain("La demande est validée : le membre en est informé par courriel.");

    const row = await membershipRow(membership.id);
    expect(row).toMatchObject({ status: "active", isAdmin: false, decidedBy: admin.id });
    expect(row.decidedAt).toBeInstanceOf(Date);
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre rattachement à une structure est validé - Guichet");
    expect(mail?.textBody).toContain("Bonjour Mme Martin,");
    expect(mail?.textBody).toContain("Votre demande de rattachement à la structure « COMMUNE D'EUS » a été validée");
    expect(mail?.htmlBody).toContain("COMMUNE D&#39;EUS");
    const [event] = await eventsOf(account.id, "membership.validated");
    expect(event).toMatchObject({ actorId: admin.id, details: { organisationId: organisation.id, membershipId: membership.id } });
  });

  it("refuses a request through a confirmation page, the reason going into the member's mail", async () => {
    const { organisation, admin, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "pending" });

    const confirmation = await browser.get(memberActionUrl(organisation.id, membership.id, "refuser"));
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain("<h1>Refuser une demande de rattachement</h1>");
    expect(confirmation.body).toContain(`Mme Camille Martin (${account.email}) demande à être rattaché(e) à la structure « COMMUNE D&#39;EUS »`);
    expect(confirmation.body).toMatch(/<label class="field__label" for="champ-reason">Motif du refus<span class="field__optional"> \(facultatif\)<\/span><\/label>/);
    expect(confirmation.body).toContain('maxlength="500"');

    const response = await browser.post(memberActionUrl(organisation.id, membership.id, "refuser"), { reason: "  Vous ne faites pas partie des services de la mairie.  " });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(membersUrl(organisation.id));
    expect(await membershipRow(membership.id)).toMatchObject({ status: "refused", decidedBy: admin.id });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre demande de rattachement à une structure est refusée - Guichet");
    expect(mail?.textBody).toContain("Motif indiqué par l'administrateur : Vous ne faites pas partie des services de la mairie.");
    const [event] = await eventsOf(account.id, "membership.refused");
    expect(event?.details).toEqual({ organisationId: organisation.id, membershipId: membership.id, reason: "Vous ne faites pas partie des services de la mairie." });
  });

  it("refuses without a reason: the mail then gives none", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "pending" });
    await browser.get(memberActionUrl(organisation.id, membership.id, "refuser"));
    expect((await browser.post(memberActionUrl(organisation.id, membership.id, "refuser"), { reason: "" })).statusCode).toBe(303);
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.textBody).not.toContain("Motif");
    expect((await eventsOf(account.id, "membership.refused"))[0]?.details).toEqual({ organisationId: organisation.id, membershipId: membership.id });
  });

  it("keeps the page, the reason typed and an error summary when the reason is over 500 characters", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "active" });
    await browser.get(memberActionUrl(organisation.id, membership.id, "desactiver"));
    const reason = "é".repeat(501);
    const response = await browser.post(memberActionUrl(organisation.id, membership.id, "desactiver"), { reason });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<title>Erreur : Désactiver un membre - COMMUNE D&#39;EUS - Guichet</title>");
    expect(response.body).toContain('<a href="#champ-reason">Motif de la désactivation : Le motif doit faire 500 caractères au maximum.</a>');
    expect(response.body).toContain(`>${reason}</textarea>`);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "active" });
    expect(await mailsTo(t.deps.db, account.email)).toHaveLength(0);
    // 500 characters exactly are accepted.
    expect((await browser.post(memberActionUrl(organisation.id, membership.id, "desactiver"), { reason: reason.slice(1) })).statusCode).toBe(303);
  });

  it("deactivates a member after confirmation, who is told by e-mail it is «désactivée», with the reason", async () => {
    const { organisation, admin, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "active", email: "c.martin@mairie-eus.fr" });

    const confirmation = await browser.get(memberActionUrl(organisation.id, membership.id, "desactiver"));
    expect(confirmation.body).toContain("<h1>Désactiver un membre</h1>");
    expect(confirmation.body).toContain("ne pourra plus agir pour la structure");
    const response = await browser.post(memberActionUrl(organisation.id, membership.id, "desactiver"), { reason: "Départ de la commune" });
    expect(response.statusCode).toBe(303);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "deactivated", decidedBy: admin.id });
    // The mail goes to the address given within the organisation.
    expect(await mailsTo(t.deps.db, account.email)).toHaveLength(0);
    const [mail] = await mailsTo(t.deps.db, "c.martin@mairie-eus.fr");
    expect(mail?.subject).toBe("Votre rattachement à une structure est désactivé - Guichet");
    expect(mail?.textBody).toContain("a été désactivé par un de ses administrateurs");
    expect(mail?.textBody).toContain("Motif indiqué par l'administrateur : Départ de la commune");
    expect(await eventsOf(account.id, "membership.deactivated")).toHaveLength(1);
  });

  it("ends the grants of a deactivated member for the organisation, audited, leaving their other grants alone", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "active" });
    const service = await buildService(t.deps.db);
    const elsewhere = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    const grant = await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    const personal = await buildGrant(t.deps.db, { service: elsewhere, account, organisation: null, status: "granted" });
    await browser.get(memberActionUrl(organisation.id, membership.id, "desactiver"));
    expect((await browser.post(memberActionUrl(organisation.id, membership.id, "desactiver"), { reason: "" })).statusCode).toBe(303);
    const grantRow = (id: string) => t.deps.db.selectFrom("grants").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(await grantRow(grant.id)).toMatchObject({ status: "revoked" });
    expect(await grantRow(personal.id)).toMatchObject({ status: "granted" });
    expect(await eventsOf(account.id, "grant.revoked")).toHaveLength(1);
  });

  it("deactivating an administrator takes the role too, and reactivating gives back a plain membership", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "active", isAdmin: true });
    await browser.get(memberActionUrl(organisation.id, membership.id, "desactiver"));
    expect(browser.lastPage).toContain("Ce membre perdra aussi son rôle d&#39;administrateur");
    expect((await browser.post(memberActionUrl(organisation.id, membership.id, "desactiver"), {})).statusCode).toBe(303);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "deactivated", isAdmin: false });

    await browser.get(membersUrl(organisation.id));
    expect(browser.lastPage).toContain(`action="${memberActionUrl(organisation.id, membership.id, "reactiver")}"`);
    expect((await act(browser, organisation.id, membership.id, "reactiver")).statusCode).toBe(303);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "active", isAdmin: false });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Votre rattachement à une structure est de nouveau validé - Guichet");
    expect(await eventsOf(account.id, "membership.reactivated")).toHaveLength(1);
  });

  it("names an administrator, who is told by e-mail and can then manage the members", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account: colleague, browser: colleagueBrowser } = await signedInAccount(t, { firstName: "Inès", lastName: "Garcia" });
    const membership = await addMember(t.deps.db, organisation, colleague);
    expect((await colleagueBrowser.get(membersUrl(organisation.id))).statusCode).toBe(404);

    expect((await act(browser, organisation.id, membership.id, "nommer-administrateur")).statusCode).toBe(303);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "active", isAdmin: true });
    const [mail] = await mailsTo(t.deps.db, colleague.email);
    expect(mail?.subject).toBe("Vous êtes administrateur d'une structure - Guichet");
    expect(mail?.textBody).toContain(`${t.deps.config.publicUrl}/structures/${organisation.id}/membres`);
    expect(await eventsOf(colleague.id, "membership.administrator_named")).toHaveLength(1);
    expect((await colleagueBrowser.get(membersUrl(organisation.id))).statusCode).toBe(200);
  });

  it("removes an administrator's role: the person stays a member and is told by e-mail", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { account, membership } = await member(organisation, { status: "active", isAdmin: true });
    await browser.get(membersUrl(organisation.id));
    expect(browser.lastPage).toContain("Retirer le rôle d&#39;administrateur<span");
    expect((await act(browser, organisation.id, membership.id, "retirer-administrateur")).statusCode).toBe(303);
    expect(await membershipRow(membership.id)).toMatchObject({ status: "active", isAdmin: false });
    const [mail] = await mailsTo(t.deps.db, account.email);
    expect(mail?.subject).toBe("Vous n'êtes plus administrateur d'une structure - Guichet");
    expect(mail?.textBody).toContain("Vous en restez membre.");
    expect(await eventsOf(account.id, "membership.administrator_removed")).toHaveLength(1);
  });

  it("lets an administrator give up his own role when another remains, and leaves the administrators' page", async () => {
    const { organisation, admin, adminMembership, browser } = await organisationWithAdministrator();
    await member(organisation, { status: "active", isAdmin: true });
    const response = await act(browser, organisation.id, adminMembership.id, "retirer-administrateur");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/structures/${organisation.id}`);
    expect(await membershipRow(adminMembership.id)).toMatchObject({ status: "active", isAdmin: false });
    expect((await browser.get(membersUrl(organisation.id))).statusCode).toBe(404);
    expect(await eventsOf(admin.id, "membership.administrator_removed")).toHaveLength(1);
  });

  it("lets an administrator deactivate himself when another remains, then sends him home", async () => {
    const { organisation, admin, adminMembership, browser } = await organisationWithAdministrator();
    await member(organisation, { status: "active", isAdmin: true });
    const confirmation = await browser.get(memberActionUrl(organisation.id, adminMembership.id, "desactiver"));
    expect(confirmation.body).toContain("Vous ne pourrez plus agir pour la structure « COMMUNE D&#39;EUS »");
    expect(confirmation.body).toContain("Vous perdrez aussi votre rôle d&#39;administrateur");
    const response = await browser.post(memberActionUrl(organisation.id, adminMembership.id, "desactiver"), { reason: "" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/");
    expect((await browser.get("/")).body).toContain("Votre rattachement à cette structure est désactivé.");
    expect(await membershipRow(adminMembership.id)).toMatchObject({ status: "deactivated", isAdmin: false, decidedBy: admin.id });
    expect((await browser.get(membersUrl(organisation.id))).statusCode).toBe(404);
  });

  it("never lets the last administrator lose his role, by removal or deactivation: it is explained and nothing changes", async () => {
    const { organisation, admin, adminMembership, browser } = await organisationWithAdministrator();
    await member(organisation, { status: "active" });

    for (const [action, fields] of [["retirer-administrateur", {}], ["desactiver", { reason: "Je pars" }]] as const) {
      const response = await act(browser, organisation.id, adminMembership.id, action, fields);
      expect(response.statusCode).toBe(409);
      expect(response.body).toContain("Vous êtes le dernier administrateur de cette structure : elle ne peut pas rester sans administrateur. Nommez d&#39;abord un autre membre administrateur.");
      expect(response.body).toContain("<h1>Membres de la structure</h1>");
    }
    expect(await membershipRow(adminMembership.id)).toMatchObject({ status: "active", isAdmin: true });
    expect(await mailsTo(t.deps.db, admin.email)).toHaveLength(0);
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", admin.id).where("event", "like", "membership.%").execute();
    expect(events).toEqual([]);
  });

  it("explains a decision already taken by another administrator instead of repeating it", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const { browser: otherBrowser, account: otherAdmin } = await signedInAccount(t, { firstName: "Paul", lastName: "Petit" });
    await addMember(t.deps.db, organisation, otherAdmin, { isAdmin: true });
    const { account, membership } = await member(organisation, { status: "pending" });
    // Both administrators have the list open; the other one validates first.
    await browser.get(membersUrl(organisation.id));
    await otherBrowser.get(membersUrl(organisation.id));
    expect((await act(otherBrowser, organisation.id, membership.id, "valider")).statusCode).toBe(303);

    const again = await act(browser, organisation.id, membership.id, "valider");
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("Cette demande a déjà été traitée par un autre administrateur : elle a été validée.");
    const refusal = await browser.get(memberActionUrl(organisation.id, membership.id, "refuser"));
    expect(refusal.statusCode).toBe(409);
    expect(refusal.body).toContain("Cette demande a déjà été traitée par un autre administrateur : elle a été validée.");
    expect((await browser.post(memberActionUrl(organisation.id, membership.id, "refuser"), { reason: "" })).statusCode).toBe(409);
    // The one who decided is reminded that it was them.
    expect((await act(otherBrowser, organisation.id, membership.id, "valider")).body).toContain("Vous avez déjà traité cette demande : elle a été validée.");

    expect(await membershipRow(membership.id)).toMatchObject({ status: "active", decidedBy: otherAdmin.id });
    expect(await mailsTo(t.deps.db, account.email)).toHaveLength(1);
    expect(await eventsOf(account.id, "membership.validated")).toHaveLength(1);
    expect(await eventsOf(account.id, "membership.refused")).toHaveLength(0);
  });

  it("explains actions that do not apply to the member's status", async () => {
    const { organisation, browser } = await organisationWithAdministrator();
    const cases: [MembershipStatus, MemberAction, string][] = [
      ["pending", "reactiver", "La demande de ce membre est en cours de validation : validez-la plutôt que de le réactiver."],
      ["pending", "nommer-administrateur", "Seul un membre dont le rattachement est validé peut être nommé administrateur."],
      ["refused", "desactiver", "La demande de ce membre a été refusée : il n&#39;y a rien à désactiver."],
      ["active", "retirer-administrateur", "Ce membre n&#39;est plus administrateur de la structure"],
      ["deactivated", "desactiver", "Ce membre a déjà été désactivé par un autre administrateur."],
    ];
    for (const [status, action, message] of cases) {
      const { membership } = await member(organisation, { status });
      const response = await act(browser, organisation.id, membership.id, action);
      expect(response.statusCode, `${action} on ${status}`).toBe(409);
      expect(response.body).toContain(message);
      expect((await membershipRow(membership.id)).status).toBe(status);
    }
  });

  describe("who may administer an organisation's members", () => {
    const allActions: MemberAction[] = ["valider", "refuser", "desactiver", "reactiver", "nommer-administrateur", "retirer-administrateur"];

    it("answers 404 to a plain member, on the page and on every action, and changes nothing", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInAccount(t);
      await addMember(t.deps.db, organisation, account, { status: "active" });
      const { membership: pending } = await member(organisation, { status: "pending" });
      const { membership: admin } = await member(organisation, { status: "active", isAdmin: true });

      expect((await browser.get(membersUrl(organisation.id))).statusCode).toBe(404);
      expect((await browser.get(memberActionUrl(organisation.id, pending.id, "refuser"))).statusCode).toBe(404);
      expect((await browser.get(memberActionUrl(organisation.id, admin.id, "desactiver"))).statusCode).toBe(404);
      await browser.get("/mon-compte");
      for (const action of allActions) {
        for (const target of [pending, admin]) {
          expect((await act(browser, organisation.id, target.id, action, { reason: "" })).statusCode, action).toBe(404);
        }
      }
      expect(await membershipRow(pending.id)).toMatchObject({ status: "pending", isAdmin: false });
      expect(await membershipRow(admin.id)).toMatchObject({ status: "active", isAdmin: true });
      expect(await t.deps.db.selectFrom("auditEvents").select("event").where("actorId", "=", account.id).where("event", "like", "membership.%").execute()).toEqual([]);
    });

    it("answers 404 to a member whose own request is still pending", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const { account, browser } = await signedInAccount(t);
      const own = await addMember(t.deps.db, organisation, account, { status: "pending" });
      expect((await browser.get(membersUrl(organisation.id))).statusCode).toBe(404);
      await browser.get("/mon-compte");
      expect((await act(browser, organisation.id, own.id, "valider")).statusCode).toBe(404);
      expect((await membershipRow(own.id)).status).toBe("pending");
    });

    it("answers 404 to the administrator of another organisation, by its address or through his own", async () => {
      const { organisation: ownOrganisation, browser } = await organisationWithAdministrator("COMMUNE DE PRADES");
      const other = await buildOrganisation(t.deps.db, { name: "COMMUNE DE CATLLAR" });
      const { membership } = await member(other, { status: "pending" });
      const { membership: otherAdmin } = await member(other, { status: "active", isAdmin: true });

      expect((await browser.get(membersUrl(other.id))).statusCode).toBe(404);
      await browser.get(membersUrl(ownOrganisation.id));
      for (const action of allActions) {
        for (const target of [membership, otherAdmin]) {
          expect((await act(browser, other.id, target.id, action)).statusCode, `${action} on /structures/other`).toBe(404);
          // His own organisation's address with a membership of the other one.
          expect((await act(browser, ownOrganisation.id, target.id, action)).statusCode, `${action} on /structures/own`).toBe(404);
        }
      }
      expect((await browser.get(memberActionUrl(ownOrganisation.id, membership.id, "refuser"))).statusCode).toBe(404);
      expect((await browser.get(memberActionUrl(ownOrganisation.id, otherAdmin.id, "desactiver"))).statusCode).toBe(404);
      expect(await membershipRow(membership.id)).toMatchObject({ status: "pending" });
      expect(await membershipRow(otherAdmin.id)).toMatchObject({ status: "active", isAdmin: true });
    });

    it("answers 404 to malformed addresses and sends anonymous visitors to the login page", async () => {
      const { organisation, browser } = await organisationWithAdministrator();
      expect((await browser.get("/structures/pas-un-identifiant/membres")).statusCode).toBe(404);
      expect((await browser.get(`${membersUrl(organisation.id)}/pas-un-identifiant/refuser`)).statusCode).toBe(404);
      await browser.get(membersUrl(organisation.id));
      expect((await browser.post(`${membersUrl(organisation.id)}/pas-un-identifiant/valider`, {})).statusCode).toBe(404);

      const anonymous = await new TestBrowser(t.app).get(membersUrl(organisation.id));
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe(`/connexion?retour=${encodeURIComponent(membersUrl(organisation.id))}`);
    });

    it("refuses an action posted without the form's CSRF token", async () => {
      const { organisation, browser } = await organisationWithAdministrator();
      const { membership } = await member(organisation, { status: "pending" });
      const response = await browser.post(memberActionUrl(organisation.id, membership.id, "valider"), {}, { csrf: null });
      expect(response.statusCode).toBe(403);
      expect((await membershipRow(membership.id)).status).toBe("pending");
    });
  });
});
