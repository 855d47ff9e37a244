import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { buildLetter } from "../../../../test/letters.ts";
import { expectRowLocked } from "../../../../test/query-fixtures.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { LetterStatus } from "../../../platform/db/schema.ts";
import {
  cancelLiveCodes,
  countAdministratorsLocked,
  countRecentCodes,
  insertActivationCode,
  listCodesOf,
  listLivePostalPasswords,
  lockCodesOf,
  markActivationCodeUsed,
  POSTAL_PASSWORD_MARK,
  setActivationCodeAttempts,
} from "./administrators.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("the administrators' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  /** An activation code posted to the organisation, with its letter in the given state. */
  const code = async (organisation: { id: string }, account: { id: string }, fields: { createdAt?: Date; expiresAt?: Date; codeHash?: string; usedAt?: Date; cancelledAt?: Date; letterStatus?: LetterStatus } = {}) => {
    const letter = await buildLetter(db, { status: fields.letterStatus ?? "generated" });
    const row = await db
      .insertInto("adminActivationCodes")
      .values({
        organisationId: organisation.id,
        accountId: account.id,
        codeHash: fields.codeHash ?? `hash-${letter.id}`,
        letterId: letter.id,
        createdAt: fields.createdAt ?? AT,
        expiresAt: fields.expiresAt ?? later(30 * 86_400_000),
        usedAt: fields.usedAt ?? null,
        cancelledAt: fields.cancelledAt ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, letter };
  };
  const stateOf = async (codeId: string) =>
    db
      .selectFrom("adminActivationCodes")
      .innerJoin("letters", "letters.id", "adminActivationCodes.letterId")
      .select(["adminActivationCodes.cancelledAt", "letters.status", "letters.cancelledBy"])
      .where("adminActivationCodes.id", "=", codeId)
      .executeTakeFirstOrThrow();

  it("counts the active administrators only, inside the transaction that locks the organisation", async () => {
    const organisation = await buildOrganisation(db);
    await addMember(db, organisation, await insertTestAccount(db), { isAdmin: true });
    await addMember(db, organisation, await insertTestAccount(db), { status: "deactivated" });
    await addMember(db, organisation, await insertTestAccount(db));
    await addMember(db, await buildOrganisation(db), await insertTestAccount(db), { isAdmin: true });
    expect(await db.transaction().execute((trx) => countAdministratorsLocked(trx, organisation.id))).toBe(1);
  });

  it("cancels a person's live code and its letter not yet posted, leaving used codes and other people's", async () => {
    const organisation = await buildOrganisation(db);
    const admin = await insertTestAccount(db);
    const [asker, other] = [await insertTestAccount(db), await insertTestAccount(db)];
    const live = await code(organisation, asker);
    const used = await code(organisation, asker, { usedAt: AT });
    const others = await code(organisation, other, { letterStatus: "posted" });
    await cancelLiveCodes(db, { organisationId: organisation.id, accountId: asker.id, now: later(1000), by: admin.id });
    expect(await stateOf(live.id)).toEqual({ cancelledAt: later(1000), status: "cancelled", cancelledBy: admin.id });
    expect(await stateOf(used.id)).toEqual({ cancelledAt: null, status: "generated", cancelledBy: null });
    expect(await stateOf(others.id)).toEqual({ cancelledAt: null, status: "posted", cancelledBy: null });
    // Without an account, everyone's codes go; a letter already posted stays posted.
    await cancelLiveCodes(db, { organisationId: organisation.id, now: later(2000), by: admin.id });
    expect(await stateOf(others.id)).toEqual({ cancelledAt: later(2000), status: "posted", cancelledBy: null });
  });

  it("lists a person's codes for an organisation, newest first, with their letter's state", async () => {
    const organisation = await buildOrganisation(db);
    const asker = await insertTestAccount(db);
    const older = await code(organisation, asker, { createdAt: AT, cancelledAt: AT, letterStatus: "posted" });
    const newer = await code(organisation, asker, { createdAt: later(1000) });
    await code(await buildOrganisation(db), asker);
    await code(organisation, await insertTestAccount(db));
    const codes = await listCodesOf(db, organisation.id, asker.id);
    expect(codes.map((row) => [row.id, row.letterStatus])).toEqual([
      [newer.id, "generated"],
      [older.id, "posted"],
    ]);
    expect(codes[0]).toMatchObject({ codeHash: newer.codeHash, attempts: 0, usedAt: null, cancelledAt: null, letterPostedAt: null });
    expect(codes[1]).toMatchObject({ cancelledAt: AT, letterPostedAt: older.letter.postedAt });
  });
  it("lists a person's live postal passwords expiring at the given time, not codes, used, cancelled or expired ones", async () => {
    const organisation = await buildOrganisation(db);
    const person = await insertTestAccount(db);
    const expiresAt = later(86_400_000);
    // One live code per person and organisation: the live ones that must not be listed are in other organisations.
    const postal = async (fields: Parameters<typeof code>[2] = {}, of: { id: string } = organisation) =>
      code(of, person, { codeHash: `${POSTAL_PASSWORD_MARK}hash`, expiresAt, ...fields });
    const live = await postal();
    await postal({ usedAt: AT });
    await postal({ cancelledAt: AT });
    await postal({ expiresAt: later(2 * 86_400_000) }, await buildOrganisation(db));
    await code(await buildOrganisation(db), person, { expiresAt });
    await code(organisation, await insertTestAccount(db), { codeHash: `${POSTAL_PASSWORD_MARK}other`, expiresAt });
    expect(await listLivePostalPasswords(db, { accountId: person.id, now: AT, expiresAt })).toEqual([{ id: live.id, organisationId: organisation.id }]);
    // Once it has expired, it is no longer live.
    expect(await listLivePostalPasswords(db, { accountId: person.id, now: expiresAt, expiresAt })).toEqual([]);
  });

  it("marks one code used, leaving the others", async () => {
    const organisation = await buildOrganisation(db);
    const person = await insertTestAccount(db);
    const [first, second] = [await code(organisation, person), await code(await buildOrganisation(db), person)];
    await markActivationCodeUsed(db, first.id, later(1000));
    const usedAt = async (id: string) => (await db.selectFrom("adminActivationCodes").select("usedAt").where("id", "=", id).executeTakeFirstOrThrow()).usedAt;
    expect(await usedAt(first.id)).toEqual(later(1000));
    expect(await usedAt(second.id)).toBeNull();
  });

  it("locks and returns a person's codes for an organisation, newest first", async () => {
    const organisation = await buildOrganisation(db);
    const person = await insertTestAccount(db);
    const older = await code(organisation, person, { createdAt: AT, cancelledAt: later(1000) });
    const newer = await code(organisation, person, { createdAt: later(1000) });
    await code(await buildOrganisation(db), person);
    await code(organisation, await insertTestAccount(db));
    const codes = await expectRowLocked(db, "admin_activation_codes", older.id, (trx) => lockCodesOf(trx, organisation.id, person.id));
    expect(codes.map((row) => row.id)).toEqual([newer.id, older.id]);
    expect(codes[1]).toMatchObject({ codeHash: older.codeHash, attempts: 0, letterId: older.letter.id });
  });

  it("sets the attempts of one code", async () => {
    const organisation = await buildOrganisation(db);
    const person = await insertTestAccount(db);
    const [first, second] = [await code(organisation, person), await code(organisation, person, { cancelledAt: AT })];
    await setActivationCodeAttempts(db, first.id, 3);
    const codes = await lockCodesOf(db, organisation.id, person.id);
    expect(Object.fromEntries(codes.map((row) => [row.id, row.attempts]))).toEqual({ [first.id]: 3, [second.id]: 0 });
  });

  it("counts the codes of an organisation created after a date, by anyone and by the person", async () => {
    const organisation = await buildOrganisation(db);
    const [person, other] = [await insertTestAccount(db), await insertTestAccount(db)];
    await code(organisation, person, { createdAt: AT, cancelledAt: AT });
    await code(organisation, person, { createdAt: later(2000) });
    await code(organisation, other, { createdAt: later(3000), cancelledAt: later(3000) });
    await code(organisation, other, { createdAt: later(4000) });
    await code(await buildOrganisation(db), person, { createdAt: later(5000) });
    expect(await countRecentCodes(db, { organisationId: organisation.id, accountId: person.id, since: AT })).toEqual({ all: 3, mine: 1 });
    expect(await countRecentCodes(db, { organisationId: organisation.id, accountId: person.id, since: later(4000) })).toEqual({ all: 0, mine: 0 });
  });

  it("stores a code with its letter, live and never tried", async () => {
    const organisation = await buildOrganisation(db);
    const person = await insertTestAccount(db);
    const letter = await buildLetter(db);
    await insertActivationCode(db, { organisationId: organisation.id, accountId: person.id, codeHash: "hash-stored", letterId: letter.id, now: AT, expiresAt: later(60_000) });
    expect(await lockCodesOf(db, organisation.id, person.id)).toEqual([
      expect.objectContaining({ codeHash: "hash-stored", letterId: letter.id, createdAt: AT, expiresAt: later(60_000), attempts: 0, usedAt: null, cancelledAt: null }),
    ]);
  });
});
