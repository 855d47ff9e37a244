import { readFileSync } from "node:fs";
import { checkPasswordRules, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../platform/security/password-rules.ts";

export { passwordBits } from "../../platform/security/password-rules.ts";

/*
 * The password rules of DESIGN.md, checked on the server: the measurable ones (length, classes,
 * 50 bits by the CNIL 2022 formula) come from password-rules.ts, shared with the browser; the
 * common-password list and the identifier rule are checked here only. The last-5 rule needs the
 * stored hashes: see `checkNewPassword` in set-password.ts.
 */

const commonPasswords = new Set(
  readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8").split("\n").filter(Boolean),
);

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  // "Password1!" is "password" with the decorations every policy provokes: catch those too.
  const core = lower.replace(/[\d\W_]+$/u, "").replace(/^[\d\W_]+/u, "");
  return commonPasswords.has(lower) || (core.length >= 4 && commonPasswords.has(core));
}

/** The French message for the first rule the password breaks, or null when it is acceptable. */
export function checkPassword(password: string, context: { identifier?: string } = {}): string | null {
  if (password === "") return "Saisissez un mot de passe.";
  const rules = checkPasswordRules(password);
  if (!rules.min) return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (!rules.max) return `Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`;
  if (!rules.classes)
    return "Le mot de passe doit combiner au moins 3 types de caractères parmi : minuscules, majuscules, chiffres et caractères spéciaux.";
  if (!rules.strength)
    return "Le mot de passe est trop faible (moins de 50 bits) : ajoutez un caractère, ou un type de caractère (avec 3 types seulement, il en faut en général au moins 9).";
  const identifier = context.identifier?.trim().toLowerCase();
  if (identifier && identifier.length >= 3 && password.toLowerCase().includes(identifier))
    return "Le mot de passe ne doit pas contenir votre identifiant.";
  if (isCommonPassword(password))
    return "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.";
  return null;
}
