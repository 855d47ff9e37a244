import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import * as queries from "./services.ts";
import { acceptTermsDirectly, buildGrant, buildService } from "../../../../test/services.ts";

describe("services queries", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const now = new Date("2026-03-02T10:00:00Z");

  it("keeps one grant per person, service and organisation, none counting as one organisation", async () => {
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    const account = await insertTestAccount(t.deps.db);
    const context = { serviceId: service.id, accountId: account.id, organisationId: null };
    expect(await queries.insertGrant(t.deps.db, { ...context, status: "pending", now, decidedBy: null })).toMatchObject({ status: "pending" });
    expect(await queries.insertGrant(t.deps.db, { ...context, status: "granted", now, decidedBy: account.id })).toBeUndefined();
    const organisation = await buildOrganisation(t.deps.db);
    expect(await queries.insertGrant(t.deps.db, { ...context, organisationId: organisation.id, status: "pending", now, decidedBy: null })).toBeDefined();
    expect(await queries.findGrantInContext(t.deps.db, context)).toMatchObject({ organisationId: null, status: "pending" });
  });

  it("moves a grant only from the statuses a decision expects", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const grant = await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account: await insertTestAccount(t.deps.db), organisation, status: "pending" });
    const revoke = { from: ["granted"] as const, to: "revoked" as const, decidedBy: grant.accountId, now, reason: "Départ." };
    expect(await queries.setGrantDecision(t.deps.db, grant.id, revoke)).toBe(false);
    expect(await queries.setGrantDecision(t.deps.db, grant.id, { ...revoke, from: ["pending"], to: "granted", reason: null })).toBe(true);
    expect(await queries.setGrantDecision(t.deps.db, grant.id, revoke)).toBe(true);
    await expect(queries.findGrantForDecision(t.deps.db, grant.id)).resolves.toMatchObject({ status: "revoked", reason: "Départ.", organisationName: organisation.name });
    const renewed = await queries.renewGrantRequest(t.deps.db, grant.id, { status: "pending", now, decidedBy: null });
    expect(renewed).toMatchObject({ status: "pending", reason: null, decidedAt: null, decidedBy: null, requestedAt: now });
    await expect(queries.renewGrantRequest(t.deps.db, grant.id, { status: "pending", now, decidedBy: null })).rejects.toThrow();
  });

  it("reads the person's membership with the organisation's number of active administrators and the address to write to", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const account = await insertTestAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account, { status: "pending", email: "moi@mairie.fr" });
    const input = { accountId: account.id, organisationId: organisation.id };
    expect(await queries.findRequestContext(t.deps.db, input)).toMatchObject({ administratorCount: 0, memberEmail: "moi@mairie.fr", status: "pending" });
    await addMember(t.deps.db, organisation, await insertTestAccount(t.deps.db), { isAdmin: true });
    await addMember(t.deps.db, organisation, await insertTestAccount(t.deps.db), { isAdmin: true });
    expect(Number((await queries.findRequestContext(t.deps.db, input))?.administratorCount)).toBe(2);
  });

  it("publishes a new version of the terms only over the version the admin started from", async () => {
    const service = await buildService(t.deps.db, { termsVersion: 2 });
    expect(await queries.publishTermsVersion(t.deps.db, service.id, { termsText: "Texte.", expectedVersion: 1, now })).toBeUndefined();
    expect(await queries.publishTermsVersion(t.deps.db, service.id, { termsText: "Texte.", expectedVersion: 2, now })).toMatchObject({ termsVersion: 3, termsText: "Texte.", termsUpdatedAt: now });
  });

  it("records an acceptance once per version", async () => {
    const service = await buildService(t.deps.db);
    const account = await insertTestAccount(t.deps.db);
    const acceptance = { accountId: account.id, serviceId: service.id, termsVersion: 1, now };
    expect(await queries.insertTermsAcceptance(t.deps.db, acceptance)).toBe(true);
    expect(await queries.insertTermsAcceptance(t.deps.db, { ...acceptance, now: new Date("2026-04-01T00:00:00Z") })).toBe(false);
    expect(await queries.findTermsAcceptance(t.deps.db, acceptance)).toEqual({ acceptedAt: now });
    expect(await queries.findTermsAcceptance(t.deps.db, { ...acceptance, termsVersion: 2 })).toBeUndefined();
  });

  it("lists active platform admins only", async () => {
    const admin = await insertTestAccount(t.deps.db, { role: "platform_admin" });
    const pending = await insertTestAccount(t.deps.db, { role: "platform_admin", status: "pending" });
    const ids = (await queries.listPlatformAdmins(t.deps.db)).map((row) => row.id);
    expect(ids).toContain(admin.id);
    expect(ids).not.toContain(pending.id);
  });

  it("lists the whole catalogue by name, active or not", async () => {
    const inactive = await buildService(t.deps.db, { name: "AAA service fermé", active: false });
    const active = await buildService(t.deps.db, { name: "AAB service ouvert" });
    const ids = (await queries.listServices(t.deps.db)).map((service) => service.id);
    expect(ids.indexOf(inactive.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(inactive.id)).toBeLessThan(ids.indexOf(active.id));
  });

  it("lists the active services only", async () => {
    const inactive = await buildService(t.deps.db, { active: false });
    const active = await buildService(t.deps.db);
    const ids = (await queries.listActiveServices(t.deps.db)).map((service) => service.id);
    expect(ids).toContain(active.id);
    expect(ids).not.toContain(inactive.id);
  });

  it("finds a service by its id", async () => {
    const service = await buildService(t.deps.db);
    expect(await queries.findServiceById(t.deps.db, service.id)).toMatchObject({ id: service.id, slug: service.slug });
    expect(await queries.findServiceById(t.deps.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("finds a service by its address name", async () => {
    const service = await buildService(t.deps.db);
    expect((await queries.findServiceBySlug(t.deps.db, service.slug))?.id).toBe(service.id);
    expect(await queries.findServiceBySlug(t.deps.db, "service-inconnu")).toBeUndefined();
  });

  it("locks and returns a service within a transaction", async () => {
    const service = await buildService(t.deps.db);
    const locked = await t.deps.db.transaction().execute((trx) => queries.lockService(trx, service.id));
    expect(locked).toMatchObject({ id: service.id, termsVersion: 1 });
  });

  it("tells an address name taken by another service, not by the service itself", async () => {
    const service = await buildService(t.deps.db);
    expect(await queries.isSlugTaken(t.deps.db, service.slug)).toBe(true);
    expect(await queries.isSlugTaken(t.deps.db, service.slug, service.id)).toBe(false);
    expect(await queries.isSlugTaken(t.deps.db, "adresse-libre")).toBe(false);
  });

  it("inserts a service and returns it", async () => {
    const template = await buildService(t.deps.db);
    const { id: _id, ...fields } = template;
    const inserted = await queries.insertService(t.deps.db, { ...fields, slug: `${template.slug}-bis`, name: "Autre service" });
    expect(inserted).toMatchObject({ slug: `${template.slug}-bis`, name: "Autre service" });
    expect((await queries.findServiceById(t.deps.db, inserted.id))?.name).toBe("Autre service");
  });

  it("changes a service and returns it, undefined for an unknown one", async () => {
    const service = await buildService(t.deps.db);
    expect(await queries.updateService(t.deps.db, service.id, { active: false, updatedAt: now })).toMatchObject({ id: service.id, active: false, updatedAt: now });
    expect(await queries.updateService(t.deps.db, "00000000-0000-4000-8000-000000000000", { active: false })).toBeUndefined();
  });

  it("locks the person's grant in one organisation, or for no organisation", async () => {
    const service = await buildService(t.deps.db);
    const account = await insertTestAccount(t.deps.db);
    const organisation = await buildOrganisation(t.deps.db);
    const inOrganisation = await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    const context = { serviceId: service.id, accountId: account.id, organisationId: organisation.id };
    await t.deps.db.transaction().execute(async (trx) => {
      expect((await queries.lockGrantInContext(trx, context))?.id).toBe(inOrganisation.id);
      expect(await queries.lockGrantInContext(trx, { ...context, organisationId: null })).toBeUndefined();
    });
  });

  it("locks a grant with its service, its person and the address to write to", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db);
    const account = await insertTestAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account, { email: "moi@mairie.fr" });
    const grant = await buildGrant(t.deps.db, { service, account, organisation, status: "pending" });
    const locked = await t.deps.db.transaction().execute((trx) => queries.lockGrantForDecision(trx, grant.id));
    expect(locked).toMatchObject({ id: grant.id, status: "pending", serviceSlug: service.slug, accountEmail: account.email, memberEmail: "moi@mairie.fr", organisationName: organisation.name });
  });

  it("lists every grant of a person, and only theirs", async () => {
    const account = await insertTestAccount(t.deps.db);
    const grants = [
      await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account, organisation: null, status: "granted" }),
      await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account, organisation: null, status: "refused" }),
    ];
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account: await insertTestAccount(t.deps.db), organisation: null, status: "granted" });
    expect((await queries.listGrantsOfAccount(t.deps.db, account.id)).map((grant) => grant.id).sort()).toEqual(grants.map((grant) => grant.id).sort());
  });

  it("lists an organisation's pending and current grants for the services its administrators decide on", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const byAdmin = await buildService(t.deps.db);
    const byPlatform = await buildService(t.deps.db, { grantedBy: "platform_admin" });
    const [anne, paul, lea] = [await insertTestAccount(t.deps.db), await insertTestAccount(t.deps.db), await insertTestAccount(t.deps.db)];
    for (const person of [anne, paul, lea]) await addMember(t.deps.db, organisation, person, { function: "Secrétaire" });
    const pending = await buildGrant(t.deps.db, { service: byAdmin, account: anne, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: byAdmin, account: paul, organisation, status: "refused" });
    await buildGrant(t.deps.db, { service: byPlatform, account: lea, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: byAdmin, account: lea, organisation: await buildOrganisation(t.deps.db), status: "pending" });
    const rows = await queries.listOrganisationGrants(t.deps.db, organisation.id);
    expect(rows.map((row) => [row.id, row.serviceName, row.memberFunction, row.organisationName])).toEqual([[pending.id, byAdmin.name, "Secrétaire", organisation.name]]);
  });

  it("lists the pending and current grants of the services platform admins decide on", async () => {
    const byPlatform = await buildService(t.deps.db, { grantedBy: "platform_admin" });
    const account = await insertTestAccount(t.deps.db);
    const granted = await buildGrant(t.deps.db, { service: byPlatform, account, organisation: null, status: "granted" });
    const revoked = await buildGrant(t.deps.db, { service: byPlatform, account: await insertTestAccount(t.deps.db), organisation: null, status: "revoked" });
    const byAdmin = await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account, organisation: await buildOrganisation(t.deps.db), status: "pending" });
    const ids = (await queries.listPlatformGrants(t.deps.db)).map((row) => row.id);
    expect(ids).toContain(granted.id);
    expect(ids).not.toContain(revoked.id);
    expect(ids).not.toContain(byAdmin.id);
  });

  it("locks the person's own pending requests in an organisation for the services its administrators decide on", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const account = await insertTestAccount(t.deps.db);
    const byAdmin = await buildService(t.deps.db);
    const pending = await buildGrant(t.deps.db, { service: byAdmin, account, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account, organisation, status: "granted" });
    await buildGrant(t.deps.db, { service: await buildService(t.deps.db, { grantedBy: "platform_admin" }), account, organisation, status: "pending" });
    await buildGrant(t.deps.db, { service: byAdmin, account: await insertTestAccount(t.deps.db), organisation, status: "pending" });
    const locked = await t.deps.db.transaction().execute((trx) => queries.lockOwnPendingOrganisationRequests(trx, { organisationId: organisation.id, accountId: account.id }));
    expect(locked).toEqual([{ id: pending.id, serviceId: byAdmin.id, serviceName: byAdmin.name, serviceSlug: byAdmin.slug }]);
  });

  it("finds a person's name and address", async () => {
    const account = await insertTestAccount(t.deps.db, { firstName: "Léa", lastName: "Roux" });
    expect(await queries.findPerson(t.deps.db, account.id)).toEqual({ id: account.id, civility: "Mme", firstName: "Léa", lastName: "Roux", email: account.email });
    expect(await queries.findPerson(t.deps.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("finds in one query the membership of the organisation acted for and each grant with the latest terms version accepted", async () => {
    const account = await insertTestAccount(t.deps.db);
    const organisation = await buildOrganisation(t.deps.db, { name: "COMMUNE D'EUS" });
    await addMember(t.deps.db, organisation, account, { function: "Maire" });
    const loans = await buildService(t.deps.db);
    const dataviz = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    const first = await buildGrant(t.deps.db, { service: loans, account, organisation, status: "granted" });
    const second = await buildGrant(t.deps.db, { service: dataviz, account, organisation: null, status: "pending" });
    await acceptTermsDirectly(t.deps.db, { service: loans, account });
    await buildGrant(t.deps.db, { service: loans, account: await insertTestAccount(t.deps.db), organisation, status: "granted" });

    const state = await queries.findDashboardState(t.deps.db, { accountId: account.id, organisationId: organisation.id });
    expect(state.membership).toEqual({ id: organisation.id, name: "COMMUNE D'EUS", siret: organisation.siret, clientNumber: organisation.clientNumber, status: "active", function: "Maire" });
    expect(state.grants).toHaveLength(2);
    expect(state.grants).toEqual(
      expect.arrayContaining([
        { grant: first, acceptedTermsVersion: loans.termsVersion },
        { grant: second, acceptedTermsVersion: null },
      ]),
    );

    // Acting for no organisation, or for one left: no membership, the same grants.
    expect(await queries.findDashboardState(t.deps.db, { accountId: account.id, organisationId: null })).toMatchObject({ membership: null, grants: state.grants });
    const other = await buildOrganisation(t.deps.db);
    expect((await queries.findDashboardState(t.deps.db, { accountId: account.id, organisationId: other.id })).membership).toBeNull();
    // Nobody's grants but the person's, and a person without any has none.
    expect(await queries.findDashboardState(t.deps.db, { accountId: (await insertTestAccount(t.deps.db)).id, organisationId: null })).toEqual({ membership: null, grants: [] });
  });
});
