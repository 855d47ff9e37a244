import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { LetterActionNotAllowedError } from "./errors.ts";
import { findLetterStatus } from "./queries.ts";
import { setLetterCancelled } from "../../platform/letters/queries.ts";

/**
 * Cancels a letter that has not left yet: its pending job then leaves it alone and it stays in
 * the outbox's "annulés" list. Throws NotFoundError for an unknown letter and
 * LetterActionNotAllowedError for one already posted or cancelled.
 */
export async function cancelLetter(deps: { db: Db; clock: Clock }, input: { letterId: string; adminId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if (!(await setLetterCancelled(trx, input.letterId, input.adminId, now))) {
      const letter = await findLetterStatus(trx, input.letterId);
      if (!letter) throw new NotFoundError();
      throw new LetterActionNotAllowedError(letter.status);
    }
    await audit(trx, deps.clock, { event: "letter.cancelled", actorId: input.adminId, ip: input.ip, details: { letterId: input.letterId } });
  });
}
