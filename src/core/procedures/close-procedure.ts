import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { ProcedureStateError, UnknownProcedure } from "./errors.ts";
import { lockProcedure, setStatus } from "./queries.ts";

/**
 * Closes a published procedure: nobody can start a new request any more; requests already
 * filed stay and are processed to the end. Publishing it again reopens it.
 */
export async function closeProcedure(deps: { db: Db; clock: Clock }, input: { slug: string }, actor: { actorId: string | null; ip?: string | null }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const procedure = await lockProcedure(trx, input.slug);
    if (!procedure) throw new UnknownProcedure(input.slug);
    if (procedure.status === "closed") throw new ProcedureStateError("Cette démarche est déjà close.");
    if (procedure.status === "draft") throw new ProcedureStateError("Cette démarche n'a jamais été publiée : il n'y a rien à clore.");
    await setStatus(trx, procedure.id, "closed", deps.clock.now());
    await audit(trx, deps.clock, { event: "procedure.closed", actorId: actor.actorId, ip: actor.ip ?? null, details: { slug: input.slug } });
  });
}
