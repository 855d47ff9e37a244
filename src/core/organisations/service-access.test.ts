import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { memberGrant, serviceAccess } from "./service-access.ts";
import { acceptTermsDirectly, buildGrant, buildService } from "../../../test/services.ts";

describe("serviceAccess (whether a person may open a service now)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A member of a fresh organisation, and the loan service (needs an organisation and a function). */
  async function member(fields: Parameters<typeof addMember>[3] = { function: "Directeur financier" }) {
    const organisation = await buildOrganisation(t.deps.db);
    const account = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, account, fields);
    const service = await buildService(t.deps.db, { requiresFunction: true });
    return { organisation, account, service };
  }

  const access = (input: { account: { id: string }; service: Parameters<typeof serviceAccess>[1]["service"]; organisationId: string | null }) =>
    serviceAccess(t.deps.db, { accountId: input.account.id, service: input.service, organisationId: input.organisationId });

  it("lets a member in with a grant in the organisation they act for and the current terms accepted, and says which organisation", async () => {
    const { organisation, account, service } = await member();
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    const result = await access({ account, service, organisationId: organisation.id });
    expect(result.allowed).toBe(true);
    if (result.allowed) expect(result.organisation).toEqual({ id: organisation.id, siret: organisation.siret, clientNumber: organisation.clientNumber, name: organisation.name });
  });

  it("stops everyone at a deactivated service, grant or not", async () => {
    const { organisation, account } = await member();
    const service = await buildService(t.deps.db, { active: false });
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "service_inactive" });
  });

  it("requires an organisation for a service that needs one, and an active membership in it", async () => {
    const { organisation, account, service } = await member({ status: "pending", function: "Maire" });
    expect(await access({ account, service, organisationId: null })).toMatchObject({ allowed: false, reason: "organisation_required" });
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "organisation_required" });
    const stranger = await buildAccount(t.deps.db);
    expect(await access({ account: stranger, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "organisation_required" });
  });

  it("requires the member's function when the service says so", async () => {
    const { organisation, account, service } = await member({ function: null });
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "function_required" });
  });

  it("refuses without a granted grant, and hands back the grant when there is one", async () => {
    const { organisation, account, service } = await member();
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "not_granted", grant: null });
    for (const status of ["pending", "refused", "revoked"] as const) {
      await t.deps.db.deleteFrom("grants").where("accountId", "=", account.id).execute();
      const grant = await buildGrant(t.deps.db, { service, account, organisation, status });
      expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "not_granted", grant: { id: grant.id, status } });
    }
  });

  it("does not count a grant held in another organisation", async () => {
    const { organisation, account, service } = await member();
    const other = await buildOrganisation(t.deps.db);
    await addMember(t.deps.db, other, account, { function: "Maire" });
    await buildGrant(t.deps.db, { service, account, organisation: other, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "not_granted" });
    expect((await access({ account, service, organisationId: other.id })).allowed).toBe(true);
  });

  it("asks for the terms before the first use, and again for each new version", async () => {
    const { organisation, account, service } = await member();
    await buildGrant(t.deps.db, { service, account, organisation, status: "granted" });
    expect(await access({ account, service, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "terms_not_accepted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    expect((await access({ account, service, organisationId: organisation.id })).allowed).toBe(true);
    const newVersion = { ...service, termsVersion: 2 };
    expect(await access({ account, service: newVersion, organisationId: organisation.id })).toMatchObject({ allowed: false, reason: "terms_not_accepted" });
  });

  it("for a service that needs no organisation, uses the grant held outside any organisation, whatever the person acts for", async () => {
    const { organisation, account } = await member();
    const service = await buildService(t.deps.db, { requiresOrganisation: false, grantedBy: "automatic" });
    await buildGrant(t.deps.db, { service, account, organisation: null, status: "granted" });
    await acceptTermsDirectly(t.deps.db, { service, account });
    for (const organisationId of [null, organisation.id]) {
      const result = await access({ account, service, organisationId });
      expect(result.allowed).toBe(true);
      if (result.allowed) expect(result.organisation).toBeNull();
    }
  });
});

describe("memberGrant (the rule filing an organisation's request shares with serviceAccess)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("asks for an active membership in the organisation acted for, then the granted grant to the named service there", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const service = await buildService(t.deps.db, { name: "Aides aux associations" });
    const member = await buildAccount(t.deps.db);
    const pending = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, member);
    await addMember(t.deps.db, organisation, pending, { status: "pending" });
    const check = (accountId: string, organisationId: string | null, serviceSlug?: string) => memberGrant(t.deps.db, { accountId, organisationId, serviceSlug });

    expect(await check(member.id, null)).toEqual({ ok: false, reason: "organisation_required" });
    expect(await check(pending.id, organisation.id)).toEqual({ ok: false, reason: "organisation_required" });
    expect(await check(member.id, organisation.id)).toEqual({ ok: true });
    const refused = { ok: false, reason: "not_granted", service: { slug: service.slug, name: "Aides aux associations" } };
    expect(await check(member.id, organisation.id, service.slug)).toEqual(refused);
    await buildGrant(t.deps.db, { service, account: member, organisation, status: "pending" });
    expect(await check(member.id, organisation.id, service.slug)).toEqual(refused);
    await t.deps.db.updateTable("grants").set({ status: "granted" }).where("accountId", "=", member.id).execute();
    expect(await check(member.id, organisation.id, service.slug)).toEqual({ ok: true });
    // A grant held in another organisation does not count, nor one to a deactivated service.
    const elsewhere = await buildOrganisation(t.deps.db);
    await addMember(t.deps.db, elsewhere, member);
    expect(await check(member.id, elsewhere.id, service.slug)).toMatchObject({ ok: false, reason: "not_granted" });
    await t.deps.db.updateTable("services").set({ active: false }).where("id", "=", service.id).execute();
    expect(await check(member.id, organisation.id, service.slug)).toEqual(refused);
    expect(await check(member.id, organisation.id, "inconnu")).toEqual({ ok: false, reason: "not_granted", service: { slug: "inconnu", name: "inconnu" } });
  });
});
