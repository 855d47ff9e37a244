import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidProcedureFiles } from "./errors.ts";
import { loadProcedures, type LoadReport, type ProcedureFile } from "./load-procedures.ts";

export { describeLoadReport, PORTAL_PROCEDURES_DIRECTORY } from "./directory.ts";


/** Largest definition file read: the biggest demo procedure is about 30 kB. */
const MAX_FILE_BYTES = 1024 * 1024;

const readErrors: Record<string, string> = {
  ENOENT: "dossier introuvable",
  ENOTDIR: "ce n'est pas un dossier",
  EACCES: "accès refusé",
  EPERM: "accès refusé",
};

/**
 * Reads every `*.json` file of a directory (not its sub-directories) and loads them with
 * `loadProcedures`: all or nothing. Used by `load-procedures DIR` and by the admin page's
 * "Charger les définitions" button (on the portal's own `procedures/` directory).
 */
export async function loadProceduresFromDirectory(
  deps: { db: Db; clock: Clock },
  directory: string,
  actor: { actorId?: string | null; ip?: string | null; via: "cli" | "admin" },
  /** How the directory is named in messages (the admin page hides the server's absolute path). */
  label = directory,
): Promise<LoadReport> {
  let names: string[];
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    names = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".json")).map((entry) => entry.name).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new InvalidProcedureFiles([`${label} : ce dossier ne peut pas être lu (${readErrors[code] ?? (code || "erreur de lecture")}).`]);
  }
  if (names.length === 0) throw new InvalidProcedureFiles([`${label} : ce dossier ne contient aucun fichier .json de définition de démarche.`]);
  const files: ProcedureFile[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(label, name);
    try {
      const content = await readFile(path.join(directory, name));
      if (content.length > MAX_FILE_BYTES) problems.push(`${file} : ce fichier dépasse 1 Mo ; une définition de démarche est bien plus petite.`);
      else files.push({ name: file, content });
    } catch (error) {
      problems.push(`${file} : ce fichier ne peut pas être lu (${(error as NodeJS.ErrnoException).code ?? "erreur de lecture"}).`);
    }
  }
  if (problems.length > 0) throw new InvalidProcedureFiles(problems);
  return loadProcedures(deps, files, actor);
}
