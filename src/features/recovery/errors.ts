/** Why a password reset link cannot be used; the page explains each case and offers a new link. */
export type ResetLinkProblem = "expired" | "used" | "unknown";

/** The reset link was forged, replaced, already used or past its hour. */
export class ResetLinkUnusable extends Error {
  constructor(readonly problem: ResetLinkProblem) {
    super(`Password reset link ${problem}`);
    this.name = "ResetLinkUnusable";
  }
}
