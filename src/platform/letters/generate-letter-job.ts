import type { Clock } from "../clock.ts";
import type { Brand } from "../config.ts";
import type { Db } from "../db/database.ts";
import { storedAddress } from "./letters.ts";
import type { LetterProvider } from "./providers.ts";
import { findLetterForGeneration, recordLetterFailure, saveGeneratedLetter, saveHandedOverLetter } from "./queries.ts";
import { renderLetter } from "./render-letter.ts";

/**
 * The job behind `letters.queue`: renders the stored letter to PDF, keeps the PDF, then hands the
 * letter to the provider. Each step is recorded before the next, so a retry resumes where the
 * last attempt stopped and a cancelled or already handled letter is left alone.
 */
export function generateLetterJob(deps: { db: Db; clock: Clock; brand: Pick<Brand, "name" | "organisation">; provider: LetterProvider }) {
  return async (data: Record<string, unknown>) => {
    const letterId = String(data.letterId);
    let letter = await findLetterForGeneration(deps.db, letterId);
    if (!letter) return;
    try {
      if (letter.status === "queued") {
        const pdf = await renderLetter(
          {
            id: letter.id,
            to: storedAddress(letter),
            subject: letter.subject,
            body: letter.body,
            reference: letter.reference,
            date: letter.createdAt,
          },
          deps.brand,
        );
        if (!(await saveGeneratedLetter(deps.db, letterId, pdf, deps.clock.now()))) return;
        letter = { ...letter, status: "generated", pdf };
      }
      if (letter.status !== "generated" || letter.provider !== null || !letter.pdf) return;
      const handover = await deps.provider.send({
        id: letter.id,
        to: storedAddress(letter),
        subject: letter.subject,
        reference: letter.reference,
        pdf: letter.pdf,
      });
      await saveHandedOverLetter(deps.db, letterId, {
        provider: deps.provider.name,
        providerReference: handover.providerReference,
        postedAt: handover.posted ? deps.clock.now() : null,
      });
    } catch (error) {
      await recordLetterFailure(deps.db, letterId, letter.attempts + 1, error);
      throw error;
    }
  };
}
