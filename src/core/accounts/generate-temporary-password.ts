import { randomInt } from "node:crypto";
import { DAY } from "../../platform/clock.ts";
import { checkPassword } from "./password-policy.ts";

/** DESIGN.md: a temporary password is valid 24 hours and must be changed at the next login. */
export const TEMPORARY_PASSWORD_LIFETIME_MS = DAY;

export const TEMPORARY_PASSWORD_LENGTH = 14;

// Read aloud, printed or copied from a letter: no 0/O/o, 1/l/I, nor symbols that look alike.
const lower = "abcdefghijkmnpqrstuvwxyz";
const upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const digits = "23456789";
const specials = "#%+=?@!*";
const all = lower + upper + digits + specials;

const pick = (alphabet: string) => alphabet.charAt(randomInt(alphabet.length));

/**
 * A random password that satisfies the policy: one character of each class, the rest from the
 * whole unambiguous alphabet (about 86 bits), shuffled so the classes sit anywhere.
 */
export function generateTemporaryPassword(identifier = ""): string {
  for (;;) {
    const characters = [pick(lower), pick(upper), pick(digits), pick(specials)];
    while (characters.length < TEMPORARY_PASSWORD_LENGTH) characters.push(pick(all));
    for (let i = characters.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [characters[i], characters[j]] = [characters[j] as string, characters[i] as string];
    }
    const password = characters.join("");
    // Containing the identifier is astronomically unlikely, but the policy is checked, not assumed.
    if (checkPassword(password, { identifier }) === null) return password;
  }
}
