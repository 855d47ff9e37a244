import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../platform/clock.ts";
import { createTestDatabase } from "../../test/database.ts";
import type { QueryTestDatabase } from "../../test/query-fixtures.ts";
import { listCurrentNotices } from "../features/home/queries.ts";
import { seedDemoNotices } from "./seed-demo-notices.ts";

describe("the demo's notice", () => {
  let database: QueryTestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("is written once, published, and shows on the home page", async () => {
    const deps = { db: database.db, clock: fixedClock() };
    await seedDemoNotices(deps);
    await seedDemoNotices(deps);
    expect((await listCurrentNotices(database.db, "2026-03-02")).map((notice) => notice.title)).toEqual(["Portail de démonstration"]);
  });
});
