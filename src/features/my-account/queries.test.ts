import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { buildAccount } from "../../../test/builders.ts";
import { audit } from "../../platform/audit.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { deleteMailsTo, listAuditEventsOfAccount, listMailsTo, listSessionsForExport } from "./queries.ts";

describe("my-account queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const clock = fixedClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const mail = (to: string, subject: string) =>
    db.insertInto("mails").values({ toAddress: to, subject, textBody: "texte", htmlBody: "<p>texte</p>", createdAt: clock.now() }).execute();

  it("lists the sessions of one account without their token hash", async () => {
    const account = await buildAccount(db);
    const other = await buildAccount(db);
    for (const [owner, hash] of [[account, "a"], [other, "b"]] as const)
      await db.insertInto("sessions").values({ tokenHash: hash, accountId: owner.id, createdAt: clock.now(), lastSeenAt: clock.now(), expiresAt: clock.now(), ip: "10.0.0.1", userAgent: "ua" }).execute();
    const sessions = await listSessionsForExport(db, account.id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).not.toHaveProperty("tokenHash");
    expect(sessions[0]).toMatchObject({ ip: "10.0.0.1", userAgent: "ua" });
  });

  it("lists the audit events about an account or done by it, oldest first", async () => {
    const account = await buildAccount(db);
    const admin = await buildAccount(db);
    await audit(db, clock, { event: "account.login_succeeded", accountId: account.id, actorId: account.id });
    await audit(db, clock, { event: "account.temporary_password_issued", accountId: admin.id, actorId: account.id });
    await audit(db, clock, { event: "account.logged_out", accountId: admin.id, actorId: admin.id });
    const events = await listAuditEventsOfAccount(db, account.id);
    expect(events.map((event) => event.event)).toEqual(["account.login_succeeded", "account.temporary_password_issued"]);
  });

  it("finds and erases the mails of an address ignoring case, and only those", async () => {
    await mail("Anne@Exemple.fr", "Un");
    await mail("anne@exemple.fr", "Deux");
    await mail("autre@exemple.fr", "Trois");
    expect((await listMailsTo(db, "anne@exemple.fr")).map((row) => row.subject)).toEqual(["Un", "Deux"]);
    await deleteMailsTo(db, "anne@exemple.fr");
    expect(await listMailsTo(db, "anne@exemple.fr")).toEqual([]);
    expect(await listMailsTo(db, "autre@exemple.fr")).toHaveLength(1);
  });
});
