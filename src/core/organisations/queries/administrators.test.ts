import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { buildLetter } from "../../../../test/letters.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { LetterStatus } from "../../../platform/db/schema.ts";
import { cancelLiveCodes, countAdministratorsLocked, listCodesOf } from "./administrators.ts";

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
  const code = async (organisation: { id: string }, account: { id: string }, fields: { createdAt?: Date; usedAt?: Date; cancelledAt?: Date; letterStatus?: LetterStatus } = {}) => {
    const letter = await buildLetter(db, { status: fields.letterStatus ?? "generated" });
    const row = await db
      .insertInto("adminActivationCodes")
      .values({
        organisationId: organisation.id,
        accountId: account.id,
        codeHash: `hash-${letter.id}`,
        letterId: letter.id,
        createdAt: fields.createdAt ?? AT,
        expiresAt: later(30 * 86_400_000),
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
});
