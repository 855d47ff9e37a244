import type { LetterStatus } from "../../platform/db/schema.ts";
import { PageError } from "../../platform/http/errors.ts";

const why: Record<LetterStatus, string> = {
  queued: "Ce courrier est encore en préparation : il pourra être marqué comme posté une fois son PDF produit.",
  generated: "Ce courrier attend d'être posté.",
  posted: "Ce courrier a déjà été posté.",
  cancelled: "Ce courrier a été annulé.",
};

/** The letter moved on in the meantime (another admin, a second click): the action no longer applies. */
export class LetterActionNotAllowedError extends PageError {
  constructor(readonly status: LetterStatus) {
    super(409, "Action impossible sur ce courrier", `${why[status]} Revenez à la liste des courriers pour voir son état.`);
  }
}
