import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../../platform/db/database.ts";
import { findMail, listMails } from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the dev mailbox's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const mail = (subject: string, createdAt = AT) =>
    db
      .insertInto("mails")
      .values({ toAddress: "anne@exemple.fr", subject, textBody: "Bonjour", htmlBody: "<p>Bonjour</p>", createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();

  it("lists one page of mails, newest first, with the total and without their bodies", async () => {
    await mail("Ancien", new Date(AT.getTime() - 1000));
    await mail("Récent", new Date(AT.getTime() + 1000));
    await mail("Milieu");
    const page = await listMails(db, { limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.mails.map((row) => row.subject)).toEqual(["Récent", "Milieu"]);
    expect(page.mails[0]).not.toHaveProperty("textBody");
    expect((await listMails(db, { limit: 2, offset: 2 })).mails.map((row) => row.subject)).toEqual(["Ancien"]);
  });

  it("finds one mail with its parts", async () => {
    const stored = await mail("Votre compte");
    expect(await findMail(db, stored.id)).toMatchObject({ subject: "Votre compte", textBody: "Bonjour", htmlBody: "<p>Bonjour</p>", attachments: [] });
    expect(await findMail(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
