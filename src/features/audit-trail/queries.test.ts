import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../platform/audit.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildPerson, type QueryTestDatabase } from "../../../test/query-fixtures.ts";
import { listAuditEventCodes, listAuditEvents } from "./queries.ts";

describe("the audit trail's queries", () => {
  const clock = fixedClock(new Date("2026-04-01T10:00:00Z"));
  let database: QueryTestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("lists the lines newest first, filtered by person (concerned or author), action, instants, and paged by id (listAuditEvents)", async () => {
    const admin = await buildPerson(db, { role: "platform_admin" });
    const person = await buildPerson(db);
    clock.set(new Date("2026-04-01T10:00:00Z"));
    await audit(db, clock, { event: "account.login_succeeded", accountId: person.id, ip: "203.0.113.7" });
    clock.set(new Date("2026-04-02T10:00:00Z"));
    await audit(db, clock, { event: "account.temporary_password_issued", accountId: person.id, actorId: admin.id, details: { via: "admin" } });
    clock.set(new Date("2026-04-03T10:00:00Z"));
    await audit(db, clock, { event: "account.logged_out", accountId: admin.id });

    const mine = await listAuditEvents(db, { accountId: person.id }, 10);
    expect(mine.map((line) => line.event)).toEqual(["account.temporary_password_issued", "account.login_succeeded"]);
    expect(mine[0]).toMatchObject({ accountIdentifier: person.identifier, actorIdentifier: admin.identifier, details: '{"via": "admin"}' });
    // As author too.
    expect((await listAuditEvents(db, { accountId: admin.id }, 10)).map((line) => line.event)).toEqual(["account.logged_out", "account.temporary_password_issued"]);
    expect((await listAuditEvents(db, { accountId: person.id, event: "account.login_succeeded" }, 10)).map((line) => line.ip)).toEqual(["203.0.113.7"]);
    const range = await listAuditEvents(db, { from: new Date("2026-04-02T00:00:00Z"), to: new Date("2026-04-03T00:00:00Z") }, 10);
    expect(range.map((line) => line.event)).toEqual(["account.temporary_password_issued"]);
    const first = await listAuditEvents(db, { accountId: person.id }, 1);
    const next = await listAuditEvents(db, { accountId: person.id, beforeId: Number(first[0]!.id) }, 1);
    expect(next.map((line) => line.event)).toEqual(["account.login_succeeded"]);
  });

  it("lists each code found in the trail once, in order (listAuditEventCodes)", async () => {
    await audit(db, clock, { event: "letter.posted" });
    await audit(db, clock, { event: "letter.posted" });
    const codes = await listAuditEventCodes(db);
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(codes).toEqual(expect.arrayContaining(["account.logged_out", "letter.posted"]));
  });
});
