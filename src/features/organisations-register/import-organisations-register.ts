import { randomUUID } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { readRegisterFile } from "./csv.ts";
import { UnusableRegisterFile } from "./errors.ts";
import { findExistingClientNumbers, upsertRegisterEntries } from "../../core/organisations/queries/register.ts";
import { checkRegisterLine } from "./register-line.ts";
import type { RegisterEntry } from "../../core/organisations/queries/register.ts";

export interface RejectedLine {
  /** Line of the file where the record starts (1 is the header). */
  line: number;
  clientNumber: string;
  reasons: string[];
}

export interface RegisterImportReport {
  batchId: string;
  /** Lines read, header and empty lines excluded. */
  lineCount: number;
  created: number;
  updated: number;
  /** Already in the register with the same values. */
  unchanged: number;
  rejected: RejectedLine[];
  /** Header columns the import does not use, shown so that a misspelt column is noticed. */
  ignoredColumns: string[];
}

/**
 * Imports the operator's organisations register from a CSV file's bytes: every valid line is
 * added, or updates the row with the same client number (leading zeros ignored); organisations
 * absent from the file stay in the register. Invalid lines are reported with every reason, and
 * a client number already seen earlier in the file rejects the later line. Throws
 * UnusableRegisterFile when the file itself cannot be read (nothing is imported then).
 */
export async function importOrganisationsRegister(
  deps: { db: Db; clock: Clock },
  input: { content: Uint8Array; fileName?: string; actorId?: string | null; ip?: string | null; via: "cli" | "admin" },
): Promise<RegisterImportReport> {
  const file = readRegisterFile(input.content);
  if (!file.ok) throw new UnusableRegisterFile(file.message);

  const rejected: RejectedLine[] = [];
  const accepted: RegisterEntry[] = [];
  const firstLineOf = new Map<string, number>();
  for (const line of file.lines) {
    const checked = checkRegisterLine(line, file.columnCount);
    const reasons = checked.ok ? [] : [...checked.reasons];
    const clientNumber = checked.ok ? checked.entry.clientNumber : line.values.clientNumber.replace(/\s/g, "").replace(/^0+(?=\d)/, "");
    if (clientNumber !== "") {
      const first = firstLineOf.get(clientNumber);
      if (first !== undefined) reasons.push(`numero_client : le numéro client ${clientNumber} figure déjà à la ligne ${first} ; seule la première est importée.`);
      else firstLineOf.set(clientNumber, line.line);
    }
    if (checked.ok && reasons.length === 0) accepted.push(checked.entry);
    else rejected.push({ line: line.line, clientNumber: line.values.clientNumber, reasons });
  }

  const batch = { id: randomUUID(), at: deps.clock.now() };
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findExistingClientNumbers(trx, accepted.map((entry) => entry.clientNumber));
    const written = await upsertRegisterEntries(trx, accepted, batch);
    const created = accepted.filter((entry) => !existing.has(entry.clientNumber)).length;
    const updated = [...written].filter((clientNumber) => existing.has(clientNumber)).length;
    const report: RegisterImportReport = {
      batchId: batch.id,
      lineCount: file.lines.length,
      created,
      updated,
      unchanged: accepted.length - created - updated,
      rejected,
      ignoredColumns: file.ignoredColumns,
    };
    await audit(trx, deps.clock, {
      event: "organisations.register_imported",
      actorId: input.actorId ?? null,
      ip: input.ip ?? null,
      details: {
        batchId: batch.id,
        via: input.via,
        ...(input.fileName ? { fileName: input.fileName } : {}),
        lines: report.lineCount,
        created,
        updated,
        unchanged: report.unchanged,
        rejected: rejected.length,
      },
    });
    return report;
  });
}
