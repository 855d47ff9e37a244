import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { greeting } from "../../core/requests/mail-parts.ts";
import type { AgentProcedure } from "../../core/requests/queries/agents.ts";
import { findAgentProcedure, listProcedureAgents } from "../../core/requests/queries/agents.ts";
import {
  countExportRows,
  failStaleRequestExports,
  findPreviousExportTime,
  findRequestExportForJob,
  insertRequestExport,
  listExpiredRequestExports,
  markRequestExportExpired,
  markRequestExportFailed,
  markRequestExportReady,
  setRequestExportExpected,
  startRequestExport,
  type ExportFilter,
} from "../../core/requests/queries/export.ts";
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { renderMail } from "../../platform/mail/layout.tsx";
import { objectStorageFor } from "../../platform/storage/object-storage.ts";
import { writeExport } from "./export-writers.ts";
import { exportRows, procedureLayout, writeExportFileInWorker, writeExportRows, type ExportFileInput } from "./export-rows.ts";
import { parseRequestListQuery, storedListValues, type RequestListValues } from "./filters.ts";

/** Up to this many rows an export downloads at once; past it a job writes the file (EXPORT_DIRECT_MAX_ROWS). */
export function directExportMaxRows(): number {
  const raw = Number(process.env.EXPORT_DIRECT_MAX_ROWS);
  return Number.isInteger(raw) && raw >= 0 ? raw : 5_000;
}

/** How long a job's file is kept. */
export const EXPORT_KEPT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Where a job writes its file before handing it to the store, inside the data directory (never
 * served): on the disk store, the kept files sit in the same folder (`exports/<key>`).
 */
export function exportsDirectory(deps: { config: { dataDir: string } }): string {
  return path.join(deps.config.dataDir, "exports");
}

/**
 * A kept file's key in the object store (platform/storage: the disk, or S3 so that any process
 * serves a file another one wrote); the key is checked against its pattern before it reaches a store.
 */
export function exportObjectKey(storageKey: string): string {
  if (!/^[a-z2-7]{32}$/.test(storageKey)) throw new Error("invalid export storage key");
  return `exports/${storageKey}`;
}

export interface ExportChoice {
  format: RequestExportFormat;
  /** The list's parameters (statut, agent, echange, tri, recherche), as its address holds them. */
  list: Omit<RequestListValues, "statut"> & { statut: string };
  sinceLastExport: boolean;
}

export type PreparedExport = { kind: "direct"; exportId: string; filter: ExportFilter } | { kind: "job"; exportId: string };

/**
 * The export's selection, read by the list's own parser: null when a parameter is refused (a
 * malformed search, an agent who is not, or no longer, one of the procedure's).
 */
async function filterOf(db: Db, input: { procedureId: string; viewerId: string; list: ExportChoice["list"]; since: Date | null }) {
  const agents = await listProcedureAgents(db, input.procedureId);
  const { filter, values, errors } = parseRequestListQuery(input.list, { viewerId: input.viewerId, agentIds: agents.map((agent) => agent.id) });
  if (Object.keys(errors).length > 0) return null;
  return { filter: { ...filter, procedureId: input.procedureId, viewerId: input.viewerId, since: input.since } satisfies ExportFilter, values };
}

/**
 * Records an export of the agent's procedure with the list's filters and says how it goes: at
 * once (up to directExportMaxRows rows), or by the `request-export` job, queued in the same
 * transaction as its record and its audit event. "Depuis mon dernier export" keeps the requests
 * changed since the author's previous export of this procedure (all of them the first time).
 */
export async function prepareExport(deps: Pick<Deps, "db" | "clock" | "jobs">, input: { procedure: AgentProcedure; agentId: string; choice: ExportChoice }, context: { ip: string }): Promise<PreparedExport> {
  return deps.db.transaction().execute(async (trx) => {
    const since = input.choice.sinceLastExport ? await findPreviousExportTime(trx, input.agentId, input.procedure.id) : null;
    const selection = await filterOf(trx, { procedureId: input.procedure.id, viewerId: input.agentId, list: input.choice.list, since });
    // The form's parameters were checked by the route: a refused one here is a forged address.
    if (!selection) throw new NotFoundError();
    const { filter, values } = selection;
    const max = directExportMaxRows();
    const count = await countExportRows(trx, filter, max);
    const direct = count <= max;
    const { id } = await insertRequestExport(trx, {
      procedureId: input.procedure.id,
      authorId: input.agentId,
      format: input.choice.format,
      statusFilter: values.statut,
      search: values.recherche,
      agentFilter: values.agent,
      askFilter: values.echange,
      sortOrder: values.tri,
      since,
      status: direct ? "delivered" : "queued",
      rowsExpected: count,
      createdAt: deps.clock.now(),
    });
    await audit(trx, deps.clock, {
      event: "request.exported",
      actorId: input.agentId,
      ip: context.ip,
      details: { exportId: id, procedure: input.procedure.slug, format: input.choice.format, ...values, since: since?.toISOString() ?? null, rows: direct ? count : `> ${max}` },
    });
    if (direct) return { kind: "direct", exportId: id, filter };
    await deps.jobs.enqueue("request-export", { exportId: id }, trx);
    return { kind: "job", exportId: id };
  });
}

/** Writes a small export straight to the response. */
export async function writeDirectExport(deps: Pick<Deps, "db">, input: { procedure: AgentProcedure; filter: ExportFilter; format: RequestExportFormat; out: Writable }) {
  const layout = await procedureLayout(deps.db, input.procedure.id);
  await writeExport(input.format, layout.columns, exportRows(deps.db, input.filter, layout), input.out, input.procedure.title);
}

/** The file name offered: procedure slug, day and format ("logement-social-2026-12-05.xlsx"). */
export function exportFileName(slug: string, at: Date, format: RequestExportFormat): string {
  return `${slug}-${at.toISOString().slice(0, 10)}.${format}`;
}

/**
 * How many times the `request-export` job runs an export before giving up: its first run and the
 * queue's three retries (`retryLimit` of "request-export" in platform/jobs.ts).
 */
export const EXPORT_JOB_ATTEMPTS = 4;

/**
 * Past this age an export still queued or running has no job left: four attempts of at most 30
 * minutes each (the queue's expiry) with their retry delays take less than three hours.
 */
const EXPORT_STALE_MS = 6 * 60 * 60 * 1000;

/** An export that cannot succeed however often it is tried (its author detached, a filter no longer valid). */
class ExportRefused extends Error {}

/**
 * The `request-export` job: counts the export's requests, writes the file to <DATA_DIR>/exports
 * (under a random name, via a `.part` file renamed once complete), records its progress after
 * each page, then marks it ready for EXPORT_KEPT_DAYS and mails its author the link, in one
 * transaction. Safe to run twice: a finished export is skipped, an interrupted one starts again
 * from the beginning. An error is thrown back to the queue, which retries, except on the last
 * attempt (or when retrying cannot help): the export is then marked failed, so its author reads
 * « L'export a échoué » and may start it again, instead of an export « en préparation » for ever.
 */
export async function runExportJob(deps: Deps, exportId: string): Promise<void> {
  const found = await findRequestExportForJob(deps.db, exportId);
  if (!found) return;
  const attempt = await startRequestExport(deps.db, exportId);
  if (attempt === null) return;
  try {
    await writeExportFile(deps, found);
  } catch (error) {
    if (!(error instanceof ExportRefused) && attempt < EXPORT_JOB_ATTEMPTS) throw error;
    deps.log.error({ err: error, exportId, attempt }, "request export failed for good");
    await markRequestExportFailed(deps.db, exportId, deps.clock.now());
  }
}

async function writeExportFile(deps: Deps, found: NonNullable<Awaited<ReturnType<typeof findRequestExportForJob>>>) {
  const exportId = found.id;
  // An agent detached from the procedure since asking gets nothing.
  const procedure = await findAgentProcedure(deps.db, found.authorId, found.procedureSlug);
  if (!procedure) throw new ExportRefused("the author is no longer an agent of the procedure");
  const selection = await filterOf(deps.db, { procedureId: found.procedureId, viewerId: found.authorId, list: storedListValues(found), since: found.since });
  if (!selection) throw new ExportRefused("a filter of the export is no longer valid");
  const { filter } = selection;
  // The form counted up to its cap only: the progress page shows the rows written out of all of them.
  await setRequestExportExpected(deps.db, exportId, await countExportRows(deps.db, filter));
  const storageKey = encodeBase32LowerCaseNoPadding(randomBytes(20));
  const directory = exportsDirectory(deps);
  const partial = path.join(directory, `${storageKey}.part`);
  const store = objectStorageFor(deps.config);
  let written: number;
  let size: number;
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const file: ExportFileInput = { exportId, procedureId: found.procedureId, filter, format: found.format, title: procedure.title };
    const { databaseUrl } = deps;
    written = databaseUrl
      ? await writeExportFileInWorker({ ...file, databaseUrl, filePath: partial })
      : await writeExportRows(deps.db, file, createWriteStream(partial, { mode: 0o600 }));
    size = (await stat(partial)).size;
    await store.putFile(exportObjectKey(storageKey), partial, size);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + EXPORT_KEPT_DAYS * DAY_MS);
  const url = `${deps.config.publicUrl}/instruction/${procedure.slug}/exports/${exportId}`;
  const marked = await deps.db.transaction().execute(async (trx) => {
    if (!(await markRequestExportReady(trx, { exportId, storageKey, size, rowsWritten: written, now, expiresAt }))) return false;
    const mail = await renderMail(deps.config.brand, {
      subject: "Votre export de demandes est prêt",
      greeting: greeting({ civility: found.authorCivility, lastName: found.authorLastName }),
      blocks: [
        { paragraph: `L'export des demandes de la démarche « ${procedure.title} » est prêt. Il reste téléchargeable pendant ${EXPORT_KEPT_DAYS} jours, par vous seul, une fois connecté.` },
        { link: { label: "Télécharger l'export", url } },
      ],
    });
    await deps.mailer.queue(trx, found.authorEmail, mail);
    return true;
  });
  if (!marked) await store.delete(exportObjectKey(storageKey));
}

/** The `request-export-purge` job: deletes the files whose time is over (the records stay). */
export async function purgeExpiredExports(deps: Pick<Deps, "db" | "clock" | "config">): Promise<number> {
  // An export whose job can no longer run (its process died during the last attempt) is failed, never « en préparation » for ever.
  await failStaleRequestExports(deps.db, new Date(deps.clock.now().getTime() - EXPORT_STALE_MS), deps.clock.now());
  let purged = 0;
  for (;;) {
    const expired = await listExpiredRequestExports(deps.db, deps.clock.now());
    for (const row of expired) {
      // The row first: a file without a row is harmless, a row pointing to no file is not.
      await markRequestExportExpired(deps.db, row.id);
      if (row.storageKey) await objectStorageFor(deps.config).delete(exportObjectKey(row.storageKey));
      purged += 1;
    }
    if (expired.length < 500) return purged;
  }
}
