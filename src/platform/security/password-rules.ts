/**
 * The measurable password rules, written once: the server's policy (password-policy.ts) judges
 * with them, and the browser bundle (src/ui/client/enhance.ts) ticks them live beside the field.
 * No imports, so that it can ship to the browser.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CLASSES = 3;
export const PASSWORD_MIN_BITS = 50;

// CNIL 2022 alphabet sizes: 26 per letter case, 10 digits, 33 specials (anything else).
const classes = [
  { test: /\p{Ll}/u, size: 26 },
  { test: /\p{Lu}/u, size: 26 },
  { test: /\p{Nd}/u, size: 10 },
  { test: /[^\p{Ll}\p{Lu}\p{Nd}]/u, size: 33 },
];

export type PasswordRule = "min" | "classes" | "strength" | "max";

/** Strength in bits by the CNIL formula: length × log2(size of the alphabet used). */
export function passwordBits(password: string): number {
  const alphabet = classes.filter((c) => c.test.test(password)).reduce((sum, c) => sum + c.size, 0);
  return alphabet === 0 ? 0 : [...password].length * Math.log2(alphabet);
}

/** Which of the listed rules the password meets. Lengths count characters, not UTF-16 units. */
export function checkPasswordRules(password: string): Record<PasswordRule, boolean> {
  const length = [...password].length;
  return {
    min: length >= PASSWORD_MIN_LENGTH,
    classes: classes.filter((c) => c.test.test(password)).length >= PASSWORD_MIN_CLASSES,
    strength: passwordBits(password) >= PASSWORD_MIN_BITS,
    max: length <= PASSWORD_MAX_LENGTH,
  };
}
