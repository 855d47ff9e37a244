import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { ProcedureStateError, UnknownProcedure } from "./errors.ts";
import { findLatestVersion, lockProcedure, setPublished } from "./queries.ts";

/**
 * Publishes a procedure's latest version: new requests are filed under it from now on, while
 * requests already started keep the version they point to (versions are never altered). Also
 * reopens a closed procedure. Refused when the latest version is already the published one.
 */
export async function publishProcedure(
  deps: { db: Db; clock: Clock },
  input: { slug: string; /** The latest version the admin saw: refused if another was loaded since. */ expectedNumber?: number },
  actor: { actorId: string | null; ip?: string | null },
): Promise<{ number: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const procedure = await lockProcedure(trx, input.slug);
    if (!procedure) throw new UnknownProcedure(input.slug);
    const latest = await findLatestVersion(trx, procedure.id);
    if (input.expectedNumber !== undefined && input.expectedNumber !== latest.number) {
      throw new ProcedureStateError(`Une version ${latest.number} a été chargée depuis l'affichage de la page : vérifiez-la avant de la publier.`);
    }
    if (procedure.status === "published" && procedure.currentVersionId === latest.id) {
      throw new ProcedureStateError(`La version ${latest.number} de cette démarche est déjà publiée.`);
    }
    const at = deps.clock.now();
    await setPublished(trx, procedure.id, latest.id, at);
    await audit(trx, deps.clock, {
      event: "procedure.published",
      actorId: actor.actorId,
      ip: actor.ip ?? null,
      details: { slug: input.slug, number: latest.number, previousStatus: procedure.status },
    });
    return { number: latest.number };
  });
}
