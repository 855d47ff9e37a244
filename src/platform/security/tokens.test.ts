import { describe, expect, it } from "vitest";
import { generateToken, hashToken } from "./tokens.ts";

describe("tokens", () => {
  it("are stored as the hexadecimal SHA-256 of their text, as every stored session and link was", () => {
    // FIPS 180-2's example: hashes written before the native hash replaced the JavaScript one still match.
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // Text is hashed as UTF-8 (sha256sum of the same bytes).
    expect(hashToken("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  });

  it("are 160 random bits in lower-case base 32, different each time", () => {
    const token = generateToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken()).not.toBe(token);
  });
});
