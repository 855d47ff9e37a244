import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { PaymentStatus } from "../../../platform/db/schema.ts";

/*
 * request_grants and request_payments: the amount granted on an accepted request and its
 * schedule of payments (src/features/request-payments). Amounts are integer cents; dates of the
 * schedule are 'YYYY-MM-DD' text.
 */

/** The grant of a request, if recorded. */
export async function findGrant(db: Db, requestId: string) {
  return db.selectFrom("requestGrants").select(["requestId", "amountCents", "recordedAt"]).where("requestId", "=", requestId).executeTakeFirst();
}

export async function insertGrant(db: Db, row: { requestId: string; amountCents: number; recordedBy: string; now: Date }) {
  await db.insertInto("requestGrants").values({ requestId: row.requestId, amountCents: row.amountCents, recordedBy: row.recordedBy, recordedAt: row.now }).execute();
}

export async function insertPayment(db: Db, row: { requestId: string; position: number; label: string; amountCents: number; plannedOn: string; conditions: string; documentsRequired: boolean; now: Date }) {
  return db
    .insertInto("requestPayments")
    .values({
      requestId: row.requestId,
      position: row.position,
      label: row.label,
      amountCents: row.amountCents,
      plannedOn: row.plannedOn,
      conditions: row.conditions,
      documentsRequired: row.documentsRequired,
      createdAt: row.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

const paymentColumns = ["id", "requestId", "position", "label", "amountCents", "plannedOn", "conditions", "documentsRequired", "status", "askedAt", "orderedAt", "paidOn"] as const;

/** A request's schedule, in order. */
export async function listPayments(db: Db, requestId: string) {
  return db.selectFrom("requestPayments").select(paymentColumns).where("requestId", "=", requestId).orderBy("position").execute();
}
export type Payment = Awaited<ReturnType<typeof listPayments>>[number];

/** One payment of a request, locked for the caller's transaction: two posts of one step are applied once. */
export async function lockPayment(db: Db, requestId: string, paymentId: string) {
  return db.selectFrom("requestPayments").select(paymentColumns).where("requestId", "=", requestId).where("id", "=", paymentId).forUpdate().executeTakeFirst();
}

/** Moves a payment to its next status, with the date of the step. */
export async function setPaymentStatus(db: Db, input: { paymentId: string; status: PaymentStatus; now: Date; paidOn?: string }) {
  await db
    .updateTable("requestPayments")
    .set({
      status: input.status,
      ...(input.status === "asked" ? { askedAt: input.now } : {}),
      ...(input.status === "ordered" ? { orderedAt: input.now } : {}),
      ...(input.status === "paid" ? { paidOn: input.paidOn ?? null } : {}),
    })
    .where("id", "=", input.paymentId)
    .execute();
}

export async function insertPaymentFile(db: Db, paymentId: string, uploadId: string) {
  await db.insertInto("requestPaymentFiles").values({ paymentId, uploadId }).execute();
}

/** The receipts sent with each payment's ask, for the payments panel. */
export async function listPaymentFiles(db: Db, requestId: string) {
  return db
    .selectFrom("requestPaymentFiles")
    .innerJoin("requestPayments", "requestPayments.id", "requestPaymentFiles.paymentId")
    .innerJoin("uploads", "uploads.id", "requestPaymentFiles.uploadId")
    .select(["requestPaymentFiles.paymentId", "uploads.id as uploadId", "uploads.originalName", "uploads.detectedType", "uploads.size"])
    .where("requestPayments.requestId", "=", requestId)
    .orderBy("uploads.createdAt")
    .execute();
}

/**
 * "Mes demandes": for each listed request with a grant, the amount granted and its payments
 * (one query for the whole list).
 */
export async function listGrantSummaries(db: Db, requestIds: readonly string[]) {
  // Guard against an `in ()` the database refuses when the list is empty.
  if (requestIds.length === 0) return [];
  return db
    .selectFrom("requestGrants")
    .innerJoin("requestPayments", "requestPayments.requestId", "requestGrants.requestId")
    .select(["requestGrants.requestId", "requestGrants.amountCents as grantedCents", "requestPayments.label", "requestPayments.amountCents", "requestPayments.status", "requestPayments.plannedOn", "requestPayments.paidOn"])
    .where("requestGrants.requestId", "in", requestIds)
    .orderBy("requestGrants.requestId")
    .orderBy("requestPayments.position")
    .execute();
}

/**
 * Where a request's payments go: the IBAN on the organisation's record, the IBAN answered in the
 * request (a field named "iban"), and the RIB files provided with it (the document "rib").
 */
export async function findBankDetails(db: Db, requestId: string) {
  const row = await db
    .selectFrom("requests")
    .leftJoin("organisations", "organisations.id", "requests.organisationId")
    .select(["requests.organisationId", "organisations.iban as organisationIban", sql<string | null>`requests.answers ->> 'iban'`.as("answerIban")])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (!row) return undefined;
  const ribFiles = await db
    .selectFrom("requestDocuments")
    .innerJoin("uploads", "uploads.id", "requestDocuments.uploadId")
    .select(["uploads.id as uploadId", "uploads.originalName"])
    .where("requestDocuments.requestId", "=", requestId)
    .where("requestDocuments.documentId", "=", "rib")
    .where("requestDocuments.status", "=", "provided")
    .orderBy("requestDocuments.createdAt")
    .execute();
  return { ...row, ribFiles };
}
export type BankDetails = NonNullable<Awaited<ReturnType<typeof findBankDetails>>>;

/**
 * Whether the next unpaid payment of the request's schedule waits for the applicant's documents:
 * planned, needing documents, every earlier payment paid (the same rule as "Mes demandes").
 */
export async function paymentAwaitingDocuments(db: Db, requestId: string): Promise<boolean> {
  const row = await db
    .selectFrom("requestPayments as p")
    .select("p.id")
    .where("p.requestId", "=", requestId)
    .where("p.status", "=", "planned")
    .where("p.documentsRequired", "=", true)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("requestPayments as e").select("e.id").whereRef("e.requestId", "=", "p.requestId").whereRef("e.position", "<", "p.position").where("e.status", "<>", "paid"))),
    )
    .executeTakeFirst();
  return row !== undefined;
}
