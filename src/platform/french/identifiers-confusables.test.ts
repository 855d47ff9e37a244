import { describe, expect, it } from "vitest";
import { CAF_PARTNER_IDENTIFIER_PATTERN, matchesPattern, normaliseConfusables } from "./identifiers-confusables.ts";

const caf = (typed: string) => normaliseConfusables(typed, CAF_PARTNER_IDENTIFIER_PATTERN);

describe("an identifier with confusable characters", () => {
  it("gets back the digit 0 where the CAF identifier holds digits (seed 004)", () => {
    expect(caf("LOGO12345A")).toBe("LOG012345A");
    expect(caf("logo12345a")).toBe("LOG012345A");
    expect(caf("LOG OI2345 A")).toBe("LOG012345A");
    expect(caf("LOGOOOl23A")).toBe("LOG000123A");
    expect(matchesPattern(caf("logo12345a"), CAF_PARTNER_IDENTIFIER_PATTERN)).toBe(true);
  });

  it("leaves letter positions alone, but puts back a literal letter typed as a digit", () => {
    expect(caf("LOG012345O")).toBe("LOG012345O");
    expect(caf("L0G012345B")).toBe("LOG012345B");
    expect(caf("L0G0I2345o")).toBe("LOG012345O");
  });

  it("does not guess positions when the length is wrong", () => {
    expect(caf("LOGO1234A")).toBe("LOGO1234A");
    expect(matchesPattern(caf("LOGO1234A"), CAF_PARTNER_IDENTIFIER_PATTERN)).toBe(false);
  });

  it("still lets a wrong identifier be recognised as wrong", () => {
    expect(matchesPattern(caf("LOG01234X5"), CAF_PARTNER_IDENTIFIER_PATTERN)).toBe(false);
    expect(matchesPattern(caf("LIG012345A"), CAF_PARTNER_IDENTIFIER_PATTERN)).toBe(false);
    expect(matchesPattern("LOG0123456", CAF_PARTNER_IDENTIFIER_PATTERN)).toBe(false);
  });

  it("works for any pattern: digits, letters, either, literals", () => {
    expect(normaliseConfusables("ab-o1", "@@-#*")).toBe("AB-01");
    expect(matchesPattern("AB-01", "@@-#*")).toBe(true);
    expect(matchesPattern("AB-0Z", "@@-#*")).toBe(true);
    expect(matchesPattern("A1-01", "@@-#*")).toBe(false);
  });
});
