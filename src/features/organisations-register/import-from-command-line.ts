import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { UnusableRegisterFile } from "./errors.ts";
import { importOrganisationsRegister, type RegisterImportReport } from "./import-organisations-register.ts";

const readErrors: Record<string, string> = {
  ENOENT: "fichier introuvable",
  EACCES: "accès refusé",
  EPERM: "accès refusé",
  EISDIR: "c'est un dossier",
};

/**
 * `npm run guichet -- import-organisations FICHIER.csv`: reads the file, imports it and prints the
 * counts then each rejected line with its reasons. Throws UnusableRegisterFile when the file
 * cannot be read or used (the command then exits 1); rejected lines alone are not a failure.
 */
export async function importRegisterFromCommandLine(deps: { db: Db; clock: Clock }, file: string, print: (line: string) => void) {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new UnusableRegisterFile(`Le fichier ${file} ne peut pas être lu : ${readErrors[code] ?? (code || "erreur de lecture")}.`);
  }
  const report = await importOrganisationsRegister(deps, { content, fileName: path.basename(file), via: "cli" });
  for (const line of describeReport(report)) print(line);
  return report;
}

function plural(count: number, one: string, many: string) {
  return `${count} ${count > 1 ? many : one}`;
}

/** The report as the operator reads it in a terminal. */
export function describeReport(report: RegisterImportReport): string[] {
  const lines = [
    `Registre des structures importé : ${plural(report.lineCount, "ligne lue", "lignes lues")}.`,
    `  ${plural(report.created, "structure ajoutée", "structures ajoutées")}`,
    `  ${plural(report.updated, "structure mise à jour", "structures mises à jour")}`,
    `  ${plural(report.unchanged, "structure déjà à jour", "structures déjà à jour")}`,
    `  ${plural(report.rejected.length, "ligne rejetée", "lignes rejetées")}`,
  ];
  if (report.ignoredColumns.length > 0) lines.push(`Colonnes ignorées : ${report.ignoredColumns.join(", ")}.`);
  if (report.rejected.length > 0) {
    lines.push("", "Lignes rejetées (corrigez-les puis importez de nouveau le fichier) :");
    for (const rejected of report.rejected) {
      lines.push(`  ligne ${rejected.line}${rejected.clientNumber ? ` (numéro client ${rejected.clientNumber})` : ""} :`);
      for (const reason of rejected.reasons) lines.push(`    - ${reason}`);
    }
  }
  return lines;
}
