import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { replaceStock } from "../../core/housing/queries.ts";
import { readStockFile } from "../../core/housing/stock-file.ts";
import type { TableImportReport } from "./import-ceilings.ts";

/**
 * Loads the housing stock per commune from a CSV file, replacing the whole stock in one
 * transaction; a single broken line loads nothing and the report lists every broken line.
 */
export async function importStock(deps: { db: Db; clock: Clock }, input: { content: Uint8Array; fileName: string | null; actorId: string; ip: string }): Promise<TableImportReport> {
  const file = readStockFile(input.content);
  if (!file.ok) return { ok: false, message: file.message, broken: file.broken };
  await deps.db.transaction().execute(async (trx) => {
    await replaceStock(trx, { demo: false, fileName: input.fileName, loadedBy: input.actorId, loadedAt: deps.clock.now() }, file.rows);
    await audit(trx, deps.clock, {
      event: "housing.stock_loaded",
      actorId: input.actorId,
      ip: input.ip,
      details: { communes: file.rows.length, ...(input.fileName ? { fileName: input.fileName } : {}) },
    });
  });
  return { ok: true, lineCount: file.lineCount, loaded: `Parc de logements chargé : ${file.rows.length.toLocaleString("fr-FR")} commune${file.rows.length > 1 ? "s" : ""}.` };
}
