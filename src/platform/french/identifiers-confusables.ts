/**
 * Characters people confuse when they copy an identifier from a letter: the letter O for the
 * digit 0, I or l for 1 (seed 004: the CAF partner identifier "LOG + 6 chiffres + 1 lettre",
 * whose first digit is often typed as the letter O). When the field's pattern says which
 * positions hold digits, the confusion can be undone without guessing.
 *
 * Pattern syntax, one character per position:
 *   `#` a digit, `@` a letter, `*` a letter or a digit, anything else that literal character
 *   (compared without case). Example: the CAF identifier is `LOG######@`.
 */

/** The CAF partner identifier of seed 004: LOG, 6 digits, 1 letter. */
export const CAF_PARTNER_IDENTIFIER_PATTERN = "LOG######@";

const AS_DIGIT: Readonly<Record<string, string>> = { O: "0", o: "0", I: "1", i: "1", l: "1" };
const PATTERN_SYMBOLS = new Set(["#", "@", "*"]);

/**
 * Removes spaces, uppercases letters, and at digit positions only turns O/o into 0 and I/i/l
 * into 1. At a literal position the expected character is known, so a 0 typed for a literal O
 * ("L0G") is put back too. When the length does not match the pattern, positions are unknown: the value is only
 * stripped and uppercased, and `matchesPattern` will say it is wrong.
 */
export function normaliseConfusables(value: string, pattern: string): string {
  const compact = value.replace(/\s/g, "");
  if ([...compact].length !== [...pattern].length) return compact.toUpperCase();
  const patternChars = [...pattern];
  return [...compact]
    .map((char, index) => {
      const expected = patternChars[index]!;
      if (expected === "#") return AS_DIGIT[char] ?? char;
      if (!PATTERN_SYMBOLS.has(expected) && AS_DIGIT[expected] !== undefined && AS_DIGIT[expected] === char) return expected;
      return char.toUpperCase();
    })
    .join("");
}

/** True when a (normalised) value fits the pattern exactly. */
export function matchesPattern(value: string, pattern: string): boolean {
  const chars = [...value];
  const patternChars = [...pattern];
  if (chars.length !== patternChars.length) return false;
  return patternChars.every((p, index) => {
    const char = chars[index]!;
    if (p === "#") return /^\d$/.test(char);
    if (p === "@") return /^[A-Z]$/i.test(char);
    if (p === "*") return /^[A-Z0-9]$/i.test(char);
    return char.toUpperCase() === p.toUpperCase();
  });
}
