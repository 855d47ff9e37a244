import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { peekAccountToken } from "../../core/accounts/tokens.ts";
import type { ResetLinkProblem } from "./errors.ts";

/** Tells whether a reset link can still be used, without using it (the form is shown first). */
export async function checkResetLink(deps: { db: Db; clock: Clock }, token: string): Promise<ResetLinkProblem | null> {
  const check = await peekAccountToken(deps, token, "password_reset");
  return check.status === "valid" ? null : check.status;
}
