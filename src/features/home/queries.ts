import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { NoticeLevel } from "../../platform/db/schema.ts";

/** What an admin writes of a notice; the dates are "AAAA-MM-JJ" or null. */
export interface NoticeFields {
  title: string;
  body: string;
  link: string | null;
  level: NoticeLevel;
  published: boolean;
  shownFrom: string | null;
  shownUntil: string | null;
}

const noticeColumns = ["id", "title", "body", "link", "level", "published", "shownFrom", "shownUntil", "createdAt", "updatedAt"] as const;

/**
 * The notices the home page shows on `today` ("AAAA-MM-JJ", Europe/Paris): published, within
 * their dates (both days included), important ones first, then the most recent.
 */
export async function listCurrentNotices(db: Db, today: string) {
  return db
    .selectFrom("notices")
    .select(noticeColumns)
    .where("published", "=", true)
    .where((eb) => eb.or([eb("shownFrom", "is", null), eb("shownFrom", "<=", today)]))
    .where((eb) => eb.or([eb("shownUntil", "is", null), eb("shownUntil", ">=", today)]))
    .orderBy(sql`level = 'important'`, "desc")
    .orderBy(sql`coalesce(shown_from, created_at::date)`, "desc")
    .orderBy("createdAt", "desc")
    .limit(20)
    .execute();
}
export type CurrentNotice = Awaited<ReturnType<typeof listCurrentNotices>>[number];

/** Every notice, for the admin page: the latest written first. */
export async function listNotices(db: Db) {
  return db.selectFrom("notices").select(noticeColumns).orderBy("createdAt", "desc").execute();
}
export type NoticeRow = Awaited<ReturnType<typeof listNotices>>[number];

export async function findNotice(db: Db, id: string) {
  return db.selectFrom("notices").select(noticeColumns).where("id", "=", id).executeTakeFirst();
}

export async function insertNotice(db: Db, fields: NoticeFields, by: { at: Date; accountId: string | null }) {
  return db
    .insertInto("notices")
    .values({ ...fields, createdAt: by.at, updatedAt: by.at, updatedBy: by.accountId })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

/** Rewrites a notice; undefined when it no longer exists. */
export async function updateNotice(db: Db, id: string, fields: NoticeFields, by: { at: Date; accountId: string }) {
  return db.updateTable("notices").set({ ...fields, updatedAt: by.at, updatedBy: by.accountId }).where("id", "=", id).returning(["id"]).executeTakeFirst();
}

export async function setNoticePublished(db: Db, id: string, published: boolean, by: { at: Date; accountId: string }) {
  return db.updateTable("notices").set({ published, updatedAt: by.at, updatedBy: by.accountId }).where("id", "=", id).returning(["id", "title"]).executeTakeFirst();
}

export async function deleteNotice(db: Db, id: string) {
  return db.deleteFrom("notices").where("id", "=", id).returning(["id", "title"]).executeTakeFirst();
}

/** The home page's presentation as an admin set it; undefined: the default sentence. */
export async function findPresentation(db: Db) {
  const row = await db.selectFrom("portalTexts").select(["text"]).where("name", "=", "presentation").executeTakeFirst();
  return row?.text;
}

export async function savePresentation(db: Db, text: string, by: { at: Date; accountId: string }) {
  await db
    .insertInto("portalTexts")
    .values({ name: "presentation", text, updatedAt: by.at, updatedBy: by.accountId })
    .onConflict((conflict) => conflict.column("name").doUpdateSet({ text, updatedAt: by.at, updatedBy: by.accountId }))
    .execute();
}

/** Back to the default sentence. */
export async function deletePresentation(db: Db) {
  await db.deleteFrom("portalTexts").where("name", "=", "presentation").execute();
}
