import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import { buildPerson, buildRequestRow, buildUpload, expectRowLocked, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { insertRequestDocument } from "./requests.ts";
import { findBankDetails, findGrant, insertGrant, insertPayment, insertPaymentFile, listGrantSummaries, listPaymentFiles, listPayments, lockPayment, paymentAwaitingDocuments, setPaymentStatus } from "./payments.ts";
import { listApplicantRequests } from "./requests.ts";

describe("the payments' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai-versements");
  });
  afterAll(() => database.drop());

  const NOW = new Date("2026-03-10T10:00:00Z");

  /** An accepted request with a grant of 5 000 € in two payments: an advance and a balance needing receipts. */
  async function granted(answers: Record<string, unknown> = {}, organisationId: string | null = null) {
    const agent = await buildPerson(db, { role: "agent" });
    const request = await buildRequestRow(db, { procedure: essai, status: "accepted", answers, organisationId });
    await insertGrant(db, { requestId: request.id, amountCents: 500_000, recordedBy: agent.id, now: NOW });
    const advance = await insertPayment(db, { requestId: request.id, position: 1, label: "Avance", amountCents: 200_000, plannedOn: "2026-04-01", conditions: "", documentsRequired: false, now: NOW });
    const balance = await insertPayment(db, { requestId: request.id, position: 2, label: "Solde", amountCents: 300_000, plannedOn: "2026-09-30", conditions: "Factures", documentsRequired: true, now: NOW });
    return { request, advance, balance };
  }

  it("finds a grant (insertGrant, findGrant), and nothing for a request without one", async () => {
    const { request } = await granted();
    expect(await findGrant(db, request.id)).toMatchObject({ requestId: request.id, amountCents: 500_000 });
    const other = await buildRequestRow(db, { procedure: essai, status: "accepted" });
    expect(await findGrant(db, other.id)).toBeUndefined();
  });

  it("lists the schedule in order with its dates as text (insertPayment, listPayments)", async () => {
    const { request } = await granted();
    expect((await listPayments(db, request.id)).map((payment) => [payment.label, payment.amountCents, payment.plannedOn, payment.documentsRequired, payment.status])).toEqual([
      ["Avance", 200_000, "2026-04-01", false, "planned"],
      ["Solde", 300_000, "2026-09-30", true, "planned"],
    ]);
  });

  it("locks one payment of the request (lockPayment), and finds none of another request", async () => {
    const { request, advance } = await granted();
    const locked = await expectRowLocked(db, "request_payments", advance.id, (trx) => lockPayment(trx, request.id, advance.id));
    expect(locked?.label).toBe("Avance");
    const other = await granted();
    expect(await lockPayment(db, other.request.id, advance.id)).toBeUndefined();
  });

  it("says when the next unpaid payment waits for the applicant's documents (paymentAwaitingDocuments, as listApplicantRequests)", async () => {
    const { request, advance, balance } = await granted();
    const applicantSees = async () => (await listApplicantRequests(db, request.applicant.id)).find((row) => row.id === request.id)?.paymentAwaitsDocuments;
    // The advance, needing nothing, comes first: the balance's receipts are not awaited yet.
    expect(await paymentAwaitingDocuments(db, request.id)).toBe(false);
    expect(await applicantSees()).toBe(false);
    await setPaymentStatus(db, { paymentId: advance.id, status: "paid", now: NOW, paidOn: "2026-04-01" });
    expect(await paymentAwaitingDocuments(db, request.id)).toBe(true);
    expect(await applicantSees()).toBe(true);
    await setPaymentStatus(db, { paymentId: balance.id, status: "asked", now: NOW });
    expect(await paymentAwaitingDocuments(db, request.id)).toBe(false);
    expect(await applicantSees()).toBe(false);
  });

  it("moves a payment through its steps with their dates (setPaymentStatus)", async () => {
    const { request, balance } = await granted();
    await setPaymentStatus(db, { paymentId: balance.id, status: "asked", now: NOW });
    await setPaymentStatus(db, { paymentId: balance.id, status: "ordered", now: NOW });
    await setPaymentStatus(db, { paymentId: balance.id, status: "paid", now: NOW, paidOn: "2026-10-02" });
    const [, paid] = await listPayments(db, request.id);
    expect(paid).toMatchObject({ status: "paid", askedAt: NOW, orderedAt: NOW, paidOn: "2026-10-02" });
  });

  it("lists the receipts sent with a payment (insertPaymentFile, listPaymentFiles)", async () => {
    const { request, balance } = await granted();
    const upload = await buildUpload(db, { originalName: "factures.pdf" });
    await insertPaymentFile(db, balance.id, upload.id);
    expect(await listPaymentFiles(db, request.id)).toEqual([{ paymentId: balance.id, uploadId: upload.id, originalName: "factures.pdf", detectedType: "pdf", size: 2048 }]);
  });

  it("summarises the grants of a list of requests in one query, and nothing for an empty list (listGrantSummaries)", async () => {
    const first = await granted();
    const second = await granted();
    const summaries = await listGrantSummaries(db, [first.request.id, second.request.id]);
    expect(summaries.filter((row) => row.requestId === first.request.id).map((row) => [row.grantedCents, row.label, row.status])).toEqual([
      [500_000, "Avance", "planned"],
      [500_000, "Solde", "planned"],
    ]);
    expect(summaries).toHaveLength(4);
    expect(await listGrantSummaries(db, [])).toEqual([]);
  });

  it("finds the bank details: the organisation's IBAN, the IBAN answered and the RIB files (findBankDetails)", async () => {
    const organisation = await buildOrganisation(db);
    await db.updateTable("organisations").set({ iban: "FR7630006000011234567890189" }).where("id", "=", organisation.id).execute();
    const { request } = await granted({ iban: "FR7630006000011234567890188" }, organisation.id);
    const rib = await buildUpload(db, { originalName: "rib.pdf" });
    const applicant = await buildPerson(db);
    await insertRequestDocument(db, { requestId: request.id, documentId: "rib", uploadId: rib.id, uploadedBy: applicant.id, now: NOW });
    expect(await findBankDetails(db, request.id)).toEqual({
      organisationId: organisation.id,
      organisationIban: "FR7630006000011234567890189",
      answerIban: "FR7630006000011234567890188",
      ribFiles: [{ uploadId: rib.id, originalName: "rib.pdf" }],
    });
    const bare = await buildRequestRow(db, { procedure: essai, status: "accepted" });
    expect(await findBankDetails(db, bare.id)).toEqual({ organisationId: null, organisationIban: null, answerIban: null, ribFiles: [] });
  });
});
