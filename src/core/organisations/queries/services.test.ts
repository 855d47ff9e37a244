import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { buildAccount } from "../../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import * as queries from "./services.ts";
import { buildGrant, buildService } from "../../../../test/services.ts";

describe("services queries", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const now = new Date("2026-03-02T10:00:00Z");

  it("keeps one grant per person, service and organisation, none counting as one organisation", async () => {
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    const account = await buildAccount(t.deps.db);
    const context = { serviceId: service.id, accountId: account.id, organisationId: null };
    expect(await queries.insertGrant(t.deps.db, { ...context, status: "pending", now, decidedBy: null })).toMatchObject({ status: "pending" });
    expect(await queries.insertGrant(t.deps.db, { ...context, status: "granted", now, decidedBy: account.id })).toBeUndefined();
    const organisation = await buildOrganisation(t.deps.db);
    expect(await queries.insertGrant(t.deps.db, { ...context, organisationId: organisation.id, status: "pending", now, decidedBy: null })).toBeDefined();
    expect(await queries.findGrantInContext(t.deps.db, context)).toMatchObject({ organisationId: null, status: "pending" });
  });

  it("moves a grant only from the statuses a decision expects", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const grant = await buildGrant(t.deps.db, { service: await buildService(t.deps.db), account: await buildAccount(t.deps.db), organisation, status: "pending" });
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
    const account = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account, { status: "pending", email: "moi@mairie.fr" });
    const input = { accountId: account.id, organisationId: organisation.id };
    expect(await queries.findRequestContext(t.deps.db, input)).toMatchObject({ administratorCount: 0, memberEmail: "moi@mairie.fr", status: "pending" });
    await addMember(t.deps.db, organisation, await buildAccount(t.deps.db), { isAdmin: true });
    await addMember(t.deps.db, organisation, await buildAccount(t.deps.db), { isAdmin: true });
    expect(Number((await queries.findRequestContext(t.deps.db, input))?.administratorCount)).toBe(2);
  });

  it("publishes a new version of the terms only over the version the admin started from", async () => {
    const service = await buildService(t.deps.db, { termsVersion: 2 });
    expect(await queries.publishTermsVersion(t.deps.db, service.id, { termsText: "Texte.", expectedVersion: 1, now })).toBeUndefined();
    expect(await queries.publishTermsVersion(t.deps.db, service.id, { termsText: "Texte.", expectedVersion: 2, now })).toMatchObject({ termsVersion: 3, termsText: "Texte.", termsUpdatedAt: now });
  });

  it("records an acceptance once per version", async () => {
    const service = await buildService(t.deps.db);
    const account = await buildAccount(t.deps.db);
    const acceptance = { accountId: account.id, serviceId: service.id, termsVersion: 1, now };
    expect(await queries.insertTermsAcceptance(t.deps.db, acceptance)).toBe(true);
    expect(await queries.insertTermsAcceptance(t.deps.db, { ...acceptance, now: new Date("2026-04-01T00:00:00Z") })).toBe(false);
    expect(await queries.findTermsAcceptance(t.deps.db, acceptance)).toEqual({ acceptedAt: now });
    expect(await queries.findTermsAcceptance(t.deps.db, { ...acceptance, termsVersion: 2 })).toBeUndefined();
  });

  it("lists active platform admins only", async () => {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const pending = await buildAccount(t.deps.db, { role: "platform_admin", status: "pending" });
    const ids = (await queries.listPlatformAdmins(t.deps.db)).map((row) => row.id);
    expect(ids).toContain(admin.id);
    expect(ids).not.toContain(pending.id);
  });
});
