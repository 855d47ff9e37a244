import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { renderPage } from "../../ui/render.ts";
import { findMail, listMails } from "./queries.ts";
import { MailboxPage, MailPage } from "./views.tsx";

export const MAILS_PER_PAGE = 50;

/**
 * The HTML part of a stored mail is someone else's markup: it gets its own document, with no
 * script, no network and a unique origin (`sandbox`), framable only by the mailbox page.
 */
export const MAIL_HTML_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The development mailbox is registered only outside production: there, its addresses do not exist. */
export function developmentMailboxEnabled(config: Deps["config"]): boolean {
  return config.env !== "production";
}

/** "Boîte aux lettres de développement": reads the mails the portal stored instead of (or as well as) sending them. */
export function devMailboxRoutes(app: FastifyInstance, deps: Deps) {
  if (!developmentMailboxEnabled(deps.config)) return;
  const smtp = deps.config.smtpUrl !== undefined;

  app.get<{ Querystring: { page?: string } }>("/dev/courriels", async (request, reply) => {
    const requested = Number(request.query.page ?? "1");
    const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
    const { mails, total } = await listMails(deps.db, { limit: MAILS_PER_PAGE, offset: (page - 1) * MAILS_PER_PAGE });
    const pageCount = Math.max(1, Math.ceil(total / MAILS_PER_PAGE));
    if (page > pageCount) throw new NotFoundError();
    return renderPage(deps, request, reply, MailboxPage, { mails, page, pageCount, total, smtp });
  });

  app.get<{ Params: { id: string } }>("/dev/courriels/:id", async (request, reply) => {
    const mail = await mailOr404(deps, request.params.id);
    return renderPage(deps, request, reply, MailPage, { mail, smtp });
  });

  app.get<{ Params: { id: string } }>("/dev/courriels/:id/html", async (request, reply) => {
    const mail = await mailOr404(deps, request.params.id);
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-security-policy", MAIL_HTML_CSP)
      .header("cache-control", "no-store")
      .send(mail.htmlBody);
  });

  app.get<{ Params: { id: string; index: string } }>("/dev/courriels/:id/pieces-jointes/:index", async (request, reply) => {
    const mail = await mailOr404(deps, request.params.id);
    const index = /^\d{1,4}$/.test(request.params.index) ? Number(request.params.index) : -1;
    const attachment = mail.attachments[index];
    if (!attachment) throw new NotFoundError();
    return reply
      .header("content-type", /^[\w.+-]+\/[\w.+-]+$/.test(attachment.contentType) ? attachment.contentType : "application/octet-stream")
      .header("content-disposition", contentDisposition(attachment.filename))
      .header("content-security-policy", MAIL_HTML_CSP)
      .header("cache-control", "no-store")
      .send(Buffer.from(attachment.content, "base64"));
  });
}

/** A malformed id is an unknown page, not a database error. */
async function mailOr404(deps: Deps, id: string) {
  if (!uuidPattern.test(id)) throw new NotFoundError();
  const mail = await findMail(deps.db, id);
  if (!mail) throw new NotFoundError();
  return mail;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "piece-jointe";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
