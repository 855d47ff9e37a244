/**
 * The help articles of the page bench's data set: 5,000 published articles of "Comment ça marche ?"
 * in 20 themes, written through the portal's own `saveArticle` (Markdown rendered, words added to
 * the vocabulary that corrects misspellings), so that the search runs on what admins would write.
 * Added once to the bench database; a database that already has them is left alone.
 */
import { sql } from "kysely";
import { insertTheme } from "../src/core/help/queries.ts";
import { saveArticle } from "../src/core/help/save-article.ts";
import { systemClock } from "../src/platform/clock.ts";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { demoHelp } from "../src/demo/seed-demo-help.ts";

export const BENCH_HELP_ARTICLES = 5_000;
const THEMES = 20;

const subjects = [
  "ma demande de logement social",
  "les pièces justificatives",
  "mon avis d'impôt",
  "la composition de mon foyer",
  "mon numéro de demande",
  "ma situation professionnelle",
  "mon loyer actuel",
  "une attestation d'hébergement",
  "un logement adapté au handicap",
  "les co-demandeurs",
  "mon compte personnel",
  "mon mot de passe",
  "la messagerie de ma demande",
  "une demande de prêt",
  "une aide aux associations",
  "la déclaration des loyers",
  "le relevé d'identité bancaire",
  "les délais de traitement",
  "le renouvellement annuel",
  "l'abandon d'une demande",
];
const questions = ["Comment renseigner", "Où trouver", "Que faire pour", "Pourquoi fournir", "Quand modifier", "Comment joindre", "Qui contacter pour", "Comment vérifier"];
const places = ["Lyon", "Toulouse", "Marseille", "Lille", "Rennes", "Nantes", "Strasbourg", "Bordeaux", "Montpellier", "Dijon", "Brest", "Limoges"];

/** The demo articles' paragraphs: real help text, cut and recombined into many articles. */
const paragraphs = demoHelp.flatMap((entry) => entry.articles.flatMap((article) => article.body.split(/\n\n+/))).filter((paragraph) => !paragraph.startsWith("|"));

/** Article n: a title and a Markdown body of three to five paragraphs, different for every n. */
export function benchArticle(n: number): { title: string; body: string } {
  const subject = subjects[n % subjects.length]!;
  const question = questions[Math.floor(n / subjects.length) % questions.length]!;
  const place = places[n % places.length]!;
  const title = `${question} ${subject} (${place}, fiche ${n + 1})`;
  const count = 3 + (n % 3);
  const body = [
    `Cette fiche répond aux questions sur **${subject}** pour les demandes suivies à ${place}.`,
    ...Array.from({ length: count }, (_, index) => paragraphs[(n * 7 + index * 13) % paragraphs.length]!),
  ].join("\n\n");
  return { title, body };
}

/** Adds the help articles to the bench database unless it has them; returns how many there are. */
export async function ensureBenchHelpArticles(databaseUrl: string, progress: (message: string) => void): Promise<number> {
  const handle = await openDatabase({ databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const { count } = await handle.db.selectFrom("helpArticles").select(({ fn }) => fn.countAll<number>().as("count")).where("slug", "like", "banc-aide-%").executeTakeFirstOrThrow();
    if (Number(count) >= BENCH_HELP_ARTICLES) return Number(count);
    progress(`Écriture de ${BENCH_HELP_ARTICLES.toLocaleString("fr-FR")} articles d'aide…`);
    const deps = { db: handle.db, clock: systemClock };
    const themes: string[] = [];
    for (let index = 0; index < THEMES; index += 1) themes.push((await insertTheme(handle.db, { title: `Thème du banc ${index + 1}`, createdAt: systemClock.now() })).id);
    for (let n = Number(count); n < BENCH_HELP_ARTICLES; n += 1) {
      const { title, body } = benchArticle(n);
      await saveArticle(deps, { themeId: themes[n % THEMES]!, title, slug: `banc-aide-${n + 1}`, body, status: "published" });
    }
    // Statistics for the planner at once: autovacuum may be off (it is on this machine's server),
    // and the search measured 53 instead of 67 ms p95 with them.
    for (const table of ["help_themes", "help_articles", "help_words"]) await sql`vacuum (analyze) ${sql.table(table)}`.execute(handle.db);
    return BENCH_HELP_ARTICLES;
  } finally {
    await handle.close();
  }
}

/** What people type in the search box: words of the articles, misspelt, without accents, with operators. */
export const BENCH_HELP_QUERIES = [
  "piece jointes",
  "renouvler ma demande",
  "delai de reponse",
  "revenu fiscal de referance",
  "modifer ma demande",
  "attestation hebergement",
  "logement adapte handicap",
  "abandoner",
  "numero de demande",
  "format pdf taille",
  "co-demandeurs",
  "pièces complémentaires",
  "déposer une première demande",
  "quittance de loyer",
  '"avis d\'impôt" & messagerie',
  "poursuivre plus tard",
];
