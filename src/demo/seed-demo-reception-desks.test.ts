import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.ts";
import { fixedClock } from "../platform/clock.ts";
import { listDesks } from "../features/reception-desks/queries.ts";
import { demoDeskInputs, seedDemoReceptionDesks } from "./seed-demo-reception-desks.ts";

describe("the demonstration reception desks", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("are fifteen desks in four départements, each valid by the admins' rules and placed", () => {
    const desks = demoDeskInputs();
    expect(desks).toHaveLength(15);
    expect(new Set(desks.map((desk) => desk.departement))).toEqual(new Set(["31", "33", "69", "93"]));
    for (const desk of desks) expect(desk.latitude).not.toBeNull();
  });

  it("are loaded, marked as demonstration, only into an empty list", async () => {
    const deps = { db: database.db, clock: fixedClock() };
    await seedDemoReceptionDesks(deps);
    await seedDemoReceptionDesks(deps);
    const desks = await listDesks(database.db);
    expect(desks).toHaveLength(15);
    expect(desks.every((desk) => desk.demo)).toBe(true);
  });
});
