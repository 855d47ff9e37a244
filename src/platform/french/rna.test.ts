import { describe, expect, it } from "vitest";
import { checkRna } from "./rna.ts";

describe("an RNA number", () => {
  it("is W and 9 characters, normalised to capitals without spaces", () => {
    expect(checkRna("W751234567")).toEqual({ ok: true, value: "W751234567" });
    expect(checkRna("w751234567")).toEqual({ ok: true, value: "W751234567" });
    expect(checkRna(" W 751 234 567 ")).toEqual({ ok: true, value: "W751234567" });
  });

  it("accepts the letter of Corsican and overseas prefecture codes", () => {
    expect(checkRna("W2A1001234").ok).toBe(true);
    expect(checkRna("w9r2003456")).toEqual({ ok: true, value: "W9R2003456" });
  });

  it("is refused without the W, with the wrong length, or with letters elsewhere", () => {
    const message = "Le numéro RNA commence par la lettre W suivie de 9 caractères, par exemple W751234567.";
    for (const wrong of ["751234567", "W75123456", "W7512345678", "WA51234567", "W75123456A", "X751234567"]) {
      expect(checkRna(wrong)).toEqual({ ok: false, message });
    }
    expect(checkRna("").ok).toBe(false);
  });
});
