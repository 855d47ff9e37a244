import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { definitionChecksum } from "./checksum.ts";
import { FIELD_TYPE_NAMES, type FieldType, type ProcedureDefinition } from "./definition/schema.ts";
import { describeProblem, parseDefinitionFile } from "./definition/validate-definition.ts";
import { InvalidProcedureFiles } from "./errors.ts";
import { findLatestDefinition, findVersionByChecksum, insertOrLockProcedure, insertVersion, touchProcedure } from "./queries.ts";
import { findServiceBySlug } from "../organisations/queries/services.ts";

export interface ProcedureFile {
  /** How the file is named in messages: "procedures/logement-social.json". */
  name: string;
  content: Uint8Array | string;
}

export interface LoadedProcedure {
  slug: string;
  title: string;
  file: string;
  /** The version now holding this file's definition. */
  number: number;
  /** new: first version of a new procedure; version: new version of a known one; unchanged: already loaded. */
  outcome: "new" | "version" | "unchanged";
}

export interface LoadReport {
  procedures: LoadedProcedure[];
  /** Worth knowing but not blocking (a service that does not exist yet). */
  notes: string[];
}

/** Every field id with its type and path, group sub-fields as "groupe.sous-champ". */
function fieldTypes(definition: ProcedureDefinition): Map<string, { type: FieldType; path: string }> {
  const types = new Map<string, { type: FieldType; path: string }>();
  definition.étapes.forEach((step, i) =>
    step.champs.forEach((field, j) => {
      const path = `étapes[${i}].champs[${j}]`;
      types.set(field.id, { type: field.type, path });
      if (field.type === "groupe") field.sous_champs.forEach((sub, k) => types.set(`${field.id}.${sub.id}`, { type: sub.type, path: `${path}.sous_champs[${k}]` }));
    }),
  );
  return types;
}

/** File names follow slugs, so that a procedure's file is found by its address. */
function baseName(name: string): string {
  return name.split(/[\\/]/).at(-1) ?? name;
}

/**
 * Validates every definition file, then loads them in one transaction: a new procedure starts
 * as a draft with version 1; a changed definition becomes the next version (earlier versions are
 * never altered, requests in progress keep theirs); an unchanged file (same checksum) does
 * nothing. If any file is invalid — or reuses a field id with another type than in the previous
 * version — nothing is loaded and InvalidProcedureFiles lists every problem with its path.
 * Shared by `load-procedures DIR` and the admin page.
 */
export async function loadProcedures(
  deps: { db: Db; clock: Clock },
  files: readonly ProcedureFile[],
  actor: { actorId?: string | null; ip?: string | null; via: "cli" | "admin" },
): Promise<LoadReport> {
  const problems: string[] = [];
  const valid: { file: ProcedureFile; definition: ProcedureDefinition }[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const checked = parseDefinitionFile(file.content);
    if (!checked.ok) {
      problems.push(...checked.problems.map((problem) => describeProblem(file.name, problem)));
      continue;
    }
    const { slug } = checked.definition;
    if (baseName(file.name) !== `${slug}.json`) problems.push(describeProblem(file.name, { path: "slug", message: `le fichier d'une démarche porte le nom de son slug : renommez-le « ${slug}.json » ou corrigez le slug` }));
    const other = slugs.get(slug);
    if (other) problems.push(describeProblem(file.name, { path: "slug", message: `le slug « ${slug} » est déjà celui de ${other}` }));
    slugs.set(slug, file.name);
    valid.push({ file, definition: checked.definition });
  }
  if (problems.length > 0) throw new InvalidProcedureFiles(problems);

  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const report: LoadReport = { procedures: [], notes: [] };
    for (const { file, definition } of valid) {
      const checksum = definitionChecksum(definition);
      // Insert-or-find, then lock the row: two loads at once number their versions one after the other.
      const procedure = await insertOrLockProcedure(trx, definition.slug, at);
      const base = { slug: definition.slug, title: definition.titre, file: file.name };

      const same = await findVersionByChecksum(trx, procedure.id, checksum);
      if (same) {
        report.procedures.push({ ...base, number: same.number, outcome: "unchanged" });
        continue;
      }
      const latest = await findLatestDefinition(trx, procedure.id);
      if (latest) {
        const before = fieldTypes(latest.definition);
        for (const [id, { type, path }] of fieldTypes(definition)) {
          const previous = before.get(id)?.type;
          if (previous && previous !== type) {
            problems.push(
              describeProblem(file.name, {
                path: `${path}.type`,
                message: `le champ « ${id} » était de type ${FIELD_TYPE_NAMES[previous]} dans la version ${latest.number} et devient ${FIELD_TYPE_NAMES[type]} : un identifiant garde son type d'une version à l'autre (les réponses déjà données y sont rangées) ; donnez un nouvel identifiant à ce champ`,
              }),
            );
          }
        }
      }
      if (definition.déposant.type === "membre-structure" && definition.déposant.service !== undefined) {
        const service = await findServiceBySlug(trx, definition.déposant.service);
        if (!service) report.notes.push(`${file.name} : le service « ${definition.déposant.service} » n'existe pas encore ; créez-le avant de publier la démarche, sans quoi personne ne pourra la déposer.`);
      }
      const number = (latest?.number ?? 0) + 1;
      await insertVersion(trx, { procedureId: procedure.id, number, definition, checksum, sourceFile: file.name, loadedAt: at, loadedBy: actor.actorId ?? null });
      await touchProcedure(trx, procedure.id, at);
      report.procedures.push({ ...base, number, outcome: latest ? "version" : "new" });
      await audit(trx, deps.clock, {
        event: "procedure.version_loaded",
        actorId: actor.actorId ?? null,
        ip: actor.ip ?? null,
        details: { slug: definition.slug, number, checksum, file: file.name, via: actor.via },
      });
    }
    // Thrown inside the transaction: the versions inserted before the problem are rolled back.
    if (problems.length > 0) throw new InvalidProcedureFiles(problems);
    return report;
  });
}
