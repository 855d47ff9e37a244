import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { RequestStatus, WebhookDeliveryStatus } from "../../platform/db/schema.ts";

// ---- partners ----

export async function insertPartner(db: Db, row: { name: string; webhookUrl: string | null; webhookSecret: string; webhookEvents: string[]; createdBy: string | null; now: Date }) {
  return db
    .insertInto("apiPartners")
    .values({ name: row.name, webhookUrl: row.webhookUrl, webhookSecret: row.webhookSecret, webhookEvents: row.webhookEvents, createdBy: row.createdBy, createdAt: row.now })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function findPartnerByName(db: Db, name: string) {
  return db.selectFrom("apiPartners").select("id").where(sql<string>`lower(name)`, "=", name.toLowerCase()).executeTakeFirst();
}

export async function listPartners(db: Db) {
  return db
    .selectFrom("apiPartners")
    .select((eb) => [
      "apiPartners.id",
      "apiPartners.name",
      "apiPartners.webhookUrl",
      "apiPartners.createdAt",
      eb.selectFrom("apiTokens").whereRef("apiTokens.partnerId", "=", "apiPartners.id").where("apiTokens.revokedAt", "is", null).select(eb.fn.countAll<string>().as("n")).as("liveTokens"),
    ])
    .orderBy("apiPartners.name")
    .execute();
}

export async function findPartner(db: Db, partnerId: string) {
  return db.selectFrom("apiPartners").selectAll().where("id", "=", partnerId).executeTakeFirst();
}

export type ApiPartner = NonNullable<Awaited<ReturnType<typeof findPartner>>>;

export async function updatePartnerWebhook(db: Db, input: { partnerId: string; webhookUrl: string | null; webhookEvents: string[] }) {
  await db.updateTable("apiPartners").set({ webhookUrl: input.webhookUrl, webhookEvents: input.webhookEvents }).where("id", "=", input.partnerId).execute();
}

// ---- tokens ----

export async function insertToken(db: Db, row: { partnerId: string; label: string; tokenHash: string; prefix: string; scopes: string[]; expiresAt: Date; createdBy: string | null; now: Date }) {
  return db
    .insertInto("apiTokens")
    .values({ partnerId: row.partnerId, label: row.label, tokenHash: row.tokenHash, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt, createdBy: row.createdBy, createdAt: row.now })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function listTokens(db: Db, partnerId: string) {
  return db
    .selectFrom("apiTokens")
    .select(["id", "label", "prefix", "scopes", "expiresAt", "revokedAt", "createdAt", "lastUsedAt"])
    .where("partnerId", "=", partnerId)
    .orderBy("createdAt", "desc")
    .execute();
}

/** Revokes a live token of this partner; false when there was none. */
export async function revokeToken(db: Db, input: { partnerId: string; tokenId: string; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable("apiTokens")
    .set({ revokedAt: input.now })
    .where("id", "=", input.tokenId)
    .where("partnerId", "=", input.partnerId)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The token presented to the API, with its partner, whatever its state (the caller checks it). */
export async function findTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom("apiTokens")
    .innerJoin("apiPartners", "apiPartners.id", "apiTokens.partnerId")
    .select(["apiTokens.id", "apiTokens.partnerId", "apiPartners.name as partnerName", "apiTokens.scopes", "apiTokens.expiresAt", "apiTokens.revokedAt", "apiTokens.lastUsedAt"])
    .where("apiTokens.tokenHash", "=", tokenHash)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenId: string, now: Date) {
  await db.updateTable("apiTokens").set({ lastUsedAt: now }).where("id", "=", tokenId).execute();
}

// ---- grants (an account's consent to a partner) ----

export async function insertApiGrant(db: Db, row: { accountId: string; partnerId: string; now: Date }) {
  await db
    .insertInto("apiGrants")
    .values({ accountId: row.accountId, partnerId: row.partnerId, grantedAt: row.now })
    .onConflict((oc) => oc.columns(["accountId", "partnerId"]).doNothing())
    .execute();
}

export async function deleteApiGrant(db: Db, input: { accountId: string; partnerId: string }): Promise<boolean> {
  const result = await db.deleteFrom("apiGrants").where("accountId", "=", input.accountId).where("partnerId", "=", input.partnerId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The account a partner names, if it granted this partner access (its e-mail for the draft). */
export async function findGrantingAccount(db: Db, input: { accountId: string; partnerId: string }) {
  return db
    .selectFrom("apiGrants")
    .innerJoin("accounts", "accounts.id", "apiGrants.accountId")
    .select(["accounts.id", "accounts.email"])
    .where("apiGrants.accountId", "=", input.accountId)
    .where("apiGrants.partnerId", "=", input.partnerId)
    .executeTakeFirst();
}

/** Every partner, with whether this account granted it access (Mon compte's list). */
export async function listPartnersForAccount(db: Db, accountId: string) {
  return db
    .selectFrom("apiPartners")
    .leftJoin("apiGrants", (join) => join.onRef("apiGrants.partnerId", "=", "apiPartners.id").on("apiGrants.accountId", "=", accountId))
    .select(["apiPartners.id", "apiPartners.name", "apiGrants.grantedAt"])
    .orderBy("apiPartners.name")
    .execute();
}

// ---- requests seen by the API ----

/** A published procedure by its slug (the API's path names it). */
export async function findApiProcedure(db: Db, slug: string) {
  return db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select(["procedures.id", "procedures.slug", "procedures.status", "procedureVersions.id as versionId", sql<string>`procedure_versions.definition::text`.as("definitionText")])
    .where("procedures.slug", "=", slug)
    .where("procedures.status", "in", ["published", "closed"])
    .executeTakeFirst();
}

export async function listApiProcedures(db: Db) {
  return db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select(["procedures.slug", "procedures.status", sql<string>`procedure_versions.definition::text`.as("definitionText")])
    .where("procedures.status", "in", ["published", "closed"])
    .orderBy("procedures.slug")
    .execute();
}

const requestColumns = [
  "requests.id",
  "requests.number",
  "requests.status",
  "requests.procedureId",
  "requests.procedureVersionId",
  "requests.applicantId",
  "requests.createdAt",
  "requests.filedAt",
  "requests.decidedAt",
  "requests.updatedAt",
] as const;

/**
 * One page of a procedure's requests (drafts excepted: they are their applicant's until filed),
 * oldest first by (created_at, id), after the cursor's position.
 */
export async function listProcedureRequests(db: Db, input: { procedureId: string; after: { createdAt: Date; id: string } | null; limit: number; status?: RequestStatus }) {
  let query = db
    .selectFrom("requests")
    .select([...requestColumns, sql<string>`requests.answers::text`.as("answersText")])
    .where("requests.procedureId", "=", input.procedureId)
    .where("requests.status", "!=", "draft")
    .where("requests.filedAt", "is not", null);
  if (input.status) query = query.where("requests.status", "=", input.status);
  if (input.after) {
    const { createdAt, id } = input.after;
    query = query.where((eb) => eb.or([eb("requests.createdAt", ">", createdAt), eb.and([eb("requests.createdAt", "=", createdAt), eb("requests.id", ">", id)])]));
  }
  return query.orderBy("requests.createdAt").orderBy("requests.id").limit(input.limit).execute();
}

/** One request of a procedure, draft or not (a partner reads what it created). */
export async function findProcedureRequest(db: Db, input: { procedureId: string; requestId: string }) {
  return db
    .selectFrom("requests")
    .select([...requestColumns, sql<string>`requests.answers::text`.as("answersText")])
    .where("requests.procedureId", "=", input.procedureId)
    .where("requests.id", "=", input.requestId)
    .executeTakeFirst();
}

export type ApiRequestRow = NonNullable<Awaited<ReturnType<typeof findProcedureRequest>>>;

// ---- webhooks ----

/** Partners with an address subscribed to this event and granted by this account. */
export async function listSubscribedPartners(db: Db, input: { event: string; applicantId: string | null }) {
  if (!input.applicantId) return [];
  return db
    .selectFrom("apiPartners")
    .innerJoin("apiGrants", "apiGrants.partnerId", "apiPartners.id")
    .select(["apiPartners.id"])
    .where("apiGrants.accountId", "=", input.applicantId)
    .where("apiPartners.webhookUrl", "is not", null)
    .where(sql<boolean>`${input.event} = any(api_partners.webhook_events)`)
    .execute();
}

/** What a webhook says of a request: its number, status and procedure. */
export async function findRequestForEvent(db: Db, requestId: string) {
  return db
    .selectFrom("requests")
    .innerJoin("procedures", "procedures.id", "requests.procedureId")
    .select(["requests.id", "requests.number", "requests.status", "procedures.slug"])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
}

export async function insertDelivery(db: Db, row: { partnerId: string; eventType: string; body: string; now: Date; id?: string }) {
  return db
    .insertInto("webhookDeliveries")
    .values({ ...(row.id ? { id: row.id } : {}), partnerId: row.partnerId, eventType: row.eventType, body: row.body, createdAt: row.now })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** A delivery with its partner's address and secret (for sending it). */
export async function findDeliveryToSend(db: Db, deliveryId: string) {
  return db
    .selectFrom("webhookDeliveries")
    .innerJoin("apiPartners", "apiPartners.id", "webhookDeliveries.partnerId")
    .select(["webhookDeliveries.id", "webhookDeliveries.body", "webhookDeliveries.status", "webhookDeliveries.attempts", "webhookDeliveries.createdAt", "apiPartners.webhookUrl", "apiPartners.webhookSecret"])
    .where("webhookDeliveries.id", "=", deliveryId)
    .executeTakeFirst();
}

export async function recordAttempt(
  db: Db,
  input: { deliveryId: string; attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number; status: WebhookDeliveryStatus },
) {
  await db
    .insertInto("webhookAttempts")
    .values({ deliveryId: input.deliveryId, attemptedAt: input.attemptedAt, statusCode: input.statusCode, error: input.error, durationMs: input.durationMs })
    .execute();
  await db
    .updateTable("webhookDeliveries")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), status: input.status, ...(input.status === "delivered" ? { deliveredAt: input.attemptedAt } : {}) }))
    .where("id", "=", input.deliveryId)
    .execute();
}

/** Sets a delivery back to pending before it is sent again (an admin's « Renvoyer »). */
export async function resetDelivery(db: Db, input: { partnerId: string; deliveryId: string }): Promise<boolean> {
  const result = await db
    .updateTable("webhookDeliveries")
    .set({ status: "pending" })
    .where("id", "=", input.deliveryId)
    .where("partnerId", "=", input.partnerId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listDeliveries(db: Db, partnerId: string, limit = 50) {
  return db
    .selectFrom("webhookDeliveries")
    .select(["id", "eventType", "status", "attempts", "createdAt", "deliveredAt"])
    .where("partnerId", "=", partnerId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function listAttempts(db: Db, deliveryIds: readonly string[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .selectFrom("webhookAttempts")
    .select(["deliveryId", "attemptedAt", "statusCode", "error", "durationMs"])
    .where("deliveryId", "in", deliveryIds)
    .orderBy("attemptedAt")
    .execute();
}
