import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { DESK_COLUMNS, readDesksFile } from "./csv.ts";
import { checkDeskFields, type DeskFields, type DeskInput } from "./desk-input.ts";
import { UnusableDesksFile } from "./errors.ts";
import { deleteAllDesks, insertDesks } from "./queries.ts";

export interface RejectedDeskLine {
  /** Line of the file where the record starts (1 is the header). */
  line: number;
  name: string;
  /** "code_postal : Ce code postal n'existe pas : vérifiez-le." — the column, then the problem. */
  reasons: string[];
}

export type DesksImportReport =
  | { loaded: true; lineCount: number; replaced: number; ignoredColumns: string[] }
  | { loaded: false; lineCount: number; rejected: RejectedDeskLine[]; ignoredColumns: string[] };

/** The same desk twice in a file is a mistake: same name at the same postal code. */
const identity = (desk: DeskInput) => `${desk.name.toLowerCase()}|${desk.postalCode}`;

/**
 * Loads the reception desks from a CSV file's bytes. The file is the whole list: when every
 * line is valid, it replaces the desks in one transaction; when any line is not, nothing is
 * loaded and each broken line is reported with its line number and every reason, so the admin
 * fixes the file and loads it again. Throws UnusableDesksFile when the file cannot be read.
 */
export async function importReceptionDesks(
  deps: { db: Db; clock: Clock },
  input: { content: Uint8Array; fileName?: string; actorId: string | null; ip: string | null; demo?: boolean },
): Promise<DesksImportReport> {
  const file = readDesksFile(input.content);
  if (!file.ok) throw new UnusableDesksFile(file.message);
  if (file.lines.length === 0) throw new UnusableDesksFile("Le fichier ne contient aucun guichet : seulement la ligne des noms de colonnes.");

  const accepted: DeskInput[] = [];
  const rejected: RejectedDeskLine[] = [];
  const firstLineOf = new Map<string, number>();
  for (const line of file.lines) {
    const checked = checkDeskFields(line.fields);
    const reasons = checked.ok
      ? []
      : Object.entries(checked.errors).map(([key, message]) => `${DESK_COLUMNS[key as keyof DeskFields].header} : ${message}`);
    if (line.extraCells > 0) reasons.push("la ligne a plus de cellules que la ligne des noms de colonnes : un séparateur de trop, ou une cellule à mettre entre guillemets ?");
    if (checked.ok) {
      const first = firstLineOf.get(identity(checked.desk));
      if (first !== undefined) reasons.push(`ce guichet (même nom, même code postal) figure déjà à la ligne ${first}.`);
      else firstLineOf.set(identity(checked.desk), line.line);
    }
    if (checked.ok && reasons.length === 0) accepted.push(checked.desk);
    else rejected.push({ line: line.line, name: line.fields.name.trim(), reasons });
  }
  if (rejected.length > 0) return { loaded: false, lineCount: file.lines.length, rejected, ignoredColumns: file.ignoredColumns };

  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const replaced = await deleteAllDesks(trx);
    await insertDesks(trx, accepted, now, { demo: input.demo ?? false });
    await audit(trx, deps.clock, {
      event: "reception_desk.imported",
      actorId: input.actorId,
      ip: input.ip,
      details: { desks: accepted.length, replaced, ...(input.fileName ? { fileName: input.fileName } : {}) },
    });
    return { loaded: true, lineCount: file.lines.length, replaced, ignoredColumns: file.ignoredColumns };
  });
}
