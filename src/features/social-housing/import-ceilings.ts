import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { readCeilingsFile, type BrokenLine } from "../../core/housing/ceilings-file.ts";
import { replaceCeilingTable } from "../../core/housing/queries.ts";

export type TableImportReport = { ok: true; lineCount: number; loaded: string } | { ok: false; message: string; broken: BrokenLine[] };

/**
 * Loads the yearly income ceilings from a CSV file: every year the file holds replaces that
 * year's table, in one transaction; a single broken line loads nothing and the report lists
 * every broken line with its reasons.
 */
export async function importCeilings(deps: { db: Db; clock: Clock }, input: { content: Uint8Array; fileName: string | null; actorId: string; ip: string }): Promise<TableImportReport> {
  const file = readCeilingsFile(input.content);
  if (!file.ok) return { ok: false, message: file.message, broken: file.broken };
  const years = [...file.years.keys()].sort();
  await deps.db.transaction().execute(async (trx) => {
    const info = { demo: false, fileName: input.fileName, loadedBy: input.actorId, loadedAt: deps.clock.now() };
    for (const year of years) await replaceCeilingTable(trx, year, info, file.years.get(year)!);
    await audit(trx, deps.clock, {
      event: "housing.ceilings_loaded",
      actorId: input.actorId,
      ip: input.ip,
      details: { years, lines: file.lineCount, ...(input.fileName ? { fileName: input.fileName } : {}) },
    });
  });
  return { ok: true, lineCount: file.lineCount, loaded: `Plafonds de ressources chargés pour ${years.length > 1 ? `les années ${years.join(", ")}` : `l'année ${years[0]}`}.` };
}
