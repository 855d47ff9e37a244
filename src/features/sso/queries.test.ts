import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { buildGrant, buildService } from "../../../test/services.ts";
import type { Db } from "../../platform/db/database.ts";
import type { OidcClient } from "../../platform/db/schema.ts";
import * as queries from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const later = (ms: number) => new Date(AT.getTime() + ms);
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("the single sign-on's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  let clients = 0;
  const client = async (fields: Partial<OidcClient> = {}): Promise<OidcClient> => {
    const row: OidcClient = {
      clientId: `partenaire-${++clients}`,
      clientSecret: "secret",
      name: "Partenaire",
      serviceId: fields.serviceId ?? (await buildService(db)).id,
      redirectUris: ["https://partenaire.exemple.fr/retour"],
      postLogoutRedirectUris: ["https://partenaire.exemple.fr/"],
      backchannelLogoutUri: null,
      createdAt: AT,
      createdBy: null,
      ...fields,
    };
    await queries.insertClient(db, row);
    return row;
  };
  let payloads = 0;
  const payload = async (fields: Partial<Parameters<typeof queries.upsertPayload>[1]> = {}) => {
    const row = { type: "AccessToken", id: `payload-${++payloads}`, payload: { client_id: "partenaire" }, grantId: null, userCode: null, uid: null, accountId: null, expiresAt: later(3_600_000), ...fields };
    await queries.upsertPayload(db, row);
    return row;
  };

  it("registers a partner client and finds it by its id, its address lists intact", async () => {
    const registered = await client({ name: "Prêts", backchannelLogoutUri: "https://partenaire.exemple.fr/logout" });
    expect(await queries.findClient(db, registered.clientId)).toEqual(registered);
    expect(await queries.findClient(db, "inconnu")).toBeUndefined();
  });

  it("finds a partner client by its id only", async () => {
    const registered = await client();
    expect((await queries.findClient(db, registered.clientId))?.clientSecret).toBe("secret");
    expect(await queries.findClient(db, registered.clientId.toUpperCase())).toBeUndefined();
  });

  it("lists the partner clients by name with their service", async () => {
    const service = await buildService(db, { name: "Demande de prêts" });
    const zed = await client({ name: "ZZZ partenaire", serviceId: service.id });
    const first = await client({ name: "AAA partenaire", serviceId: service.id });
    const rows = await queries.listClients(db);
    const ids = rows.map((row) => row.clientId);
    expect(ids.indexOf(first.clientId)).toBeLessThan(ids.indexOf(zed.clientId));
    expect(rows.find((row) => row.clientId === zed.clientId)).toEqual({
      clientId: zed.clientId,
      name: "ZZZ partenaire",
      redirectUris: zed.redirectUris,
      postLogoutRedirectUris: zed.postLogoutRedirectUris,
      backchannelLogoutUri: null,
      createdAt: AT,
      serviceName: "Demande de prêts",
      serviceSlug: service.slug,
    });
  });

  it("changes a client's secret, false for an unknown client", async () => {
    const registered = await client();
    expect(await queries.updateClientSecret(db, registered.clientId, "nouveau-secret")).toBe(true);
    expect((await queries.findClient(db, registered.clientId))?.clientSecret).toBe("nouveau-secret");
    expect(await queries.updateClientSecret(db, "inconnu", "x")).toBe(false);
  });

  it("deletes a client, false for an unknown client", async () => {
    const registered = await client();
    expect(await queries.deleteClient(db, registered.clientId)).toBe(true);
    expect(await queries.findClient(db, registered.clientId)).toBeUndefined();
    expect(await queries.deleteClient(db, registered.clientId)).toBe(false);
  });

  it("finds the service a client opens", async () => {
    const service = await buildService(db);
    const registered = await client({ serviceId: service.id });
    expect(await queries.findServiceOfClient(db, registered.clientId)).toMatchObject({ id: service.id, slug: service.slug });
    expect(await queries.findServiceOfClient(db, "inconnu")).toBeUndefined();
  });

  it("finds a service by its address name", async () => {
    const service = await buildService(db);
    expect((await queries.findServiceBySlug(db, service.slug))?.id).toBe(service.id);
    expect(await queries.findServiceBySlug(db, "inconnu")).toBeUndefined();
  });

  it("finds a service by its id", async () => {
    const service = await buildService(db);
    expect((await queries.findServiceById(db, service.id))?.slug).toBe(service.slug);
    expect(await queries.findServiceById(db, UNKNOWN)).toBeUndefined();
  });

  it("lists the services to choose from, by name", async () => {
    const service = await buildService(db, { name: "AAA premier service", active: false });
    const choices = await queries.listServiceChoices(db);
    expect(choices[0]).toEqual({ id: service.id, name: "AAA premier service", slug: service.slug });
  });

  it("stores a record of the provider, then replaces it under the same type and id", async () => {
    const account = await insertTestAccount(db);
    const stored = await payload({ type: "Session", uid: "uid-1" });
    await queries.upsertPayload(db, { ...stored, payload: { client_id: "autre", accountId: account.id }, accountId: account.id });
    expect(await queries.findPayload(db, "Session", { id: stored.id }, AT)).toEqual({ payload: { client_id: "autre", accountId: account.id }, consumedAt: null });
    expect(await queries.countProviderSessions(db, account.id)).toBe(1);
  });

  it("finds a live record by its id, uid or user code with its own keys untouched, and no expired one", async () => {
    const stored = await payload({ type: "Interaction", uid: "uid-find", userCode: "CODE-1", payload: { client_id: "p", redirect_uri: "https://x" } });
    for (const key of [{ id: stored.id }, { uid: "uid-find" }, { userCode: "CODE-1" }])
      expect((await queries.findPayload(db, "Interaction", key, AT))?.payload).toEqual({ client_id: "p", redirect_uri: "https://x" });
    expect(await queries.findPayload(db, "AccessToken", { id: stored.id }, AT)).toBeUndefined();
    expect(await queries.findPayload(db, "Interaction", { id: stored.id }, stored.expiresAt!)).toBeUndefined();
    const forever = await payload({ expiresAt: null });
    expect(await queries.findPayload(db, "AccessToken", { id: forever.id }, later(10 ** 12))).toBeDefined();
  });

  it("marks a record consumed", async () => {
    const stored = await payload({ type: "AuthorizationCode" });
    await queries.consumePayload(db, "AuthorizationCode", stored.id, AT);
    expect((await queries.findPayload(db, "AuthorizationCode", { id: stored.id }, AT))?.consumedAt).toEqual(AT);
  });

  it("destroys one record", async () => {
    const [destroyed, kept] = [await payload(), await payload()];
    await queries.destroyPayload(db, "AccessToken", destroyed.id);
    expect(await queries.findPayload(db, "AccessToken", { id: destroyed.id }, AT)).toBeUndefined();
    expect(await queries.findPayload(db, "AccessToken", { id: kept.id }, AT)).toBeDefined();
  });

  it("destroys every record issued under a grant", async () => {
    const [code, token] = [await payload({ type: "AuthorizationCode", grantId: "grant-1" }), await payload({ grantId: "grant-1" })];
    const other = await payload({ grantId: "grant-2" });
    await queries.destroyPayloadsOfGrant(db, "grant-1");
    expect(await queries.findPayload(db, "AuthorizationCode", { id: code.id }, AT)).toBeUndefined();
    expect(await queries.findPayload(db, "AccessToken", { id: token.id }, AT)).toBeUndefined();
    expect(await queries.findPayload(db, "AccessToken", { id: other.id }, AT)).toBeDefined();
  });

  it("lists an account's live provider sessions only", async () => {
    const account = await insertTestAccount(db);
    const live = await payload({ type: "Session", accountId: account.id, payload: { uid: "s1" } });
    await payload({ type: "Session", accountId: account.id, expiresAt: AT });
    await payload({ type: "AccessToken", accountId: account.id });
    await payload({ type: "Session", accountId: (await insertTestAccount(db)).id });
    expect(await queries.listProviderSessionsOfAccount(db, account.id, AT)).toEqual([{ id: live.id, payload: { uid: "s1" } }]);
  });

  it("deletes the expired records only", async () => {
    const [expired, live, forever] = [await payload({ expiresAt: later(-1) }), await payload(), await payload({ expiresAt: null })];
    await queries.deleteExpiredPayloads(db, AT);
    const ids = (await db.selectFrom("oidcPayloads").select("id").execute()).map((row) => row.id);
    expect(ids).not.toContain(expired.id);
    expect(ids).toEqual(expect.arrayContaining([live.id, forever.id]));
  });

  it("reads the person's fields the claims are made of", async () => {
    const account = await insertTestAccount(db, { firstName: "Léa" });
    expect(await queries.findAccountForClaims(db, account.id)).toEqual({ id: account.id, civility: "Mme", lastName: "Martin", firstName: "Léa", email: account.email, status: "active" });
    expect(await queries.findAccountForClaims(db, UNKNOWN)).toBeUndefined();
  });

  it("reads the organisation for the claims only while the person is an active member of it", async () => {
    const account = await insertTestAccount(db);
    const [active, pending] = [await buildOrganisation(db, { name: "ACTIVE" }), await buildOrganisation(db)];
    await addMember(db, active, account);
    await addMember(db, pending, account, { status: "pending" });
    expect(await queries.findActiveOrganisationForClaims(db, { accountId: account.id, organisationId: active.id })).toEqual({
      id: active.id,
      siret: active.siret,
      clientNumber: active.clientNumber,
      name: "ACTIVE",
    });
    expect(await queries.findActiveOrganisationForClaims(db, { accountId: account.id, organisationId: pending.id })).toBeUndefined();
  });

  it("finds the person's granted access to a service in one organisation, or for none", async () => {
    const account = await insertTestAccount(db);
    const organisation = await buildOrganisation(db);
    const [inOrganisation, alone, refused] = [await buildService(db), await buildService(db, { requiresOrganisation: false, grantedBy: "automatic" }), await buildService(db)];
    await buildGrant(db, { service: inOrganisation, account, organisation, status: "granted" });
    await buildGrant(db, { service: alone, account, organisation: null, status: "granted" });
    await buildGrant(db, { service: refused, account, organisation, status: "refused" });
    expect(await queries.findLiveGrant(db, { accountId: account.id, serviceId: inOrganisation.id, organisationId: organisation.id })).toMatchObject({
      slug: inOrganisation.slug,
      organisationId: organisation.id,
    });
    expect(await queries.findLiveGrant(db, { accountId: account.id, serviceId: inOrganisation.id, organisationId: null })).toBeUndefined();
    expect(await queries.findLiveGrant(db, { accountId: account.id, serviceId: alone.id, organisationId: null })).toMatchObject({ slug: alone.slug, organisationId: null });
    expect(await queries.findLiveGrant(db, { accountId: account.id, serviceId: refused.id, organisationId: organisation.id })).toBeUndefined();
  });

  it("counts an account's provider sessions, expired or not", async () => {
    const account = await insertTestAccount(db);
    await payload({ type: "Session", accountId: account.id });
    await payload({ type: "Session", accountId: account.id, expiresAt: later(-1) });
    await payload({ type: "Grant", accountId: account.id });
    expect(await queries.countProviderSessions(db, account.id)).toBe(2);
  });
  it("brings a client's addresses and service up to date, keeping its secret, and no other client's", async () => {
    const registered = await client();
    const other = await client();
    const service = await buildService(db);
    await queries.updateClientAddresses(db, registered.clientId, {
      redirectUris: ["https://partenaire.exemple.fr/retour", "https://partenaire.exemple.fr/autre-retour"],
      backchannelLogoutUri: "https://partenaire.exemple.fr/deconnexion",
      serviceId: service.id,
    });
    expect(await queries.findClient(db, registered.clientId)).toEqual({
      ...registered,
      redirectUris: ["https://partenaire.exemple.fr/retour", "https://partenaire.exemple.fr/autre-retour"],
      backchannelLogoutUri: "https://partenaire.exemple.fr/deconnexion",
      serviceId: service.id,
    });
    expect(await queries.findClient(db, other.clientId)).toEqual(other);
  });
});
