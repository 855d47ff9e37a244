import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import { countRecoveryMail } from "./recovery.ts";

const AT = new Date("2026-03-02T09:00:00Z");
const HOUR = 3_600_000;
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("the recovery's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("counts the recovery mails of a key within a window, then starts a new window", async () => {
    expect(await countRecoveryMail(db, "recovery:anne", AT, HOUR)).toBe(1);
    expect(await countRecoveryMail(db, "recovery:anne", later(HOUR / 2), HOUR)).toBe(2);
    expect(await countRecoveryMail(db, "recovery:paul", later(HOUR / 2), HOUR)).toBe(1);
    // The window started at AT: one hour later it is over, whatever was counted since.
    expect(await countRecoveryMail(db, "recovery:anne", later(HOUR), HOUR)).toBe(1);
    const row = await db.selectFrom("throttles").selectAll().where("key", "=", "recovery:anne").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failures: 1, lastFailureAt: later(HOUR) });
  });
});
