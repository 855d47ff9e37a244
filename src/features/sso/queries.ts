import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { OidcClient } from "../../platform/db/schema.ts";

// ---- Partner clients (oidc_clients) ----

export async function findClient(db: Db, clientId: string): Promise<OidcClient | undefined> {
  return db.selectFrom("oidcClients").selectAll().where("clientId", "=", clientId).executeTakeFirst();
}

export type ClientSummary = Awaited<ReturnType<typeof listClients>>[number];

/** The partner services registered for single sign-on, by name, with their service. */
export async function listClients(db: Db) {
  return db
    .selectFrom("oidcClients")
    .innerJoin("services", "services.id", "oidcClients.serviceId")
    .select([
      "oidcClients.clientId",
      "oidcClients.name",
      "oidcClients.redirectUris",
      "oidcClients.postLogoutRedirectUris",
      "oidcClients.backchannelLogoutUri",
      "oidcClients.createdAt",
      "services.name as serviceName",
      "services.slug as serviceSlug",
    ])
    .orderBy("oidcClients.name")
    .orderBy("oidcClients.createdAt")
    .execute();
}

export async function insertClient(db: Db, client: OidcClient) {
  await db
    .insertInto("oidcClients")
    .values({ ...client, redirectUris: client.redirectUris, postLogoutRedirectUris: client.postLogoutRedirectUris })
    .execute();
}

/** Returns false when the client does not exist. */
export async function updateClientSecret(db: Db, clientId: string, clientSecret: string): Promise<boolean> {
  const result = await db.updateTable("oidcClients").set({ clientSecret }).where("clientId", "=", clientId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteClient(db: Db, clientId: string): Promise<boolean> {
  const result = await db.deleteFrom("oidcClients").where("clientId", "=", clientId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The service a partner client opens (for the access rule and the grants claim). */
export async function findServiceOfClient(db: Db, clientId: string) {
  return db
    .selectFrom("oidcClients")
    .innerJoin("services", "services.id", "oidcClients.serviceId")
    .selectAll("services")
    .where("oidcClients.clientId", "=", clientId)
    .executeTakeFirst();
}

export async function findServiceBySlug(db: Db, slug: string) {
  return db.selectFrom("services").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findServiceById(db: Db, id: string) {
  return db.selectFrom("services").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Services a partner can be registered for, for the registration form's list. */
export async function listServiceChoices(db: Db) {
  return db.selectFrom("services").select(["id", "name", "slug"]).orderBy("name").execute();
}

// ---- oidc-provider's records (oidc_payloads) ----

export interface StoredPayload {
  payload: Record<string, unknown>;
  consumedAt: Date | null;
}

export async function upsertPayload(
  db: Db,
  row: { type: string; id: string; payload: Record<string, unknown>; grantId: string | null; userCode: string | null; uid: string | null; accountId: string | null; expiresAt: Date | null },
) {
  const values = { ...row, payload: JSON.stringify(row.payload) };
  await db
    .insertInto("oidcPayloads")
    .values(values)
    .onConflict((oc) =>
      oc.columns(["type", "id"]).doUpdateSet({
        payload: values.payload,
        grantId: row.grantId,
        userCode: row.userCode,
        uid: row.uid,
        accountId: row.accountId,
        expiresAt: row.expiresAt,
      }),
    )
    .execute();
}

// Read as text and parsed here: the CamelCasePlugin would otherwise rename the payload's own
// keys (client_id → clientId), which belong to oidc-provider.
const payloadText = sql<string>`payload::text`.as("payloadText");

/** A live record (not expired at `now`), by one of its keys. */
export async function findPayload(
  db: Db,
  type: string,
  key: { id: string } | { uid: string } | { userCode: string },
  now: Date,
): Promise<StoredPayload | undefined> {
  let query = db.selectFrom("oidcPayloads").select([payloadText, "consumedAt"]).where("type", "=", type);
  if ("id" in key) query = query.where("id", "=", key.id);
  else if ("uid" in key) query = query.where("uid", "=", key.uid);
  else query = query.where("userCode", "=", key.userCode);
  const row = await query.where((eb) => eb.or([eb("expiresAt", "is", null), eb("expiresAt", ">", now)])).executeTakeFirst();
  return row ? { payload: JSON.parse(row.payloadText) as Record<string, unknown>, consumedAt: row.consumedAt } : undefined;
}

export async function consumePayload(db: Db, type: string, id: string, now: Date) {
  await db.updateTable("oidcPayloads").set({ consumedAt: now }).where("type", "=", type).where("id", "=", id).execute();
}

export async function destroyPayload(db: Db, type: string, id: string) {
  await db.deleteFrom("oidcPayloads").where("type", "=", type).where("id", "=", id).execute();
}

/** Every record issued under a grant (codes, tokens, and Guichet's context of the grant). */
export async function destroyPayloadsOfGrant(db: Db, grantId: string) {
  await db.deleteFrom("oidcPayloads").where("grantId", "=", grantId).execute();
}

/** The provider sessions of an account still alive at `now`, to end when the person logs out of Guichet. */
export async function listProviderSessionsOfAccount(db: Db, accountId: string, now: Date) {
  const rows = await db
    .selectFrom("oidcPayloads")
    .select(["id", payloadText])
    .where("type", "=", "Session")
    .where("accountId", "=", accountId)
    .where((eb) => eb.or([eb("expiresAt", "is", null), eb("expiresAt", ">", now)]))
    .execute();
  return rows.map((row) => ({ id: row.id, payload: JSON.parse(row.payloadText) as Record<string, unknown> }));
}

/** Expired records are useless; removing them keeps the table small. */
export async function deleteExpiredPayloads(db: Db, now: Date) {
  await db.deleteFrom("oidcPayloads").where("expiresAt", "<", now).execute();
}

// ---- What the claims are made of ----

export async function findAccountForClaims(db: Db, accountId: string) {
  return db
    .selectFrom("accounts")
    .select(["id", "civility", "lastName", "firstName", "email", "status"])
    .where("id", "=", accountId)
    .executeTakeFirst();
}

/**
 * The organisation, only while the person is an active member of it: a pending, refused or
 * deactivated membership never reaches a partner.
 */
export async function findActiveOrganisationForClaims(db: Db, input: { accountId: string; organisationId: string }) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .select(["organisations.id", "organisations.siret", "organisations.clientNumber", "organisations.name"])
    .where("memberships.organisationId", "=", input.organisationId)
    .where("memberships.accountId", "=", input.accountId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
}

/**
 * The person's live grant for one service, acting for one organisation (or none): the only grant
 * a partner ever sees.
 */
export async function findLiveGrant(db: Db, input: { accountId: string; serviceId: string; organisationId: string | null }) {
  let query = db
    .selectFrom("grants")
    .innerJoin("services", "services.id", "grants.serviceId")
    .select(["services.slug", "grants.decidedAt", "grants.requestedAt", "grants.organisationId"])
    .where("grants.serviceId", "=", input.serviceId)
    .where("grants.accountId", "=", input.accountId)
    .where("grants.status", "=", "granted");
  query = input.organisationId ? query.where("grants.organisationId", "=", input.organisationId) : query.where("grants.organisationId", "is", null);
  return query.executeTakeFirst();
}

/** How many provider sessions an account has (tests check that a logout ends them). */
export async function countProviderSessions(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom("oidcPayloads")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("type", "=", "Session")
    .where("accountId", "=", accountId)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Brings a client's addresses (and service) up to date, keeping its secret. */
export async function updateClientAddresses(db: Db, clientId: string, changes: Partial<Pick<OidcClient, "redirectUris" | "postLogoutRedirectUris" | "backchannelLogoutUri" | "serviceId">>) {
  await db.updateTable("oidcClients").set(changes).where("clientId", "=", clientId).execute();
}
