/**
 * Request numbers (numéros de demande): 18 characters given on submission, read aloud over the
 * phone, copied from a receipt, typed back to attach a request. README.md in this folder gives
 * the full reasoning; in short:
 *
 *   prefix (2 to 4 letters, the procedure's `préfixe_numéro`) + random body + 2 check characters
 *   e.g. "LS" + "K7MRXBPTHNC4WD" + "SP"  →  shown "LSK 7MR XBP THN C4W DSP"
 *
 * - Alphabet: the 26 letters and the digits 3, 4, 7: every digit that can be taken for a letter
 *   (0/O, 1/I, 2/Z, 5/S, 6/G, 8/B, 9/g) is left out, and 26 + 3 = 29 is prime, which the check
 *   needs. All letters stay because prefixes are any letters. Typed look-alike digits are mapped
 *   back to their letter (0 → O, 1 → I…): a wrong guess is one substitution, which the check
 *   always catches, so the mapping can never make a wrong number pass.
 * - Body: drawn with crypto randomness from consonants (no vowels, so no word can appear) and
 *   3, 4, 7, without Q (read as O). No year or département: 0 and 1 are not in the alphabet, and
 *   the filing date is stored with the request anyway.
 * - Check: the two characters make the values v1…v18 (index in the alphabet) satisfy
 *       Σ vi ≡ 0  and  Σ i·vi ≡ 0  (mod 29).
 *   An error changing one character adds d ≠ 0 to the first sum. An error changing two
 *   characters at positions i ≠ j by d, e (any swap is one) goes unnoticed only if d + e ≡ 0 and
 *   i·d + j·e ≡ 0, so (i − j)·d ≡ 0, impossible as 0 < |i − j| < 29 and 29 is prime. So every
 *   single wrong character, every swap of two characters (neighbours or not) and every pair of
 *   wrong characters is detected; a random string passes once in 29² = 841.
 */
import { randomInt } from "node:crypto";
import { invalid, stripSeparators, valid, type Check } from "../french/check.ts";

export const REQUEST_NUMBER_LENGTH = 18;
/** The characters a request number is written with; a character's value is its index. */
export const REQUEST_NUMBER_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ347";
/** The random body avoids vowels (no accidental words) and Q (read as O). */
const BODY_ALPHABET = "BCDFGHJKLMNPRSTVWXZ347";
const MODULUS = REQUEST_NUMBER_ALPHABET.length; // 29, prime
const CHECK_LENGTH = 2;
/** Same rule as the procedure definitions' `préfixe_numéro`. */
const PREFIX_PATTERN = /^[A-Z]{2,4}$/;
/** What people type for a letter of the number; any wrong guess is caught by the check. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { "0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B" };

const EXAMPLE = "LSK 7MR XBP THN C4W DSP";
export const REQUEST_NUMBER_MESSAGES = {
  empty: "Saisissez le numéro de demande.",
  length: `Le numéro de demande comporte 18 caractères, lettres et chiffres, par exemple ${EXAMPLE}.`,
  characters: "Le numéro de demande ne comporte que des lettres et les chiffres 3, 4 et 7 : vérifiez-le.",
  key: "Ce numéro n'est pas valide : vérifiez-le, un caractère a peut-être été mal recopié.",
} as const;

export class InvalidRequestNumberPrefixError extends Error {
  override name = "InvalidRequestNumberPrefixError";
}

/**
 * A new number for a request of the procedure whose prefix is given ("LS"), random from the
 * operating system's generator. Uniqueness is the caller's: insert under a unique index and, on
 * a unique violation (PostgreSQL code 23505; with 22¹² ≈ 10¹⁶ bodies at the least, fewer
 * than once in a billion draws at 2 million requests per prefix), draw again.
 */
export function generateRequestNumber(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new InvalidRequestNumberPrefixError(`A request-number prefix is 2 to 4 capital letters A-Z (got "${prefix}").`);
  }
  let body = "";
  for (let i = prefix.length; i < REQUEST_NUMBER_LENGTH - CHECK_LENGTH; i++) body += BODY_ALPHABET[randomInt(BODY_ALPHABET.length)];
  return prefix + body + checkCharacters(prefix + body);
}

/**
 * The two check characters of the first 16 characters. With A = Σ vi and B = Σ i·vi over them,
 * the checks c17, c18 must give A + c17 + c18 ≡ 0 and B + 17·c17 + 18·c18 ≡ 0, hence
 * c18 = 17A − B and c17 = −A − c18 (mod 29).
 */
export function checkCharacters(first16: string): string {
  if (first16.length !== REQUEST_NUMBER_LENGTH - CHECK_LENGTH) throw new RangeError("checkCharacters takes the 16 first characters.");
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < first16.length; i++) {
    const value = valueOf(first16[i]!);
    sum += value;
    weighted += (i + 1) * value;
  }
  const c18 = mod(17 * sum - weighted);
  const c17 = mod(-sum - c18);
  return REQUEST_NUMBER_ALPHABET[c17]! + REQUEST_NUMBER_ALPHABET[c18]!;
}

/** True for a compact, upper-case number whose check characters are right (route parameters, imports). */
export function isValidRequestNumber(number: string): boolean {
  if (number.length !== REQUEST_NUMBER_LENGTH) return false;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < number.length; i++) {
    const value = REQUEST_NUMBER_ALPHABET.indexOf(number[i]!);
    if (value < 0) return false;
    sum += value;
    weighted += (i + 1) * value;
  }
  return mod(sum) === 0 && mod(weighted) === 0;
}

/** "LSK 7MR XBP THN C4W DSP": six groups of three, easy to read aloud and to copy. */
export function formatRequestNumber(number: string, separator = " "): string {
  const compact = stripSeparators(number).toUpperCase();
  return compact.match(/.{1,3}/g)?.join(separator) ?? compact;
}

/**
 * Reads a number as people type or paste it: with or without spaces, dashes or dots, in any
 * case, with look-alike digits for letters (0 for O…). Gives the compact number to look up, or
 * the French sentence to show under the field.
 */
export function parseRequestNumber(typed: string): Check {
  const compact = stripSeparators(typed.normalize("NFKC")).toUpperCase();
  if (compact === "") return invalid(REQUEST_NUMBER_MESSAGES.empty);
  if ([...compact].length !== REQUEST_NUMBER_LENGTH) return invalid(REQUEST_NUMBER_MESSAGES.length);
  const number = [...compact].map((char) => LOOK_ALIKES[char] ?? char).join("");
  if (![...number].every((char) => REQUEST_NUMBER_ALPHABET.includes(char))) return invalid(REQUEST_NUMBER_MESSAGES.characters);
  if (!isValidRequestNumber(number)) return invalid(REQUEST_NUMBER_MESSAGES.key);
  return valid(number);
}

function valueOf(char: string): number {
  const value = REQUEST_NUMBER_ALPHABET.indexOf(char);
  if (value < 0) throw new RangeError(`"${char}" is not a request-number character.`);
  return value;
}

function mod(n: number): number {
  return ((n % MODULUS) + MODULUS) % MODULUS;
}
