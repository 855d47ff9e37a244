import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildPerson, type QueryTestDatabase } from "../../../test/query-fixtures.ts";
import {
  deleteNotice,
  deletePresentation,
  findNotice,
  findPresentation,
  insertNotice,
  listCurrentNotices,
  listNotices,
  savePresentation,
  setNoticePublished,
  updateNotice,
  type NoticeFields,
} from "./queries.ts";

describe("the home page's queries", () => {
  let database: QueryTestDatabase;
  let db: Db;
  let by: { at: Date; accountId: string };
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    by = { at: new Date("2026-03-02T09:00:00Z"), accountId: (await buildPerson(db, { role: "platform_admin" })).id };
  });
  beforeEach(async () => {
    await db.deleteFrom("notices").execute();
    await db.deleteFrom("portalTexts").execute();
  });
  afterAll(() => database.drop());

  const fields = (overrides: Partial<NoticeFields> = {}): NoticeFields => ({ title: "Titre", body: "Texte", link: null, level: "information", published: true, shownFrom: null, shownUntil: null, ...overrides });
  const at = (day: number) => ({ ...by, at: new Date(`2026-03-${String(day).padStart(2, "0")}T09:00:00Z`) });

  it("insertNotice stores a notice and findNotice reads it back, dates as 'YYYY-MM-DD' text", async () => {
    const { id } = await insertNotice(db, fields({ shownFrom: "2026-03-05", shownUntil: "2026-03-06", link: "/contact" }), by);
    expect(await findNotice(db, id)).toMatchObject({ id, title: "Titre", link: "/contact", published: true, shownFrom: "2026-03-05", shownUntil: "2026-03-06", createdAt: by.at });
    expect(await findNotice(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("listCurrentNotices keeps published notices within their dates, important first, then the latest", async () => {
    await insertNotice(db, fields({ title: "ancienne information" }), at(1));
    await insertNotice(db, fields({ title: "récente information" }), at(3));
    await insertNotice(db, fields({ title: "importante", level: "important" }), at(2));
    await insertNotice(db, fields({ title: "non publiée", published: false }), at(2));
    await insertNotice(db, fields({ title: "à venir", shownFrom: "2026-03-05" }), at(2));
    await insertNotice(db, fields({ title: "passée", shownUntil: "2026-03-03" }), at(2));
    await insertNotice(db, fields({ title: "dernier jour", shownFrom: "2026-03-04", shownUntil: "2026-03-04" }), at(1));
    expect((await listCurrentNotices(db, "2026-03-04")).map((notice) => notice.title)).toEqual(["importante", "dernier jour", "récente information", "ancienne information"]);
  });

  it("listNotices gives every notice, the latest written first", async () => {
    await insertNotice(db, fields({ title: "première", published: false }), at(1));
    await insertNotice(db, fields({ title: "seconde" }), at(2));
    expect((await listNotices(db)).map((notice) => notice.title)).toEqual(["seconde", "première"]);
  });

  it("updateNotice rewrites a notice and says when it no longer exists", async () => {
    const { id } = await insertNotice(db, fields(), by);
    expect(await updateNotice(db, id, fields({ title: "Nouveau", level: "important", published: false }), at(4))).toEqual({ id });
    expect(await findNotice(db, id)).toMatchObject({ title: "Nouveau", level: "important", published: false, updatedAt: at(4).at, createdAt: by.at });
    expect(await updateNotice(db, "00000000-0000-4000-8000-000000000000", fields(), by)).toBeUndefined();
  });

  it("setNoticePublished publishes and withdraws, returning the title", async () => {
    const { id } = await insertNotice(db, fields({ published: false }), by);
    expect(await setNoticePublished(db, id, true, at(3))).toEqual({ id, title: "Titre" });
    expect((await findNotice(db, id))?.published).toBe(true);
    await setNoticePublished(db, id, false, at(4));
    expect((await findNotice(db, id))?.published).toBe(false);
  });

  it("deleteNotice removes the row and returns its title once", async () => {
    const { id } = await insertNotice(db, fields({ title: "À supprimer" }), by);
    expect(await deleteNotice(db, id)).toEqual({ id, title: "À supprimer" });
    expect(await deleteNotice(db, id)).toBeUndefined();
  });

  it("the database refuses a notice whose end comes before its start", async () => {
    await expect(insertNotice(db, fields({ shownFrom: "2026-03-05", shownUntil: "2026-03-04" }), by)).rejects.toThrow();
  });

  it("savePresentation writes then replaces the text, findPresentation reads it, deletePresentation brings back the default", async () => {
    expect(await findPresentation(db)).toBeUndefined();
    await savePresentation(db, "Premier texte", by);
    await savePresentation(db, "Second texte", at(3));
    expect(await findPresentation(db)).toBe("Second texte");
    await deletePresentation(db);
    expect(await findPresentation(db)).toBeUndefined();
  });
});
