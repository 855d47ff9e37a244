import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stringify } from "csv-stringify/sync";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { renderPage } from "../../ui/render.ts";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { listProcedureChoices } from "../../core/requests/queries/agents.ts";
import { loadStatistics, parisDay, PERIOD_UNITS, TABLE_IDS, type PeriodParam, type StatisticsTable } from "./statistics.ts";
import { StatisticsPage } from "./views.tsx";

export const ADMIN_STATISTICS_PATH = "/administration/statistiques";
export const agentStatisticsPath = (slug: string) => `/instruction/${encodeURIComponent(slug)}/statistiques`;

type Query = { Querystring: { demarche?: unknown; periode?: unknown } };
type ProcedureChoice = { id: string; slug: string; title: string };

/** The filters of the address, checked: a French message per refused one, never a crash. */
function readFilters(query: { demarche?: unknown; periode?: unknown }, procedures: ProcedureChoice[] | null) {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const values = { demarche: text(query.demarche), periode: text(query.periode) || "mois" };
  const errors: FieldErrors = {};
  if (!Object.hasOwn(PERIOD_UNITS, values.periode)) errors.periode = "Choisissez une période : par mois ou par semaine.";
  let procedure: ProcedureChoice | null = null;
  if (procedures && values.demarche !== "") {
    procedure = procedures.find((item) => item.slug === values.demarche) ?? null;
    if (!procedure) errors.demarche = "Choisissez une démarche de la liste, ou toutes les démarches.";
  }
  const unit = PERIOD_UNITS[values.periode as PeriodParam] ?? "month";
  return { values, errors, procedure, unit };
}

/** A cell of a CSV file: text that a spreadsheet would run as a formula is prefixed with a quote. */
function csvCell(cell: string | number): string | number {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function statisticsCsv(table: StatisticsTable): string {
  return stringify([table.columns, ...table.rows.map((row) => row.map(csvCell))], { bom: true, record_delimiter: "\r\n" });
}

/**
 * Statistics (issue 15): the platform's and each procedure's for platform admins
 * (/administration/statistiques?demarche=slug), a procedure's for its agents
 * (/instruction/<slug>/statistiques); each table also as CSV (…/csv/<table>).
 */
export function statisticsRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { preHandler: requirePlatformAdmin };
  const agentOnly = { preHandler: requireAgent };
  const today = () => parisDay(deps.clock.now());

  async function tablesFor(procedure: ProcedureChoice | null, procedures: ProcedureChoice[], unit: "month" | "week", day: string) {
    return loadStatistics(deps.db, { procedure, procedureTitles: new Map(procedures.map((item) => [item.id, item.title])), unit, today: day });
  }

  async function sendCsv(reply: FastifyReply, tables: StatisticsTable[], tableId: string, name: string, day: string) {
    const table = tables.find((item) => item.id === tableId);
    if (!table) throw new NotFoundError();
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="statistiques-${table.id}-${name}-${day}.csv"`)
      .header("cache-control", "no-store")
      .send(statisticsCsv(table));
  }

  const refusedCsv = (reply: FastifyReply, errors: FieldErrors) =>
    reply.status(400).header("content-type", "text/plain; charset=utf-8").send(`Filtres refusés : ${Object.values(errors).join(" ")}`);

  app.get<Query>(ADMIN_STATISTICS_PATH, adminOnly, async (request, reply) => {
    const procedures = await listProcedureChoices(deps.db);
    const { values, errors, procedure, unit } = readFilters(request.query, procedures);
    const day = today();
    const failed = Object.keys(errors).length > 0;
    return renderPage(
      deps,
      request,
      reply,
      StatisticsPage,
      {
        basePath: ADMIN_STATISTICS_PATH,
        procedure,
        procedures,
        values,
        errors,
        tables: failed ? null : await tablesFor(procedure, procedures, unit, day),
        today: day,
        back: [
          { label: "Accueil", href: "/" },
          { label: "Administration du portail", href: "/administration" },
        ],
      },
      failed ? 400 : 200,
    );
  });

  app.get<Query & { Params: { table: string } }>(`${ADMIN_STATISTICS_PATH}/csv/:table`, adminOnly, async (request, reply) => {
    if (!(TABLE_IDS as readonly string[]).includes(request.params.table)) throw new NotFoundError();
    const procedures = await listProcedureChoices(deps.db);
    const { errors, procedure, unit } = readFilters(request.query, procedures);
    if (Object.keys(errors).length > 0) return refusedCsv(reply, errors);
    const day = today();
    return sendCsv(reply, await tablesFor(procedure, procedures, unit, day), request.params.table, procedure?.slug ?? "portail", day);
  });

  async function agentScope(request: FastifyRequest<Query & { Params: { procedureSlug: string } }>) {
    const procedure = await agentProcedureOr404(deps.db, sessionOf(request).accountId, request.params.procedureSlug);
    const own = { id: procedure.id, slug: procedure.slug, title: procedure.title };
    return { own, ...readFilters(request.query, null) };
  }

  app.get<Query & { Params: { procedureSlug: string } }>("/instruction/:procedureSlug/statistiques", agentOnly, async (request, reply) => {
    const { own, values, errors, unit } = await agentScope(request);
    const day = today();
    const failed = Object.keys(errors).length > 0;
    return renderPage(
      deps,
      request,
      reply,
      StatisticsPage,
      {
        basePath: agentStatisticsPath(own.slug),
        procedure: own,
        values: { ...values, demarche: "" },
        errors,
        tables: failed ? null : await tablesFor(own, [own], unit, day),
        today: day,
        back: [
          { label: "Instruction", href: "/instruction" },
          { label: own.title, href: `/instruction/${encodeURIComponent(own.slug)}` },
        ],
      },
      failed ? 400 : 200,
    );
  });

  app.get<Query & { Params: { procedureSlug: string; table: string } }>("/instruction/:procedureSlug/statistiques/csv/:table", agentOnly, async (request, reply) => {
    const { own, errors, unit } = await agentScope(request);
    if (!(TABLE_IDS as readonly string[]).includes(request.params.table)) throw new NotFoundError();
    if (Object.keys(errors).length > 0) return refusedCsv(reply, errors);
    const day = today();
    return sendCsv(reply, await tablesFor(own, [own], unit, day), request.params.table, own.slug, day);
  });
}
