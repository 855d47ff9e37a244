import type { FastifyReply, FastifyRequest } from "fastify";
import { LRUCache } from "lru-cache";
import type { Deps } from "../platform/http/deps.ts";
import { csrfCookieName } from "../platform/http/auth.ts";
import { FLASH_COOKIE, drawPage, pageContext, sendHtml, type PageComponent } from "./render.ts";

/**
 * A page kept in memory, one per session, and sent again while nothing it shows has changed
 * (issue 14: the dashboard, where login leads, drawn again at every visit for nothing).
 *
 * A page is kept under a stamp naming everything it shows: the session as read on this request
 * (the person, the organisation they act for, their account's `dashboard_version`, which triggers
 * move whenever their requests, questions, grants… change: migration 0029), what the route adds
 * (which copy of the services it drew), the browser's CSRF secret (the page's forms carry a token
 * made from it) and the hour (a bound on the age of a kept page, for anything that would depend
 * on the time). A request whose stamp differs draws the page again. Nothing is kept for a page
 * with a message to show once (a flash), for a browser without a CSRF secret yet, or when the
 * route cannot name its stamp (null).
 *
 * Each process keeps its own pages, at most `maxBytes` (8 MB) of HTML in all, the least recently
 * sent dropped first: a session served by another process draws its page there. The stamp comes
 * with the session, read by its query or kept in memory and dropped as soon as this process
 * commits a change to it (platform/sessions/kept-sessions.ts), so a kept page is never older than
 * the person's previous request; another process's change shows once its notification arrives.
 *
 * With `check` (CHECK_KEPT_PAGES, on by default under NODE_ENV=test), each page sent from memory
 * is also drawn afresh and compared: a change that shows on the page without moving its stamp
 * fails the test that made it, whichever feature it belongs to.
 */
export class KeptPages {
  // The HTML as UTF-8 bytes, sent as they are instead of encoding the text again at every send.
  readonly #pages: LRUCache<string, { stamp: string; csrfToken: string; html: Buffer }>;
  readonly #check: boolean;

  constructor(options: { check: boolean; maxBytes?: number }) {
    this.#check = options.check;
    this.#pages = new LRUCache({ maxSize: options.maxBytes ?? 8_000_000, sizeCalculation: (page) => page.html.length + 2 * page.stamp.length });
  }

  /**
   * Sends the session's kept page when its stamp still holds, or draws the page from `load`'s
   * props (keeping it when it may be kept).
   */
  async render<P>(deps: Deps, request: FastifyRequest, reply: FastifyReply, routeStamp: string | null, Page: PageComponent<P>, load: () => Promise<P>) {
    const stamp = stampOf(deps, request, routeStamp);
    const session = request.currentSession;
    const kept = stamp !== null && session ? this.#pages.get(session.sessionId) : undefined;
    if (kept && kept.stamp === stamp) {
      if (this.#check) await this.#compare(deps, request, reply, Page, load, kept);
      return sendHtml(reply, kept.html);
    }
    const ctx = pageContext(deps, request, reply);
    const html = await drawPage(Page, await load(), ctx);
    if (stamp !== null && session) this.#pages.set(session.sessionId, { stamp, csrfToken: ctx.csrfToken, html: Buffer.from(html) });
    return sendHtml(reply, html);
  }

  async #compare<P>(deps: Deps, request: FastifyRequest, reply: FastifyReply, Page: PageComponent<P>, load: () => Promise<P>, kept: { csrfToken: string; html: Buffer }) {
    const fresh = await drawPage(Page, await load(), { ...pageContext(deps, request, reply), csrfToken: kept.csrfToken });
    if (!kept.html.equals(Buffer.from(fresh)))
      throw new Error(
        `La page ${request.url} gardée en mémoire n'est plus à jour alors que son empreinte n'a pas changé : ` +
          "une modification de ce qu'elle montre ne déplace pas accounts.dashboard_version (déclencheurs de la migration 0029) ?",
      );
  }
}

function stampOf(deps: Deps, request: FastifyRequest, routeStamp: string | null): string | null {
  const session = request.currentSession;
  const csrfSecret = request.cookies[csrfCookieName(deps.config)];
  if (routeStamp === null || !session || !csrfSecret || request.cookies[FLASH_COOKIE]) return null;
  const hour = Math.floor(deps.clock.now().getTime() / 3_600_000);
  // Everything the session query read (the person, the organisation, the version), but when it was last seen.
  return `${routeStamp}\n${hour}\n${csrfSecret}\n${session.personAsRead}`;
}
