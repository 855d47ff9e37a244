import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../../platform/db/database.ts";
import { MARK_END, MARK_START } from "./highlight.ts";
import {
  addWords,
  countVote,
  deleteArticle,
  deleteEmptyTheme,
  findArticle,
  findPublishedArticle,
  findPublishedTitles,
  findTheme,
  insertArticle,
  insertTheme,
  isSlugTaken,
  listArticles,
  listThemes,
  moveArticle,
  moveTheme,
  nearestWords,
  renameTheme,
  searchArticles,
  updateArticle,
} from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the help articles' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const article = (themeId: string, slug: string, extra: Partial<Parameters<typeof insertArticle>[1]> = {}) =>
    insertArticle(db, { themeId, slug, title: `Titre ${slug}`, body: "Corps", bodyHtml: "<p>Corps</p>", plainText: "Corps", status: "published", at: AT, ...extra });

  it("inserts themes after the others, lists them in order, finds and renames one", async () => {
    const first = await insertTheme(db, { title: "Premier", createdAt: AT });
    const second = await insertTheme(db, { title: "Second", createdAt: AT });
    expect(second.position).toBe(first.position + 1);
    expect(await renameTheme(db, first.id, "Premier thème")).toBe(true);
    expect(await findTheme(db, first.id)).toMatchObject({ title: "Premier thème" });
    const titles = (await listThemes(db)).map((theme) => theme.title);
    expect(titles.indexOf("Premier thème")).toBeLessThan(titles.indexOf("Second"));
    expect(await renameTheme(db, "00000000-0000-4000-8000-000000000000", "x")).toBe(false);
  });

  it("moves a theme up and down by swapping it with its neighbour, and not past either end", async () => {
    const a = await insertTheme(db, { title: "A", createdAt: AT });
    const b = await insertTheme(db, { title: "B", createdAt: AT });
    expect(await db.transaction().execute((trx) => moveTheme(trx, b.id, "up"))).toBe(true);
    const order = (await listThemes(db)).map((theme) => theme.id);
    expect(order.indexOf(b.id)).toBeLessThan(order.indexOf(a.id));
    expect(await db.transaction().execute((trx) => moveTheme(trx, a.id, "down"))).toBe(false);
  });

  it("deletes a theme only when it holds no article", async () => {
    const full = await insertTheme(db, { title: "Plein", createdAt: AT });
    const empty = await insertTheme(db, { title: "Vide", createdAt: AT });
    await article(full.id, "dans-un-theme-plein");
    expect(await deleteEmptyTheme(db, full.id)).toBe(false);
    expect(await deleteEmptyTheme(db, empty.id)).toBe(true);
    expect(await findTheme(db, empty.id)).toBeUndefined();
  });

  it("inserts articles last of their theme, finds, updates, moves and deletes them", async () => {
    const theme = await insertTheme(db, { title: "Articles", createdAt: AT });
    const other = await insertTheme(db, { title: "Autre", createdAt: AT });
    const one = await article(theme.id, "un");
    const two = await article(theme.id, "deux", { status: "draft" });
    expect(await isSlugTaken(db, "un")).toBe(true);
    expect(await isSlugTaken(db, "un", one.id)).toBe(false);
    expect(await db.transaction().execute((trx) => moveArticle(trx, two.id, "up"))).toBe(true);
    const ofTheme = (await listArticles(db, { publishedOnly: false })).filter((row) => row.themeId === theme.id);
    expect(ofTheme.map((row) => row.slug)).toEqual(["deux", "un"]);
    expect((await listArticles(db, { publishedOnly: true })).map((row) => row.slug)).not.toContain("deux");
    expect(await updateArticle(db, one.id, { themeId: other.id, slug: "un-bis", title: "Un bis", body: "B", bodyHtml: "<p>B</p>", plainText: "B", status: "published", at: AT })).toBe(true);
    expect(await findArticle(db, one.id)).toMatchObject({ themeId: other.id, slug: "un-bis", title: "Un bis", position: 1 });
    expect(await findPublishedArticle(db, "un-bis")).toMatchObject({ title: "Un bis", themeTitle: "Autre", bodyHtml: "<p>B</p>" });
    expect(await findPublishedArticle(db, "deux")).toBeUndefined();
    expect(await deleteArticle(db, two.id)).toBe(true);
    expect(await findArticle(db, two.id)).toBeUndefined();
  });

  it("counts votes on published articles only", async () => {
    const theme = await insertTheme(db, { title: "Votes", createdAt: AT });
    const published = await article(theme.id, "vote-publie");
    const draft = await article(theme.id, "vote-brouillon", { status: "draft" });
    expect(await countVote(db, published.id, true)).toBe(true);
    expect(await countVote(db, published.id, true)).toBe(true);
    expect(await countVote(db, published.id, false)).toBe(true);
    expect(await countVote(db, draft.id, true)).toBe(false);
    expect(await findArticle(db, published.id)).toMatchObject({ helpfulYes: 2, helpfulNo: 1 });
  });

  it("finds the titles of published articles by address, and nothing for none", async () => {
    const theme = await insertTheme(db, { title: "Titres", createdAt: AT });
    await article(theme.id, "titre-publie", { title: "Publié" });
    await article(theme.id, "titre-brouillon", { status: "draft" });
    expect(await findPublishedTitles(db, ["titre-publie", "titre-brouillon", "inconnu"])).toEqual({ "titre-publie": "Publié" });
    expect(await findPublishedTitles(db, [])).toEqual({});
  });

  it("keeps the articles' words unaccented and gives the nearest one to a misspelt word", async () => {
    await addWords(db, "Renouveler sa demande : les pièces justificatives");
    expect(await nearestWords(db, ["renouvler", "pieces", "zzzzzz"])).toEqual([
      { word: "renouvler", nearest: "renouveler" },
      { word: "pieces", nearest: null },
      { word: "zzzzzz", nearest: null },
    ]);
    expect(await nearestWords(db, [])).toEqual([]);
  });

  it("searches published articles, title first, with the passage marked", async () => {
    const theme = await insertTheme(db, { title: "Recherche", createdAt: AT });
    await article(theme.id, "hirondelle-texte", { title: "Autre chose", plainText: "On parle ici d'hirondelles en passant." });
    await article(theme.id, "hirondelle-titre", { title: "Les hirondelles", plainText: "Un texte sur les hirondelles du printemps." });
    await article(theme.id, "hirondelle-brouillon", { title: "Hirondelles", status: "draft" });
    const { total, hits } = await searchArticles(db, { tsquery: "hirondelle", limit: 10 });
    expect(total).toBe(2);
    expect(hits.map((hit) => hit.slug)).toEqual(["hirondelle-titre", "hirondelle-texte"]);
    expect(hits[0]).toMatchObject({ themeTitle: "Recherche", titleHeadline: `Les ${MARK_START}hirondelles${MARK_END}` });
    expect(hits[1]!.passage).toContain(`${MARK_START}hirondelles${MARK_END}`);
  });
});
