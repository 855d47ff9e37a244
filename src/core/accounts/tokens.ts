import { DAY, HOUR, type Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { AccountToken, TokenPurpose } from "../../platform/db/schema.ts";
import { generateToken, hashToken } from "../../platform/security/tokens.ts";
import * as queries from "./queries/accounts.ts";

/** Lifetimes required by DESIGN.md. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  activation: 72 * HOUR,
  password_reset: HOUR,
  email_change: DAY,
};

/** Creates a single-use link token (only its hash is stored) and cancels the earlier unused ones. */
export async function issueAccountToken(
  deps: { db: Db; clock: Clock },
  input: { accountId: string; purpose: TokenPurpose; newEmail?: string },
): Promise<string> {
  const token = generateToken();
  const now = deps.clock.now();
  await queries.deleteUnusedTokens(deps.db, input.accountId, input.purpose);
  await queries.insertToken(deps.db, {
    tokenHash: hashToken(token),
    accountId: input.accountId,
    purpose: input.purpose,
    newEmail: input.newEmail ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[input.purpose]),
  });
  return token;
}

export type TokenCheck =
  | { status: "valid"; token: AccountToken }
  | { status: "expired"; accountId: string }
  | { status: "used"; accountId: string }
  | { status: "unknown" };

/** Consumes a token: valid once, then "used"; past its lifetime "expired"; forged or cancelled "unknown". */
export async function consumeAccountToken(deps: { db: Db; clock: Clock }, token: string, purpose: TokenPurpose): Promise<TokenCheck> {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return { status: "unknown" };
  const tokenHash = hashToken(token);
  const used = await queries.useToken(deps.db, tokenHash, purpose, deps.clock.now());
  if (used) return { status: "valid", token: used };
  return explain(await queries.findToken(deps.db, tokenHash, purpose));
}

/** Tells whether a token is usable without consuming it (to show a form before using it). */
export async function peekAccountToken(deps: { db: Db; clock: Clock }, token: string, purpose: TokenPurpose): Promise<TokenCheck> {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return { status: "unknown" };
  const found = await queries.findToken(deps.db, hashToken(token), purpose);
  if (found && !found.usedAt && found.expiresAt > deps.clock.now()) return { status: "valid", token: found };
  return explain(found);
}

function explain(found: AccountToken | undefined): TokenCheck {
  if (!found) return { status: "unknown" };
  if (found.usedAt) return { status: "used", accountId: found.accountId };
  return { status: "expired", accountId: found.accountId };
}
