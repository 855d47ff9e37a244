import type { FastifyReply, FastifyRequest } from "fastify";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { PageContext } from "./context.ts";
import { flashMessages, type FlashKey } from "./flash.ts";
import type { Deps } from "../platform/http/deps.ts";
import { PUBLIC_MENU_ENTRIES } from "../platform/config.ts";
import type { CurrentSession } from "../platform/sessions/sessions.ts";

export const FLASH_COOKIE = "guichet_flash";

/** A page component: its own props plus the request's page context. */
export type PageComponent<P> = (props: P & { ctx: PageContext }) => JSX.Element;

/** Builds the page context (brand, CSRF token, signed-in account, flash) for one request. */
export function pageContext(deps: Deps, request: FastifyRequest, reply: FastifyReply): PageContext {
  const flashKey = request.cookies[FLASH_COOKIE] as FlashKey | undefined;
  if (flashKey) reply.clearCookie(FLASH_COOKIE, { path: "/" });
  const session = request.currentSession;
  return {
    brand: deps.config.brand,
    csrfToken: reply.generateCsrf(),
    ...signedIn(session),
    flash: flashKey && flashKey in flashMessages ? flashMessages[flashKey] : null,
    showDevelopmentLinks: deps.config.env !== "production",
    franceConnect: deps.config.franceConnect !== undefined,
    publicMenu: deps.config.publicMenu.map((entry) => PUBLIC_MENU_ENTRIES[entry]),
    help: deps.config.help,
    path: request.url.split("?")[0] ?? "/",
    captchaWaitToken: () => deps.captcha.waitToken(request.ip, postedCaptcha(request.body)),
  };
}

/**
 * Who the header shows as signed in, and for which organisation: from the request's session, on
 * Guichet's pages and on the pages the OpenID provider draws with Guichet's layout alike.
 */
export function signedIn(session: CurrentSession | null): Pick<PageContext, "account" | "organisation"> {
  return {
    account: session ? { identifier: session.identifier, firstName: session.firstName, lastName: session.lastName, role: session.role } : null,
    organisation:
      session?.currentOrganisationId && session.currentOrganisationName
        ? {
            id: session.currentOrganisationId,
            name: session.currentOrganisationName,
            isAdmin: session.isOrganisationAdmin === true,
            pending: session.membershipStatus === "pending",
          }
        : null,
  };
}

/** The `altcha` field of a form this request posted (`<CaptchaField>`'s name), if any. */
function postedCaptcha(body: unknown): string | undefined {
  const value = typeof body === "object" && body !== null ? (body as Record<string, unknown>).altcha : undefined;
  return typeof value === "string" ? value : undefined;
}

/** Renders a full HTML page. Pages are never cached: they may hold personal data. */
export async function renderPage<P>(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  Page: PageComponent<P>,
  props: P,
  status = 200,
) {
  return sendHtml(reply, await drawPage(Page, props, pageContext(deps, request, reply)), status);
}

/** A page's whole HTML for a page context. */
export async function drawPage<P>(Page: PageComponent<P>, props: P, ctx: PageContext): Promise<string> {
  return `<!DOCTYPE html>${await Page({ ...props, ctx }).toString()}`;
}

/** Sends a page's HTML, never to be cached by the browser or a proxy. */
export function sendHtml(reply: FastifyReply, html: string | Buffer, status = 200) {
  return reply.status(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

/** Redirects after a successful POST (303 so the browser follows with GET), with an optional message. */
export function redirectWithFlash(reply: FastifyReply, location: string, flash?: FlashKey) {
  const secure = reply.request.protocol === "https";
  if (flash) reply.setCookie(FLASH_COOKIE, flash, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: 60 });
  return reply.redirect(location, 303);
}
