import { readFileSync } from "node:fs";

/**
 * The password rules of DESIGN.md, checked on the server (the browser shows the same rules live,
 * src/ui/client/password-rules.ts): 8 to 128 characters, at least 3 of the 4 classes, at least
 * 50 bits by the CNIL 2022 formula, not a common password, not containing the identifier.
 * The last-5 rule needs the stored hashes: see `checkPasswordHistory` in set-password.ts.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_BITS = 50;

// Alphabet sizes of the CNIL formula: specials are the 33 printable ASCII symbols; anything
// else (accents, other scripts) counts as special too.
const classes = [
  { test: /\p{Ll}/u, size: 26 },
  { test: /\p{Lu}/u, size: 26 },
  { test: /\p{Nd}/u, size: 10 },
  { test: /[^\p{Ll}\p{Lu}\p{Nd}]/u, size: 33 },
];

const commonPasswords = new Set(
  readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8").split("\n").filter(Boolean),
);

/** Strength in bits by the CNIL formula: length × log2(size of the alphabet used). */
export function passwordBits(password: string): number {
  const alphabet = classes.filter((c) => c.test.test(password)).reduce((sum, c) => sum + c.size, 0);
  return alphabet === 0 ? 0 : [...password].length * Math.log2(alphabet);
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  // "Password1!" is "password" with the decorations every policy provokes: catch those too.
  const core = lower.replace(/[\d\W_]+$/u, "").replace(/^[\d\W_]+/u, "");
  return commonPasswords.has(lower) || (core.length >= 4 && commonPasswords.has(core));
}

/** The French message for the first rule the password breaks, or null when it is acceptable. */
export function checkPassword(password: string, context: { identifier?: string } = {}): string | null {
  const length = [...password].length;
  if (length === 0) return "Saisissez un mot de passe.";
  if (length < PASSWORD_MIN_LENGTH) return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (length > PASSWORD_MAX_LENGTH) return `Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`;
  const classCount = classes.filter((c) => c.test.test(password)).length;
  if (classCount < 3)
    return "Le mot de passe doit combiner au moins 3 types de caractères parmi : minuscules, majuscules, chiffres et caractères spéciaux.";
  if (passwordBits(password) < PASSWORD_MIN_BITS)
    return "Le mot de passe est trop faible (moins de 50 bits) : ajoutez un caractère, ou un type de caractère (avec 3 types seulement, il en faut en général au moins 9).";
  const identifier = context.identifier?.trim().toLowerCase();
  if (identifier && identifier.length >= 3 && password.toLowerCase().includes(identifier))
    return "Le mot de passe ne doit pas contenir votre identifiant.";
  if (isCommonPassword(password))
    return "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.";
  return null;
}
