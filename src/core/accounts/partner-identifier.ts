import { randomInt } from "node:crypto";

/**
 * Partner accounts' identifiers (seed 004, "Mon Compte Partenaire"): `LOG`, 6 digits, and a check
 * letter, as printed on letters: LOG012345K.
 *
 * The check letter is the 6-digit number modulo 23, read in an alphabet of the 23 capital
 * letters left once I, L and O are taken out (they pass for 1 and 0 on paper). 23 is prime and
 * divides neither a power of 10 nor any digit difference, so one mistyped digit or two adjacent
 * digits swapped always change the letter: the portal can say "vérifiez la dernière lettre"
 * without looking any account up (it is a format check, not an existence check).
 *
 * Typed identifiers are read generously: any case, spaces, dots, dashes or underscores anywhere,
 * the letter O for the digit 0 and I or L for 1 among the digits (and "L0G" for "LOG").
 */
export const CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ";

export const PARTNER_PREFIX = "LOG";

export const WRONG_CHECK_LETTER = "Cet identifiant n'est pas valide : vérifiez la dernière lettre.";
export const MISSING_CHECK_LETTER = "Cet identifiant est incomplet : il se termine par une lettre (LOG, 6 chiffres et 1 lettre).";

/** The check letter of 6 digits. */
export function checkLetter(digits: string): string {
  if (!/^\d{6}$/.test(digits)) throw new Error(`checkLetter expects 6 digits, got "${digits}"`);
  return CHECK_ALPHABET.charAt(Number(digits) % CHECK_ALPHABET.length);
}

/** The identifier of 6 digits, in its printed form. */
export function partnerIdentifier(digits: string): string {
  return `${PARTNER_PREFIX}${digits}${checkLetter(digits)}`;
}

/** A new identifier from 6 random digits (the caller retries when it is taken). */
export function generatePartnerIdentifier(): string {
  return partnerIdentifier(String(randomInt(1_000_000)).padStart(6, "0"));
}

export type PartnerIdentifierReading =
  /** `identifier` is the printed form, LOG012345K. */
  | { kind: "partner"; identifier: string }
  | { kind: "wrong-check-letter" }
  | { kind: "missing-check-letter" }
  /** Not shaped like a partner identifier at all: an ordinary identifier or an address. */
  | { kind: "other" };

/** Reads what a person typed, however they typed it. */
export function readPartnerIdentifier(typed: string): PartnerIdentifierReading {
  const compact = typed.replace(/[\s._-]/gu, "").toUpperCase();
  const match = /^L[O0]G([0-9OIL]{6})([A-Z]?)$/.exec(compact);
  if (!match) return { kind: "other" };
  const digits = (match[1] ?? "").replace(/O/g, "0").replace(/[IL]/g, "1");
  const letter = match[2] ?? "";
  if (letter === "") return { kind: "missing-check-letter" };
  if (letter !== checkLetter(digits)) return { kind: "wrong-check-letter" };
  return { kind: "partner", identifier: `${PARTNER_PREFIX}${digits}${letter}` };
}

export const PARTNER_SHAPE_RESERVED = "Les identifiants de la forme LOG suivi de 6 chiffres et d'une lettre sont réservés aux comptes partenaires : choisissez-en un autre.";

/** Whether an identifier chosen at registration would pass for a partner's (they are reserved). */
export function looksLikePartnerIdentifier(typed: string): boolean {
  return readPartnerIdentifier(typed).kind !== "other";
}

/**
 * What a login field (login, password reset) looks accounts up by: a partner identifier in its
 * printed form, lower-cased as the unique index reads it; anything else trimmed and lower-cased.
 * A partner identifier whose check letter is wrong or missing gives the message to show instead.
 */
export function loginLookup(typed: string): { login: string } | { error: string } {
  const reading = readPartnerIdentifier(typed);
  if (reading.kind === "partner") return { login: reading.identifier.toLowerCase() };
  if (reading.kind === "wrong-check-letter") return { error: WRONG_CHECK_LETTER };
  if (reading.kind === "missing-check-letter") return { error: MISSING_CHECK_LETTER };
  return { login: typed.trim().toLowerCase() };
}

/**
 * The user number ("numéro utilisateur") printed on the operator's letters and mails, as stored:
 * capitals and digits only, whatever separators were typed. Empty when nothing usable was typed.
 */
export function normalizeUserNumber(typed: string): string {
  return typed.replace(/[\s._/-]/gu, "").toUpperCase();
}

/** User numbers: 1 to 20 letters without accents or digits, once normalized. */
export const USER_NUMBER_PATTERN = /^[A-Z0-9]{1,20}$/;
