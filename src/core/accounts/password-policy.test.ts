import { describe, expect, it } from "vitest";
import { checkPassword, isCommonPassword, passwordBits } from "./password-policy.ts";

describe("password policy", () => {
  it("accepts 8 characters mixing all four classes (52.5 bits)", () => {
    expect(checkPassword("Kx7#mQ2p")).toBeNull();
    expect(passwordBits("Kx7#mQ2p")).toBeCloseTo(8 * Math.log2(95));
  });

  it("asks for 9 characters when only three classes are used (8 × log2 62 < 50 bits)", () => {
    expect(checkPassword("Kx7mQ2pz")).toMatch(/au moins 9/);
    expect(checkPassword("Kx7mQ2pzw")).toBeNull();
  });

  it("refuses an empty password, fewer than 8 or more than 128 characters", () => {
    expect(checkPassword("")).toBe("Saisissez un mot de passe.");
    expect(checkPassword("Kx7#mQ2")).toMatch(/au moins 8 caractères/);
    expect(checkPassword(`Kx7#${"a".repeat(125)}`)).toMatch(/au plus 128 caractères/);
    expect(checkPassword(`Kx7#${"q".repeat(124)}`)).toBeNull();
  });

  it("counts characters, not bytes, so accented passwords are measured fairly", () => {
    expect(checkPassword("Éléphant9")).toBeNull();
  });

  it("refuses fewer than three classes whatever the length", () => {
    expect(checkPassword("correcthorsebatterystaple")).toMatch(/3 types/);
    expect(checkPassword("CORRECT HORSE 12")).toBeNull();
  });

  it("refuses a password containing the identifier, ignoring case", () => {
    expect(checkPassword("xJean.Dupont9!", { identifier: "jean.dupont" })).toMatch(/identifiant/);
  });

  it("refuses the most common passwords, even decorated with digits and symbols", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(checkPassword("Password123!")).toMatch(/plus courants/);
    expect(checkPassword("Azerty123!")).toMatch(/plus courants/);
    expect(checkPassword("Tr0ub4dour&3x")).toBeNull();
  });
});
