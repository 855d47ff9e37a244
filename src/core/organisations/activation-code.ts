import { randomInt } from "node:crypto";
import { hashToken } from "../../platform/security/tokens.ts";

/**
 * The administrator's activation code printed on the letter: short enough to type from paper,
 * in an alphabet without the characters people confuse on paper (0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V):
 * 23 symbols, 10 characters ≈ 45 bits, against at most 5 attempts per code.
 */
export const CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679";
export const CODE_LENGTH = 10;
/** DESIGN.md: the organisation activation code lives 30 days. */
export const CODE_VALIDITY_DAYS = 30;
export const CODE_MAX_ATTEMPTS = 5;

export function generateActivationCode(): string {
  let code = "";
  for (let index = 0; index < CODE_LENGTH; index++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** "ACDEF GHJKM": two groups of five, as printed and as people read it aloud. */
export function formatActivationCode(code: string): string {
  return `${code.slice(0, 5)} ${code.slice(5)}`;
}

/** What the person typed, as stored: capitals, without spaces or dashes. */
export function normaliseActivationCode(typed: string): string {
  return typed.replace(/[\s\-‐‑–—.]/g, "").toUpperCase();
}

export function hashActivationCode(code: string): string {
  return hashToken(normaliseActivationCode(code));
}
