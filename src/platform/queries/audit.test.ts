import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { insertAuditEvent } from "./audit.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the audit trail's query", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("appends one line with who, from where and its details as given", async () => {
    const [account, admin] = [await insertTestAccount(db), await insertTestAccount(db)];
    await insertAuditEvent(db, { occurredAt: AT, event: "account.sessions_revoked", accountId: account.id, actorId: admin.id, ip: "192.0.2.10", details: { count: 2, "via-console": true } });
    await insertAuditEvent(db, { occurredAt: AT, event: "account.login_failed", accountId: null, actorId: null, ip: null, details: {} });
    const rows = await db.selectFrom("auditEvents").select(["occurredAt", "event", "accountId", "actorId", "ip", "details"]).where("event", "in", ["account.sessions_revoked", "account.login_failed"]).orderBy("id").execute();
    expect(rows).toEqual([
      { occurredAt: AT, event: "account.sessions_revoked", accountId: account.id, actorId: admin.id, ip: "192.0.2.10", details: { count: 2, "via-console": true } },
      { occurredAt: AT, event: "account.login_failed", accountId: null, actorId: null, ip: null, details: {} },
    ]);
  });
});
