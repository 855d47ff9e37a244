import { describe, expect, it } from "vitest";
import { checkPasswordRules, passwordBits } from "./password-rules.ts";

describe("the live password rules", () => {
  it("want at least 8 characters and at most 128, counting characters rather than code units", () => {
    expect(checkPasswordRules("Ab1!xyz").min).toBe(false);
    expect(checkPasswordRules("Ab1!xyzw").min).toBe(true);
    expect(checkPasswordRules("a".repeat(128)).max).toBe(true);
    expect(checkPasswordRules("a".repeat(129)).max).toBe(false);
    expect(checkPasswordRules("😀".repeat(8)).min).toBe(true);
    expect(checkPasswordRules("😀".repeat(128)).max).toBe(true);
  });

  it("want 3 of the 4 classes, anything not a letter or digit being special", () => {
    expect(checkPasswordRules("abcdefgh12").classes).toBe(false);
    expect(checkPasswordRules("abcdEFGH").classes).toBe(false);
    expect(checkPasswordRules("abcdEFG1").classes).toBe(true);
    expect(checkPasswordRules("abcd efg1").classes).toBe(true);
    expect(checkPasswordRules("ÉCOLE été 1").classes).toBe(true);
  });

  it("measure strength by the CNIL formula: length × log2(alphabet)", () => {
    expect(passwordBits("")).toBe(0);
    expect(passwordBits("abcdefgh")).toBeCloseTo(8 * Math.log2(26));
    expect(passwordBits("aB3!")).toBeCloseTo(4 * Math.log2(95));
    expect(passwordBits("aB3aB3aB")).toBeCloseTo(8 * Math.log2(62));
  });

  it("need 9 characters with lower case, upper case and digits, 8 with all four classes", () => {
    expect(checkPasswordRules("aB3aB3aB").strength).toBe(false);
    expect(checkPasswordRules("aB3aB3aB3").strength).toBe(true);
    expect(checkPasswordRules("aB3!aB3!").strength).toBe(true);
    expect(checkPasswordRules("ab3!ab3!").strength).toBe(false);
  });

  it("tick everything exactly when the server accepts the password (common ones aside)", async () => {
    const { checkPassword } = await import("../../core/accounts/password-policy.ts");
    for (const password of ["aB3aB3aB", "Kx7mQ2pzw", "Kx7#mQ2p", "kx7#mq2p", "abcdEFGH", "x".repeat(130), "Vélo-Rouge-42", "Ab1é".repeat(3)]) {
      const allTicked = Object.values(checkPasswordRules(password)).every(Boolean);
      expect(checkPassword(password) === null).toBe(allTicked);
    }
  });
});
