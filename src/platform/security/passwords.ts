import { hash, verify } from "@node-rs/argon2";

/** Argon2id with the parameters DESIGN.md requires (m = 19456 KiB, t = 2, p = 1). */
const argon2Options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/**
 * Stored instead of a hash while an account has no password (created by FranceConnect): nothing
 * verifies against it, after the same work as a real verification (no timing difference).
 */
export const NO_PASSWORD = "!none";

export function hasPassword(passwordHash: string): boolean {
  return passwordHash !== NO_PASSWORD;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!hasPassword(passwordHash)) return verifyAgainstNothing(password);
  try {
    return await verify(passwordHash, password, argon2Options);
  } catch {
    return false;
  }
}

// Checked when no account matches, so that an unknown identifier costs the same time as a known one.
let dummyHash: Promise<string> | undefined;

/** Spends one Argon2id verification's time and returns false. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("guichet-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
