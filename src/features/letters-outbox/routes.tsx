import type { FastifyInstance } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, parseForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { letterNumber } from "../../platform/letters/render-letter.ts";
import { cancelLetter } from "./cancel-letter.ts";
import { letterFilters, outboxUrl, parseFilter, parsePage } from "./filters.ts";
import { markLetterPosted } from "./mark-letter-posted.ts";
import { findLetterPdf, listLetters } from "./queries.ts";
import { OutboxPage } from "./views.tsx";

export const LETTERS_PER_PAGE = 50;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const adminOnly = { preHandler: requirePlatformAdmin };

/** A malformed id is an unknown page, not a database error. */
function letterId(raw: string): string {
  if (!uuidPattern.test(raw)) throw new NotFoundError();
  return raw;
}

/** "Courriers à envoyer": the outbox of postal letters, for platform admins. */
export function lettersOutboxRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { etat?: string; page?: string } }>("/administration/courriers", adminOnly, async (request, reply) => {
    const filter = parseFilter(request.query.etat);
    const page = parsePage(request.query.page);
    const { letters, total } = await listLetters(deps.db, {
      statuses: letterFilters[filter].statuses,
      limit: LETTERS_PER_PAGE,
      offset: (page - 1) * LETTERS_PER_PAGE,
    });
    const pageCount = Math.max(1, Math.ceil(total / LETTERS_PER_PAGE));
    if (page > pageCount) throw new NotFoundError();
    return renderPage(deps, request, reply, OutboxPage, { letters, total, filter, page, pageCount });
  });

  app.get<{ Params: { id: string } }>("/administration/courriers/:id.pdf", adminOnly, async (request, reply) => {
    const letter = await findLetterPdf(deps.db, letterId(request.params.id));
    if (!letter?.pdf) throw new NotFoundError();
    const day = letter.createdAt.toISOString().slice(0, 10);
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `attachment; filename="courrier-${day}-${letterNumber(letter.id)}.pdf"`)
      .header("cache-control", "no-store")
      .send(Buffer.from(letter.pdf));
  });

  app.post<{ Params: { id: string } }>("/administration/courriers/:id/poste", adminOnly, async (request, reply) => {
    const back = returnAddress(request.body);
    await markLetterPosted(deps, { letterId: letterId(request.params.id), adminId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, back, "letter-posted");
  });

  app.post<{ Params: { id: string } }>("/administration/courriers/:id/annuler", adminOnly, async (request, reply) => {
    const back = returnAddress(request.body);
    await cancelLetter(deps, { letterId: letterId(request.params.id), adminId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, back, "letter-cancelled");
  });
}

// Hidden fields of the list's buttons: an unknown filter or page falls back to the first (filters.ts), never a 422.
const returnForm = defineForm({ etat: field.text(), page: field.text() });

/** Back to the list the admin was on: rebuilt from the known filter and page, never a given address. */
function returnAddress(body: unknown): string {
  const { sent } = parseForm(returnForm, body);
  return outboxUrl(parseFilter(sent.etat), parsePage(sent.page));
}
