import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/database.ts";
import { insertTestAccount } from "../../../../test/accounts.ts";
import type { QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { listPlatformAdmins } from "./platform-admins.ts";

let database: QueryTestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("listPlatformAdmins", () => {
  it("lists the platform admins by name with their last login (password or FranceConnect), null when never", async () => {
    const { db } = database;
    const roux = await insertTestAccount(db, { role: "platform_admin", lastName: "Roux", firstName: "Nadia" });
    const blanc = await insertTestAccount(db, { role: "platform_admin", lastName: "Blanc", firstName: "Hugo" });
    const agent = await insertTestAccount(db, { role: "agent", lastName: "Aubert" });
    const audit = (accountId: string, event: string, occurredAt: string) => db.insertInto("auditEvents").values({ accountId, actorId: null, ip: null, event, occurredAt: new Date(occurredAt) }).execute();
    await audit(roux.id, "account.login_succeeded", "2026-04-01T08:00:00Z");
    await audit(roux.id, "franceconnect.login_succeeded", "2026-04-03T08:00:00Z");
    // A later failure or another event is not a login.
    await audit(roux.id, "account.login_failed", "2026-04-05T08:00:00Z");
    await audit(roux.id, "account.password_changed", "2026-04-06T08:00:00Z");
    await audit(agent.id, "account.login_succeeded", "2026-04-07T08:00:00Z");

    const admins = await listPlatformAdmins(db);
    expect(admins.map((admin) => admin.lastName)).toEqual(["Blanc", "Roux"]);
    expect(admins[0]).toMatchObject({ id: blanc.id, identifier: blanc.identifier, email: blanc.email, lastLoginAt: null });
    expect(admins[0]?.createdAt).toBeInstanceOf(Date);
    expect(new Date(admins[1]!.lastLoginAt!).toISOString()).toBe("2026-04-03T08:00:00.000Z");
  });
});
