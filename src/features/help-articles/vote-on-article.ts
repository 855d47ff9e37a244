import type { FastifyReply, FastifyRequest } from "fastify";
import { countVote, findPublishedArticle } from "../../core/help/queries.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";

/**
 * The articles this browser answered "Cette réponse vous a-t-elle aidé ?" for, in a cookie that
 * ends with the browser session: one vote per article and session is enough to read the
 * counts (clearing the cookie to vote again is possible, and harmless), and nobody needs an
 * account or a record of who voted.
 */
export const VOTES_COOKIE = "guichet_aide_avis";
const VOTES_KEPT = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function votedArticles(request: FastifyRequest): string[] {
  const value = request.cookies[VOTES_COOKIE] ?? "";
  return value.split(".").filter((id) => uuid.test(id));
}

export function rememberVote(request: FastifyRequest, reply: FastifyReply, articleId: string): void {
  const ids = [...votedArticles(request).filter((id) => id !== articleId), articleId].slice(-VOTES_KEPT);
  reply.setCookie(VOTES_COOKIE, ids.join("."), { path: "/comment-ca-marche", httpOnly: true, sameSite: "lax", secure: request.protocol === "https" });
}

/**
 * Counts one Oui or Non for a published article, unless this browser session already answered
 * for it. Returns the article's id, to remember the vote.
 */
export async function voteOnArticle(deps: { db: Db }, vote: { slug: string; helpful: boolean; alreadyVoted: readonly string[] }): Promise<string> {
  const article = await findPublishedArticle(deps.db, vote.slug);
  if (!article) throw new NotFoundError();
  if (!vote.alreadyVoted.includes(article.id)) await countVote(deps.db, article.id, vote.helpful);
  return article.id;
}
