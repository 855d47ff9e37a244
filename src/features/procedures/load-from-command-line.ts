import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import { InvalidProcedureFiles } from "../../core/procedures/errors.ts";
import { describeLoadReport, loadProceduresFromDirectory } from "../../core/procedures/load-from-directory.ts";
import type { LoadReport } from "../../core/procedures/load-procedures.ts";

/**
 * `npm run guichet -- load-procedures DIR`: loads the directory's definitions and prints what
 * became of each. Invalid files become a FormError whose lines (the summary, then every problem
 * with its file and path) the command prints before exiting 1.
 */
export async function loadProceduresFromCommandLine(deps: { db: Db; clock: Clock }, directory: string, print: (line: string) => void): Promise<LoadReport> {
  try {
    const report = await loadProceduresFromDirectory(deps, directory, { via: "cli" });
    print(`Démarches du dossier ${directory} :`);
    for (const line of describeLoadReport(report)) print(`  ${line}`);
    return report;
  } catch (error) {
    if (!(error instanceof InvalidProcedureFiles)) throw error;
    const lines: Record<string, string> = { summary: error.message };
    error.problems.forEach((problem, index) => (lines[`problem${index}`] = `  - ${problem}`));
    throw new FormError(lines);
  }
}
