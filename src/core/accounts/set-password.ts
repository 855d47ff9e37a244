import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { hashPassword, verifyPassword } from "../../platform/security/passwords.ts";
import { checkPassword } from "./password-policy.ts";
import * as queries from "./queries/accounts.ts";

/** DESIGN.md: a new password may not be any of the last 5. */
export const PASSWORD_HISTORY_SIZE = 5;

/**
 * Checks a new password and its confirmation; returns field errors keyed by the given field names
 * (the forms name them differently: "password" on registration, "newPassword" on change).
 */
export async function checkNewPassword(
  deps: { db: Db },
  input: {
    password: string;
    confirmation: string;
    identifier: string;
    accountId?: string;
    fields: { password: string; confirmation: string };
  },
): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const problem = checkPassword(input.password, { identifier: input.identifier });
  if (problem) errors[input.fields.password] = problem;
  else if (input.accountId && (await wasRecentlyUsed(deps, input.accountId, input.password)))
    errors[input.fields.password] =
      "Vous avez déjà utilisé ce mot de passe récemment : choisissez-en un différent de vos 5 derniers mots de passe.";
  if (input.confirmation === "") errors[input.fields.confirmation] = "Confirmez le mot de passe.";
  else if (input.confirmation !== input.password) errors[input.fields.confirmation] = "La confirmation ne correspond pas au mot de passe.";
  return errors;
}

async function wasRecentlyUsed(deps: { db: Db }, accountId: string, password: string) {
  const hashes = await queries.recentPasswordHashes(deps.db, accountId, PASSWORD_HISTORY_SIZE);
  for (const hash of hashes) if (await verifyPassword(hash, password)) return true;
  return false;
}

/** Stores a password chosen by its owner: hash, history, end of any temporary password. */
export async function storeChosenPassword(deps: { db: Db; clock: Clock }, accountId: string, password: string) {
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  await queries.updateAccount(deps.db, accountId, {
    passwordHash,
    passwordChangedAt: now,
    mustChangePassword: false,
    temporaryPasswordExpiresAt: null,
    updatedAt: now,
  });
  await queries.insertPasswordHistory(deps.db, accountId, passwordHash, now);
  await queries.prunePasswordHistory(deps.db, accountId, PASSWORD_HISTORY_SIZE);
}
