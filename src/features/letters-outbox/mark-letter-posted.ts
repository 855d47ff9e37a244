import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { LetterActionNotAllowedError } from "./errors.ts";
import { findLetterStatus, setLetterPosted } from "./queries.ts";

/**
 * Records that a platform admin posted a letter of the outbox (who and when, in the audit trail
 * too). Throws NotFoundError for an unknown letter and LetterActionNotAllowedError when the letter
 * is not waiting to be posted.
 */
export async function markLetterPosted(deps: { db: Db; clock: Clock }, input: { letterId: string; adminId: string; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    if (!(await setLetterPosted(trx, input.letterId, input.adminId, now))) {
      const letter = await findLetterStatus(trx, input.letterId);
      if (!letter) throw new NotFoundError();
      throw new LetterActionNotAllowedError(letter.status);
    }
    await audit(trx, deps.clock, { event: "letter.posted", actorId: input.adminId, ip: input.ip, details: { letterId: input.letterId } });
  });
}
