import { describe, expect, it } from "vitest";
import {
  checkCharacters,
  formatRequestNumber,
  generateRequestNumber,
  InvalidRequestNumberPrefixError,
  isValidRequestNumber,
  parseRequestNumber,
  REQUEST_NUMBER_ALPHABET,
  REQUEST_NUMBER_MESSAGES,
} from "./request-numbers.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);
const MODULUS = REQUEST_NUMBER_ALPHABET.length;

/** Every number with one character replaced by each other character of the alphabet. */
function* substitutions(number: string) {
  for (let i = 0; i < number.length; i++) {
    for (const char of REQUEST_NUMBER_ALPHABET) {
      if (char !== number[i]) yield number.slice(0, i) + char + number.slice(i + 1);
    }
  }
}

/** Every number with two neighbours swapped, when that changes it. */
function* adjacentSwaps(number: string) {
  for (let i = 0; i + 1 < number.length; i++) {
    if (number[i] !== number[i + 1]) yield number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2);
  }
}

describe("a new request number", () => {
  it("has 18 characters: the procedure's prefix, a random body and two check characters", () => {
    for (const prefix of ["LS", "AAP", "LOGE"]) {
      const number = generateRequestNumber(prefix);
      expect(number).toHaveLength(18);
      expect(number.startsWith(prefix)).toBe(true);
      expect(number.slice(prefix.length, 16)).toMatch(/^[BCDFGHJKLMNPRSTVWXZ347]+$/);
      expect(number.slice(16)).toBe(checkCharacters(number.slice(0, 16)));
      expect(isValidRequestNumber(number)).toBe(true);
    }
  });

  it("is drawn at random: ten thousand draws never repeat", () => {
    const numbers = new Set(Array.from({ length: 10_000 }, () => generateRequestNumber("LS")));
    expect(numbers.size).toBe(10_000);
  });

  it("uses every body character about as often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) for (const char of generateRequestNumber("LS").slice(2, 16)) counts.set(char, (counts.get(char) ?? 0) + 1);
    // 28,000 draws over 22 characters: about 1,273 each; 1,000 and 1,550 are more than 7 standard deviations away.
    expect(counts.size).toBe(22);
    for (const count of counts.values()) expect(count).toBeGreaterThan(1_000);
    for (const count of counts.values()) expect(count).toBeLessThan(1_550);
  });

  it("refuses a prefix that is not 2 to 4 capital letters", () => {
    for (const prefix of ["L", "LOGEM", "ls", "L5", "LÉ", ""]) {
      expect(() => generateRequestNumber(prefix), prefix).toThrow(InvalidRequestNumberPrefixError);
    }
  });
});

describe("the check characters", () => {
  it("detect every single wrong character and every swap of two neighbours, on 300 numbers", () => {
    let tried = 0;
    for (let n = 0; n < 300; n++) {
      const number = generateRequestNumber(["LS", "AAP", "DLOY"][n % 3]!);
      for (const wrong of [...substitutions(number), ...adjacentSwaps(number)]) {
        tried++;
        // Through the same door as a person: grouped, then read back.
        const check = parseRequestNumber(formatRequestNumber(wrong));
        if (messageOf(check) !== REQUEST_NUMBER_MESSAGES.key) throw new Error(`${wrong} passed for ${number}`);
      }
    }
    expect(tried).toBeGreaterThan(300 * 18 * 28);
  });

  it("detect every error vector of one or two characters: the proof for all numbers at once", () => {
    // The check is linear: a number typed with an error is valid only if the error itself sums
    // to 0 in both checks. So listing every error (not every number) proves the rule for all
    // numbers. Two characters wrong covers any swap, of neighbours or not.
    const undetected = (positions: number[], deltas: number[]) =>
      positions.reduce((sum, _, k) => sum + deltas[k]!, 0) % MODULUS === 0 &&
      positions.reduce((sum, position, k) => sum + (position + 1) * deltas[k]!, 0) % MODULUS === 0;
    let errors = 0;
    for (let i = 0; i < 18; i++) {
      for (let d = 1; d < MODULUS; d++) {
        errors++;
        expect(undetected([i], [d])).toBe(false);
        for (let j = i + 1; j < 18; j++) {
          for (let e = 1; e < MODULUS; e++) {
            errors++;
            if (undetected([i, j], [d, e])) throw new Error(`error at ${i}, ${j} by ${d}, ${e} is not detected`);
          }
        }
      }
    }
    expect(errors).toBe(18 * 28 + 153 * 28 * 28);
  });

  it("also detect any two wrong characters of real numbers", () => {
    for (let n = 0; n < 3; n++) {
      const number = generateRequestNumber("LS");
      for (const once of substitutions(number)) {
        for (const twice of substitutions(once)) {
          if (twice !== number && isValidRequestNumber(twice)) throw new Error(`${twice} passed for ${number}`);
        }
      }
    }
  });

  it("let a random string pass about once in 29² = 841", () => {
    let passed = 0;
    const draws = 200_000;
    for (let n = 0; n < draws; n++) {
      let number = "";
      for (let i = 0; i < 18; i++) number += REQUEST_NUMBER_ALPHABET[Math.floor(Math.random() * MODULUS)];
      if (isValidRequestNumber(number)) passed++;
    }
    // Expected 238; 150 and 330 are about 6 standard deviations away.
    expect(passed).toBeGreaterThan(150);
    expect(passed).toBeLessThan(330);
  });
});

describe("a request number typed back", () => {
  const number = generateRequestNumber("LS");

  it("is accepted grouped or not, with spaces, dashes or dots, in any case", () => {
    const grouped = formatRequestNumber(number);
    for (const typed of [number, grouped, grouped.toLowerCase(), formatRequestNumber(number, "-"), ` ${formatRequestNumber(number, ".")} `, grouped.replace(/ /g, "\u00a0")]) {
      expect(parseRequestNumber(typed), typed).toEqual({ ok: true, value: number });
    }
  });

  it("has its look-alike digits read as the letters they stand for", () => {
    const withLetters = "LSOIZ" + "BGS".padEnd(11, "K");
    const full = withLetters + checkCharacters(withLetters);
    expect(parseRequestNumber(full)).toEqual({ ok: true, value: full });
    expect(parseRequestNumber(full.replace("OIZBGS", "012865"))).toEqual({ ok: true, value: full });
  });

  it("says how long a number is when a character is missing or extra", () => {
    expect(messageOf(parseRequestNumber(number.slice(0, 17)))).toBe(REQUEST_NUMBER_MESSAGES.length);
    expect(messageOf(parseRequestNumber(number + "K"))).toBe(REQUEST_NUMBER_MESSAGES.length);
    expect(REQUEST_NUMBER_MESSAGES.length).toMatch(/^Le numéro de demande comporte 18 caractères/);
  });

  it("says which characters a number is made of", () => {
    expect(messageOf(parseRequestNumber(number.slice(0, 17) + "9"))).toBe(REQUEST_NUMBER_MESSAGES.characters);
    expect(messageOf(parseRequestNumber(number.slice(0, 17) + "*"))).toBe(REQUEST_NUMBER_MESSAGES.characters);
    expect(messageOf(parseRequestNumber(number.slice(0, 17) + "É"))).toBe(REQUEST_NUMBER_MESSAGES.characters);
  });

  it("asks for the number when nothing is typed", () => {
    expect(messageOf(parseRequestNumber("  - "))).toBe(REQUEST_NUMBER_MESSAGES.empty);
  });
});

describe("a request number shown to people", () => {
  it("is written in six groups of three", () => {
    expect(formatRequestNumber("LSK7MRXBPTHNC4WDSP")).toBe("LSK 7MR XBP THN C4W DSP");
    expect(formatRequestNumber("lsk7mr-xbpthnc4wdsp", "-")).toBe("LSK-7MR-XBP-THN-C4W-DSP");
  });
});
