import { describe, expect, it } from "vitest";
import { validateRegistration } from "./register-account.ts";
import { checkStaffAccount } from "./staff-account.ts";
import {
  CHECK_ALPHABET,
  checkLetter,
  generatePartnerIdentifier,
  loginLookup,
  looksLikePartnerIdentifier,
  MISSING_CHECK_LETTER,
  normalizeUserNumber,
  PARTNER_SHAPE_RESERVED,
  partnerIdentifier,
  readPartnerIdentifier,
  USER_NUMBER_PATTERN,
  WRONG_CHECK_LETTER,
} from "./partner-identifier.ts";

describe("partner identifiers (LOG + 6 digits + a check letter)", () => {
  it("use a check alphabet of 23 distinct capitals without I, L nor O", () => {
    expect(CHECK_ALPHABET).toHaveLength(23);
    expect(new Set(CHECK_ALPHABET).size).toBe(23);
    expect(CHECK_ALPHABET).not.toMatch(/[ILO]/);
    expect(CHECK_ALPHABET).toMatch(/^[A-Z]+$/);
  });

  it("compute the letter as the number modulo 23", () => {
    expect(checkLetter("000000")).toBe("A");
    expect(checkLetter("000022")).toBe("Z");
    expect(checkLetter("000023")).toBe("A");
    expect(checkLetter("012345")).toBe("U"); // 12345 = 23 × 536 + 17
    expect(checkLetter("123450")).toBe("K"); // 123450 = 23 × 5367 + 9
    expect(partnerIdentifier("012345")).toBe("LOG012345U");
    expect(() => checkLetter("12345")).toThrow();
    expect(() => checkLetter("12345a")).toThrow();
  });

  it("catch every single mistyped digit and every swap of two adjacent digits", () => {
    for (let n = 0; n < 1_000_000; n += 997) {
      const digits = String(n).padStart(6, "0");
      const letter = checkLetter(digits);
      for (let position = 0; position < 6; position++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === digits[position]) continue;
          const typo = digits.slice(0, position) + d + digits.slice(position + 1);
          expect(checkLetter(typo), `${digits} → ${typo}`).not.toBe(letter);
        }
        if (position < 5 && digits[position] !== digits[position + 1]) {
          const swapped = digits.slice(0, position) + digits[position + 1] + digits[position] + digits.slice(position + 2);
          expect(checkLetter(swapped), `${digits} → ${swapped}`).not.toBe(letter);
        }
      }
    }
  });

  it("are generated at random, always valid", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const identifier = generatePartnerIdentifier();
      expect(identifier).toMatch(/^LOG\d{6}[A-HJKMNP-Z]$/);
      expect(readPartnerIdentifier(identifier)).toEqual({ kind: "partner", identifier });
      seen.add(identifier);
    }
    expect(seen.size).toBeGreaterThan(290);
  });

  it("are read however typed: case, spaces, dots, dashes, O for 0, I or L for 1", () => {
    const canonical = { kind: "partner", identifier: "LOG012345U" };
    for (const typed of [
      "LOG012345U",
      "log012345u",
      "log 012 345 u",
      " LOG-012-345-U ",
      "LOG.012.345.U",
      "log_012345_u",
      "LOGO12345U",
      "logo12345u",
      "LOG0I2345U",
      "LOG0L2345U",
      "log oi2 345 u",
      "L0G012345U",
      "LOG\u00a0012345\u00a0U",
    ]) {
      expect(readPartnerIdentifier(typed), typed).toEqual(canonical);
    }
    // The task's example: "log 123 45o x"-style, here with its right letter.
    expect(readPartnerIdentifier("log 123 45o k")).toEqual({ kind: "partner", identifier: "LOG123450K" });
  });

  it("tell a wrong or missing check letter apart from anything else", () => {
    expect(readPartnerIdentifier("LOG012345V")).toEqual({ kind: "wrong-check-letter" });
    expect(readPartnerIdentifier("log 123 45o x")).toEqual({ kind: "wrong-check-letter" });
    // I, L and O are never check letters: there, they are simply wrong.
    expect(readPartnerIdentifier("LOG012345O")).toEqual({ kind: "wrong-check-letter" });
    expect(readPartnerIdentifier("LOG012345")).toEqual({ kind: "missing-check-letter" });
    for (const other of ["jean.dupont", "jean@exemple.fr", "LOG12345U", "LOG0123456U", "LOG01234XU", "XLOG012345U", "logistique", "", "LOG012345UU"]) {
      expect(readPartnerIdentifier(other), other).toEqual({ kind: "other" });
    }
  });

  it("give the login fields what to look up, or the message to show", () => {
    expect(loginLookup(" log 012 345 u ")).toEqual({ login: "log012345u" });
    expect(loginLookup("LOG012345V")).toEqual({ error: WRONG_CHECK_LETTER });
    expect(WRONG_CHECK_LETTER).toBe("Cet identifiant n'est pas valide : vérifiez la dernière lettre.");
    expect(loginLookup("LOG012345")).toEqual({ error: MISSING_CHECK_LETTER });
    expect(loginLookup("  Jean.Dupont ")).toEqual({ login: "jean.dupont" });
    expect(loginLookup("Jean@Exemple.FR")).toEqual({ login: "jean@exemple.fr" });
  });

  it("are reserved: registration and operators cannot choose one, whatever its letter", () => {
    const person = { civility: "Mme", lastName: "Martin", firstName: "Camille", email: "c@exemple.fr", emailConfirmation: "c@exemple.fr", terms: "oui" };
    expect(validateRegistration({ ...person, identifier: "log012345a" }).identifier).toBe(PARTNER_SHAPE_RESERVED);
    expect(validateRegistration({ ...person, identifier: "logement.social" }).identifier).toBeUndefined();
    expect(checkStaffAccount({ ...person, identifier: "LOG-012345-U" }).identifier).toBeDefined();
    expect(checkStaffAccount({ ...person, identifier: "LOG012345U" }).identifier).toBe(PARTNER_SHAPE_RESERVED);
  });

  it("are recognised even with a wrong letter", () => {
    expect(looksLikePartnerIdentifier("log012345u")).toBe(true);
    expect(looksLikePartnerIdentifier("log012345a")).toBe(true);
    expect(looksLikePartnerIdentifier("log012345")).toBe(true);
    expect(looksLikePartnerIdentifier("logement.social")).toBe(false);
  });
});

describe("user numbers", () => {
  it("are kept in capitals without separators", () => {
    expect(normalizeUserNumber(" 12 345-678/9 ")).toBe("123456789");
    expect(normalizeUserNumber("b.0042")).toBe("B0042");
    expect(USER_NUMBER_PATTERN.test("B0042")).toBe(true);
    expect(USER_NUMBER_PATTERN.test("")).toBe(false);
    expect(USER_NUMBER_PATTERN.test("ÉCOLE")).toBe(false);
    expect(USER_NUMBER_PATTERN.test("1".repeat(21))).toBe(false);
  });
});
