import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, MINUTE } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import { buildPerson, buildRequestRow, expectRowLocked, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import {
  countClaimsSince,
  expireLiveClaims,
  findAccountAddressee,
  findLiveClaim,
  findRequestByNumber,
  insertClaim,
  markClaimUsed,
  moveRequestToAccount,
  recordWrongAttempt,
} from "./claims.ts";

describe("the claims' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let essai: TestProcedure;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    essai = await publishedProcedure({ db, clock }, "essai");
  });
  afterAll(() => database.drop());

  const NOW = new Date("2026-03-10T10:00:00Z");
  const minutes = (count: number) => new Date(NOW.getTime() + count * MINUTE);
  /** A claim created `createdAgo` minutes before NOW, live for `lasts` minutes from then. */
  const claim = (requestId: string, accountId: string, createdAgo = 1, lasts = 15) =>
    insertClaim(db, { requestId, accountId, codeHash: `hash-${randomUUID()}`, now: minutes(-createdAgo), expiresAt: minutes(lasts - createdAgo) });
  const claimRow = (id: string) => db.selectFrom("requestClaims").select(["expiresAt", "usedAt", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("finds a request by its number with its procedure's title, locked when asked", async () => {
    const organisation = await buildOrganisation(db);
    const request = await buildRequestRow(db, { procedure: essai, organisationId: organisation.id });
    const expected = {
      id: request.id,
      number: request.number,
      status: "filed",
      applicantId: request.applicant.id,
      applicantEmail: request.applicant.email,
      organisationId: organisation.id,
      title: "Demande de logement d'essai",
    };
    expect(await findRequestByNumber(db, request.number)).toEqual(expected);
    expect(await expectRowLocked(db, "requests", request.id, (trx) => findRequestByNumber(trx, request.number, { forUpdate: true }))).toEqual(expected);
    expect(await findRequestByNumber(db, "ESAAAAAAAAAAAAAAAA")).toBeUndefined();
  });

  it("counts the codes sent for a request since a date, everyone's or one account's", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const camille = await buildPerson(db);
    const marc = await buildPerson(db);
    await claim(request.id, camille.id, 90);
    await claim(request.id, camille.id, 30);
    await claim(request.id, marc.id, 10);
    await claim(other.id, camille.id, 10);
    expect(await countClaimsSince(db, request.id, minutes(-60))).toBe(2);
    expect(await countClaimsSince(db, request.id, minutes(-60), camille.id)).toBe(1);
    expect(await countClaimsSince(db, request.id, minutes(-120), camille.id)).toBe(2);
    expect(await countClaimsSince(db, request.id, minutes(-10))).toBe(0);
  });

  it("ends one account's live codes, or everyone's, leaving used and expired codes as they were", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const camille = await buildPerson(db);
    const marc = await buildPerson(db);
    const camilles = await claim(request.id, camille.id);
    const marcs = await claim(request.id, marc.id);
    const used = await claim(request.id, camille.id);
    await markClaimUsed(db, used.id, minutes(-1));
    const expired = await claim(request.id, camille.id, 30, 15);
    await expireLiveClaims(db, { requestId: request.id, accountId: camille.id, now: NOW });
    expect((await claimRow(camilles.id)).expiresAt).toEqual(NOW);
    expect((await claimRow(marcs.id)).expiresAt).toEqual(minutes(14));
    expect((await claimRow(used.id)).expiresAt).toEqual(minutes(14));
    expect((await claimRow(expired.id)).expiresAt).toEqual(minutes(-15));
    await expireLiveClaims(db, { requestId: request.id, now: minutes(1) });
    expect((await claimRow(marcs.id)).expiresAt).toEqual(minutes(1));
    expect((await claimRow(camilles.id)).expiresAt).toEqual(NOW);
  });

  it("saves a code unused, with no attempt yet", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const camille = await buildPerson(db);
    const { id } = await insertClaim(db, { requestId: request.id, accountId: camille.id, codeHash: "hash", now: NOW, expiresAt: minutes(15) });
    expect(await db.selectFrom("requestClaims").select(["requestId", "accountId", "codeHash", "createdAt", "expiresAt", "usedAt", "attempts"]).where("id", "=", id).executeTakeFirst()).toEqual({
      requestId: request.id,
      accountId: camille.id,
      codeHash: "hash",
      createdAt: NOW,
      expiresAt: minutes(15),
      usedAt: null,
      attempts: 0,
    });
  });

  it("finds the account's newest code that can still be typed, locked", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const camille = await buildPerson(db);
    const marc = await buildPerson(db);
    const live = (maxAttempts = 5) => findLiveClaim(db, { requestId: request.id, accountId: camille.id, now: NOW, maxAttempts });
    expect(await live()).toBeUndefined();
    await claim(request.id, camille.id, 30, 15);
    await claim(request.id, marc.id, 1);
    expect(await live()).toBeUndefined();
    const older = await claim(request.id, camille.id, 5);
    const newer = await claim(request.id, camille.id, 2);
    const found = await expectRowLocked(db, "request_claims", newer.id, (trx) =>
      findLiveClaim(trx, { requestId: request.id, accountId: camille.id, now: NOW, maxAttempts: 5 }),
    );
    expect(found).toMatchObject({ id: newer.id, attempts: 0, codeHash: expect.stringMatching(/^hash-/) });
    await markClaimUsed(db, newer.id, NOW);
    expect((await live())?.id).toBe(older.id);
    await recordWrongAttempt(db, older.id);
    expect(await live(1)).toBeUndefined();
  });

  it("counts each wrong code and returns the attempts so far", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await claim(request.id, (await buildPerson(db)).id);
    expect(await recordWrongAttempt(db, id)).toBe(1);
    expect(await recordWrongAttempt(db, id)).toBe(2);
    expect((await claimRow(id)).attempts).toBe(2);
  });

  it("marks a code used at the given time", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const { id } = await claim(request.id, (await buildPerson(db)).id);
    await markClaimUsed(db, id, NOW);
    expect((await claimRow(id)).usedAt).toEqual(NOW);
  });

  it("moves a request to another account", async () => {
    const request = await buildRequestRow(db, { procedure: essai });
    const other = await buildRequestRow(db, { procedure: essai });
    const camille = await buildPerson(db);
    await moveRequestToAccount(db, { requestId: request.id, accountId: camille.id, now: NOW });
    const owners = await db.selectFrom("requests").select(["id", "applicantId", "updatedAt"]).where("id", "in", [request.id, other.id]).orderBy("filedAt").execute();
    expect(owners.find((row) => row.id === request.id)).toEqual({ id: request.id, applicantId: camille.id, updatedAt: NOW });
    expect(owners.find((row) => row.id === other.id)?.applicantId).toBe(other.applicant.id);
  });

  it("finds how to write to an account", async () => {
    const person = await buildPerson(db, { civility: "M.", lastName: "Petit" });
    expect(await findAccountAddressee(db, person.id)).toEqual({ email: person.email, civility: "M.", lastName: "Petit" });
    expect(await findAccountAddressee(db, randomUUID())).toBeUndefined();
  });
});
