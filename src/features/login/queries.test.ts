import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { insertTestAccount } from "../../../test/accounts.ts";
import type { QueryTestDatabase } from "../../../test/query-fixtures.ts";
import { findStaffDuties } from "./queries.ts";

let database: QueryTestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("findStaffDuties", () => {
  it("tells whether an account is named to the support and attached to a procedure", async () => {
    const { db } = database;
    const now = new Date("2026-03-02T10:00:00Z");
    const agent = await insertTestAccount(db, { role: "agent" });
    expect(await findStaffDuties(db, agent.id)).toEqual({ supportAgent: false, caseWorker: false });

    await db.insertInto("supportAgents").values({ accountId: agent.id, grantedBy: null, grantedAt: now }).execute();
    expect(await findStaffDuties(db, agent.id)).toEqual({ supportAgent: true, caseWorker: false });

    const procedure = await db
      .insertInto("procedures")
      .values({ slug: "essai-devoirs", currentVersionId: null, createdAt: now, updatedAt: now, publishedAt: null, closedAt: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("procedureAgents").values({ procedureId: procedure.id, accountId: agent.id, createdAt: now }).execute();
    expect(await findStaffDuties(db, agent.id)).toEqual({ supportAgent: true, caseWorker: true });

    // Another account's duties are not this one's; an unknown account has none.
    const other = await insertTestAccount(db, { role: "agent" });
    expect(await findStaffDuties(db, other.id)).toEqual({ supportAgent: false, caseWorker: false });
    expect(await findStaffDuties(db, "00000000-0000-4000-8000-000000000000")).toEqual({ supportAgent: false, caseWorker: false });
  });
});
