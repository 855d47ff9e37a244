/**
 * What platform admins do to the help besides writing an article (core/help/save-article.ts):
 * themes created, renamed, moved and deleted, articles moved and deleted. Each is recorded in
 * the audit trail with the admin and their address, in the change's transaction.
 */
import { deleteArticle, deleteEmptyTheme, findArticle, insertTheme, moveArticle, moveTheme, renameTheme, type Direction } from "../../core/help/queries.ts";
import { saveArticle, type ArticleInput } from "../../core/help/save-article.ts";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";

type AdminDeps = { db: Db; clock: Clock };
interface Actor {
  adminId: string;
  ip: string;
}

export class ThemeNotEmpty extends Error {
  override name = "ThemeNotEmpty";
}

export async function createHelpTheme(deps: AdminDeps, input: { title: string } & Actor) {
  return deps.db.transaction().execute(async (db) => {
    const theme = await insertTheme(db, { title: input.title, createdAt: deps.clock.now() });
    await audit(db, deps.clock, { event: "help.theme_created", actorId: input.adminId, ip: input.ip, details: { themeId: theme.id, title: input.title } });
    return theme;
  });
}

export async function renameHelpTheme(deps: AdminDeps, input: { themeId: string; title: string } & Actor) {
  await deps.db.transaction().execute(async (db) => {
    if (!(await renameTheme(db, input.themeId, input.title))) throw new NotFoundError();
    await audit(db, deps.clock, { event: "help.theme_renamed", actorId: input.adminId, ip: input.ip, details: { themeId: input.themeId, title: input.title } });
  });
}

/** Deletes a theme; one that still holds articles is refused (ThemeNotEmpty), so no article is lost with it. */
export async function deleteHelpTheme(deps: AdminDeps, input: { themeId: string } & Actor) {
  await deps.db.transaction().execute(async (db) => {
    if (!(await deleteEmptyTheme(db, input.themeId))) throw new ThemeNotEmpty();
    await audit(db, deps.clock, { event: "help.theme_deleted", actorId: input.adminId, ip: input.ip, details: { themeId: input.themeId } });
  });
}

/** Moves a theme or an article one place up or down; at either end nothing changes. */
export async function moveHelpEntry(deps: AdminDeps, input: { kind: "theme" | "article"; id: string; direction: Direction } & Actor) {
  await deps.db.transaction().execute(async (db) => {
    const moved = input.kind === "theme" ? await moveTheme(db, input.id, input.direction) : await moveArticle(db, input.id, input.direction);
    if (moved) await audit(db, deps.clock, { event: `help.${input.kind}_moved`, actorId: input.adminId, ip: input.ip, details: { id: input.id, direction: input.direction } });
  });
}

export async function saveHelpArticle(deps: AdminDeps, input: ArticleInput & { articleId?: string | undefined } & Actor) {
  return saveArticle(deps, { ...input, id: input.articleId }, (db, saved) =>
    audit(db, deps.clock, { event: "help.article_saved", actorId: input.adminId, ip: input.ip, details: { articleId: saved.id, slug: saved.slug, status: input.status } }),
  );
}

export async function deleteHelpArticle(deps: AdminDeps, input: { articleId: string } & Actor) {
  await deps.db.transaction().execute(async (db) => {
    const article = await findArticle(db, input.articleId);
    if (!article || !(await deleteArticle(db, input.articleId))) throw new NotFoundError();
    await audit(db, deps.clock, { event: "help.article_deleted", actorId: input.adminId, ip: input.ip, details: { articleId: input.articleId, slug: article.slug, title: article.title } });
  });
}
