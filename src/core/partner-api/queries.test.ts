import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildPerson, buildRequestRow, publishedProcedure, type QueryTestDatabase } from "../../../test/query-fixtures.ts";
import type { TestProcedure } from "../../../test/instruction.ts";
import {
  deleteApiGrant,
  findApiProcedure,
  findDeliveryToSend,
  findGrantingAccount,
  findPartner,
  findPartnerByName,
  findProcedureRequest,
  findRequestForEvent,
  findTokenByHash,
  insertApiGrant,
  insertDelivery,
  insertPartner,
  insertToken,
  listApiProcedures,
  listAttempts,
  listDeliveries,
  listPartners,
  listPartnersForAccount,
  listProcedureRequests,
  listSubscribedPartners,
  listTokens,
  recordAttempt,
  resetDelivery,
  revokeToken,
  touchToken,
  updatePartnerWebhook,
} from "./queries.ts";

describe("the partner API's queries", () => {
  const clock = fixedClock();
  const NOW = new Date("2026-03-10T10:00:00Z");
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  let partnerId: string;
  let accountId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai");
    partnerId = (await insertPartner(db, { name: "Mairie", webhookUrl: "http://127.0.0.1:1/", webhookSecret: "whsec_x", webhookEvents: ["demande.deposee"], createdBy: null, now: NOW })).id;
    accountId = (await buildPerson(db)).id;
  });
  afterAll(() => database.drop());

  it("insertPartner, findPartner, findPartnerByName (any case), listPartners, updatePartnerWebhook", async () => {
    expect((await findPartner(db, partnerId))?.name).toBe("Mairie");
    expect((await findPartnerByName(db, "MAIRIE"))?.id).toBe(partnerId);
    await updatePartnerWebhook(db, { partnerId, webhookUrl: "http://127.0.0.1:2/", webhookEvents: ["demande.deposee", "demande.decidee"] });
    expect(await findPartner(db, partnerId)).toMatchObject({ webhookUrl: "http://127.0.0.1:2/", webhookEvents: ["demande.deposee", "demande.decidee"] });
    expect((await listPartners(db)).find((partner) => partner.id === partnerId)).toMatchObject({ name: "Mairie" });
  });

  it("insertToken, listTokens, findTokenByHash, touchToken, revokeToken (once, this partner's only)", async () => {
    const { id } = await insertToken(db, { partnerId, label: "Prod", tokenHash: "h1", prefix: "gch_abc", scopes: ["demarches:lecture"], expiresAt: new Date(NOW.getTime() + 1e9), createdBy: null, now: NOW });
    expect(await findTokenByHash(db, "h1")).toMatchObject({ id, partnerId, partnerName: "Mairie", scopes: ["demarches:lecture"], revokedAt: null });
    expect(await findTokenByHash(db, "h2")).toBeUndefined();
    await touchToken(db, id, NOW);
    expect((await listTokens(db, partnerId))[0]).toMatchObject({ id, lastUsedAt: NOW });
    const other = await insertPartner(db, { name: "Autre", webhookUrl: null, webhookSecret: "whsec_y", webhookEvents: [], createdBy: null, now: NOW });
    expect(await revokeToken(db, { partnerId: other.id, tokenId: id, now: NOW })).toBe(false);
    expect(await revokeToken(db, { partnerId, tokenId: id, now: NOW })).toBe(true);
    expect(await revokeToken(db, { partnerId, tokenId: id, now: NOW })).toBe(false);
  });

  it("insertApiGrant (twice is harmless), findGrantingAccount, listPartnersForAccount, deleteApiGrant", async () => {
    expect(await findGrantingAccount(db, { accountId, partnerId })).toBeUndefined();
    await insertApiGrant(db, { accountId, partnerId, now: NOW });
    await insertApiGrant(db, { accountId, partnerId, now: NOW });
    expect((await findGrantingAccount(db, { accountId, partnerId }))?.id).toBe(accountId);
    expect((await listPartnersForAccount(db, accountId)).find((partner) => partner.id === partnerId)?.grantedAt).toEqual(NOW);
    expect(await deleteApiGrant(db, { accountId, partnerId })).toBe(true);
    expect(await deleteApiGrant(db, { accountId, partnerId })).toBe(false);
  });

  it("findApiProcedure, listApiProcedures, listProcedureRequests (no drafts, by cursor), findProcedureRequest", async () => {
    expect((await findApiProcedure(db, "essai"))?.id).toBe(essai.id);
    expect(await findApiProcedure(db, "inconnue")).toBeUndefined();
    expect((await listApiProcedures(db)).map((procedure) => procedure.slug)).toContain("essai");
    const first = await buildRequestRow(db, { procedure: essai, filedAt: new Date("2026-03-01T10:00:00Z") });
    const second = await buildRequestRow(db, { procedure: essai, filedAt: new Date("2026-03-02T10:00:00Z") });
    await buildRequestRow(db, { procedure: essai, status: "draft" });
    const page = await listProcedureRequests(db, { procedureId: essai.id, after: null, limit: 10 });
    expect(page.map((row) => row.id)).toEqual([first.id, second.id]);
    expect((await listProcedureRequests(db, { procedureId: essai.id, after: page[0]!, limit: 10 })).map((row) => row.id)).toEqual([second.id]);
    expect((await findProcedureRequest(db, { procedureId: essai.id, requestId: first.id }))?.id).toBe(first.id);
    expect(await findRequestForEvent(db, first.id)).toMatchObject({ id: first.id, status: "filed", slug: "essai" });
  });

  it("listSubscribedPartners: subscribed, with an address, granted by the applicant", async () => {
    expect(await listSubscribedPartners(db, { event: "demande.deposee", applicantId: accountId })).toEqual([]);
    await insertApiGrant(db, { accountId, partnerId, now: NOW });
    expect(await listSubscribedPartners(db, { event: "demande.deposee", applicantId: accountId })).toEqual([{ id: partnerId }]);
    expect(await listSubscribedPartners(db, { event: "paiement.modifie", applicantId: accountId })).toEqual([]);
    expect(await listSubscribedPartners(db, { event: "demande.deposee", applicantId: null })).toEqual([]);
  });

  it("insertDelivery, findDeliveryToSend, recordAttempt, listDeliveries, listAttempts, resetDelivery", async () => {
    const { id } = await insertDelivery(db, { partnerId, eventType: "demande.deposee", body: "{}", now: NOW });
    expect(await findDeliveryToSend(db, id)).toMatchObject({ body: "{}", status: "pending", attempts: 0, webhookSecret: "whsec_x" });
    await recordAttempt(db, { deliveryId: id, attemptedAt: NOW, statusCode: 500, error: "Réponse 500", durationMs: 3, status: "pending" });
    await recordAttempt(db, { deliveryId: id, attemptedAt: new Date(NOW.getTime() + 1), statusCode: 204, error: null, durationMs: 2, status: "delivered" });
    expect((await listDeliveries(db, partnerId))[0]).toMatchObject({ id, status: "delivered", attempts: 2, deliveredAt: new Date(NOW.getTime() + 1) });
    expect((await listAttempts(db, [id])).map((attempt) => attempt.statusCode)).toEqual([500, 204]);
    expect(await listAttempts(db, [])).toEqual([]);
    expect(await resetDelivery(db, { partnerId, deliveryId: id })).toBe(true);
    expect((await findDeliveryToSend(db, id))?.status).toBe("pending");
  });
});
