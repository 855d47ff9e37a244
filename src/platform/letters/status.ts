import type { LetterStatus } from "../db/schema.ts";

/**
 * The letter's state machine, in one place. `generate` (queued → generated) and the provider's
 * hand-over are the job's; the outbox's actions are below, with the states each one starts from.
 */
export const letterTransitions = {
  /** A platform admin posted the printed letter. */
  post: { from: ["generated"], to: "posted" },
  /** A platform admin stops a letter that must not leave (wrong address, sent twice…). */
  cancel: { from: ["queued", "generated"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly LetterStatus[]; to: LetterStatus }>;

export type LetterAction = keyof typeof letterTransitions;

export function canApply(action: LetterAction, status: LetterStatus): boolean {
  return (letterTransitions[action].from as readonly LetterStatus[]).includes(status);
}
