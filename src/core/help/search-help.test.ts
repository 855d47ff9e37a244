import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import { segmentsOf, MARK_END, MARK_START } from "./highlight.ts";
import { insertTheme } from "./queries.ts";
import { saveArticle } from "./save-article.ts";
import { searchHelp } from "./search-help.ts";
import { searchWords, tsqueryText } from "./search-words.ts";
import { slugOf } from "./slug.ts";

describe("search words", () => {
  it("keeps plain unaccented words, whatever the punctuation and operators", () => {
    expect(searchWords("Pièces « jointes » !")).toEqual(["pieces", "jointes"]);
    expect(searchWords(`"délai" & | ! : * ( ) <-> 'cœur'`)).toEqual(["delai", "coeur"]);
    expect(searchWords("")).toEqual([]);
    expect(searchWords("   &|!:*()   ")).toEqual([]);
  });

  it("reads at most 200 characters and 10 words", () => {
    expect(searchWords("a".repeat(1000))).toEqual([]);
    expect(searchWords(Array.from({ length: 50 }, (_, n) => `mot${n}`).join(" "))).toHaveLength(10);
  });

  it("makes a tsquery of every word, a corrected one matching its correction too", () => {
    expect(tsqueryText([{ word: "renouvler", nearest: "renouveler" }, { word: "demande", nearest: null }], "&")).toBe("(renouvler | renouveler) & demande");
    expect(tsqueryText([{ word: "a", nearest: null }, { word: "b", nearest: null }], "|")).toBe("a | b");
  });

  it("makes addresses from titles", () => {
    expect(slugOf("Joindre ses pièces : formats acceptés")).toBe("joindre-ses-pieces-formats-acceptes");
    expect(slugOf("«  »")).toBe("article");
  });

  it("cuts a headline into plain and marked segments", () => {
    expect(segmentsOf(`Les ${MARK_START}pièces${MARK_END} <b>jointes</b>`)).toEqual([
      { text: "Les ", marked: false },
      { text: "pièces", marked: true },
      { text: " <b>jointes</b>", marked: false },
    ]);
  });
});

describe("searchHelp", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const clock = fixedClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    const theme = await insertTheme(db, { title: "Thème", createdAt: clock.now() });
    const save = (title: string, body: string, status: "draft" | "published" = "published") => saveArticle({ db, clock }, { themeId: theme.id, title, slug: "", body, status });
    await save("Joindre vos pièces justificatives", "Ajoutez chaque **pièce jointe** au format PDF, JPEG ou PNG, 10 Mo au plus.");
    await save("Renouveler votre demande chaque année", "Sans renouvellement, votre demande est radiée. Vous recevez un courrier un mois avant.");
    await save("Les délais d'attente", "Le délai dépend de la commune demandée et de la taille du logement.");
    await save("Brouillon sur les pièces", "Un brouillon qui parle des pièces jointes.", "draft");
  });
  afterAll(() => database.drop());

  it("finds an article with a typo and without accents, first", async () => {
    const result = await searchHelp(db, "piece jointes");
    expect(result.hits[0]?.slug).toBe("joindre-vos-pieces-justificatives");
    expect((await searchHelp(db, "renouvler")).hits[0]?.slug).toBe("renouveler-votre-demande-chaque-annee");
    expect((await searchHelp(db, "delais")).hits[0]?.slug).toBe("les-delais-d-attente");
  });

  it("says which misspelt word it took for which", async () => {
    expect((await searchHelp(db, "renouvler")).corrections).toEqual([{ word: "renouvler", nearest: "renouveler" }]);
  });

  it("never shows a draft", async () => {
    const { hits } = await searchHelp(db, "brouillon");
    expect(hits).toEqual([]);
  });

  it("falls back to any word when no article has them all, and says so", async () => {
    const result = await searchHelp(db, "pièces commune");
    expect(result.partial).toBe(true);
    expect(result.hits.map((hit) => hit.slug).sort()).toEqual(["joindre-vos-pieces-justificatives", "les-delais-d-attente"]);
  });

  it("marks the matching words of the passage", async () => {
    const [hit] = (await searchHelp(db, "format pdf")).hits;
    expect(hit?.passage).toContain(`${MARK_START}PDF${MARK_END}`);
  });

  it("answers quotes, operators, an empty or a 1,000-character query without failing", async () => {
    for (const query of ['"', "'", "&", "|", "!", ":*", "()", "(((", "a & | b", "!!pieces", "pieces:*", "<->", "\\", "%_", "", "   ", "x".repeat(1000), "pièce ".repeat(200), "é".repeat(1000)]) {
      const result = await searchHelp(db, query);
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
    expect((await searchHelp(db, '"pièces"')).hits[0]?.slug).toBe("joindre-vos-pieces-justificatives");
  });

  it("refuses an address another article has", async () => {
    const theme = await insertTheme(db, { title: "Autre", createdAt: clock.now() });
    await expect(saveArticle({ db, clock }, { themeId: theme.id, title: "X", slug: "les-delais-d-attente", body: "x", status: "draft" })).rejects.toBeInstanceOf(FormError);
    const numbered = await saveArticle({ db, clock }, { themeId: theme.id, title: "Les délais d'attente", slug: "", body: "x", status: "draft" });
    expect(numbered.slug).toBe("les-delais-d-attente-2");
  });
});
