import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../platform/db/database.ts";
import { requirePlatformAdmin } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { renderPage } from "../../ui/render.ts";
import { readAuditFilters, type AuditQuery } from "./filters.ts";
import { AUDIT_LABELS, auditLabel } from "./labels.ts";
import { listAuditEventCodes, listAuditEvents, type AuditFilter } from "./queries.ts";
import { AUDIT_TRAIL_PATH, AuditTrailPage, formatAuditDate } from "./views.tsx";

export const AUDIT_PAGE_SIZE = 50;
/** Lines read per query while a CSV is written: memory stays flat whatever the trail's length. */
const EXPORT_BATCH = 2_000;

/** The actions the filter offers: the labelled ones and any other code found in the trail, by label. */
async function actionChoices(db: Db) {
  const codes = new Set([...Object.keys(AUDIT_LABELS), ...(await listAuditEventCodes(db))]);
  const actions = [...codes].map((code) => ({ value: code, label: auditLabel(code) ?? `Autre action (${code})` })).sort((a, b) => a.label.localeCompare(b.label, "fr"));
  return { codes, actions };
}

/** Every line of the filter, newest first, in batches (keyset on the id). */
async function* allLines(db: Db, filter: AuditFilter) {
  let beforeId = filter.beforeId;
  for (;;) {
    const batch = await listAuditEvents(db, { ...filter, beforeId }, EXPORT_BATCH);
    for (const line of batch) yield line;
    if (batch.length < EXPORT_BATCH) return;
    beforeId = Number(batch.at(-1)!.id);
  }
}

/** A CSV cell a spreadsheet would run as a formula gets a leading quote. */
const cell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** "Journal des actions" (/administration/journal): the audit trail for platform admins, and its CSV. */
export function auditTrailRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { preHandler: requirePlatformAdmin };

  app.get<{ Querystring: AuditQuery }>(AUDIT_TRAIL_PATH, adminOnly, async (request, reply) => {
    const { codes, actions } = await actionChoices(deps.db);
    const { values, errors, filter } = await readAuditFilters(deps.db, request.query, codes);
    if (Object.keys(errors).length > 0) {
      return renderPage(deps, request, reply, AuditTrailPage, { values, errors, actions, lines: null, nextBefore: null, paged: false }, 400);
    }
    const rows = await listAuditEvents(deps.db, filter, AUDIT_PAGE_SIZE + 1);
    const lines = rows.slice(0, AUDIT_PAGE_SIZE);
    const nextBefore = rows.length > AUDIT_PAGE_SIZE ? (lines.at(-1)?.id ?? null) : null;
    return renderPage(deps, request, reply, AuditTrailPage, { values, errors, actions, lines, nextBefore, paged: filter.beforeId !== undefined });
  });

  app.get<{ Querystring: AuditQuery }>(`${AUDIT_TRAIL_PATH}/export.csv`, adminOnly, async (request, reply) => {
    const { codes } = await actionChoices(deps.db);
    const { errors, filter } = await readAuditFilters(deps.db, { ...request.query, avant: undefined }, codes);
    if (Object.keys(errors).length > 0) {
      return reply.status(400).header("content-type", "text/plain; charset=utf-8").send(`Filtres refusés : ${Object.values(errors).join(" ")}`);
    }
    const csv = stringify({ bom: true, record_delimiter: "\r\n", header: true, columns: ["Date (heure de Paris)", "Action", "Code", "Personne concernée", "Auteur", "Adresse IP", "Détails"] });
    const rows = Readable.from(
      (async function* () {
        for await (const line of allLines(deps.db, filter)) {
          yield [
            formatAuditDate(line.occurredAt),
            cell(auditLabel(line.event) ?? line.event),
            line.event,
            cell(line.accountIdentifier ?? (line.accountId ? "compte supprimé" : "")),
            cell(line.actorIdentifier ?? (line.actorId ? "compte supprimé" : "")),
            line.ip ?? "",
            line.details === "{}" ? "" : cell(line.details),
          ];
        }
      })(),
    );
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(deps.clock.now());
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="journal-des-actions-${day}.csv"`)
      .header("cache-control", "no-store")
      .send(rows.pipe(csv));
  });
}
