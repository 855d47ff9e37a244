import { describe, expect, it } from "vitest";
import { checkFrenchPhone } from "./phone.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);
const PARIS = { ok: true, value: { e164: "+33123456789", national: "01 23 45 67 89", mobile: false } };

describe("a French phone number", () => {
  it("is accepted however it is written, and normalised to E.164", () => {
    for (const typed of ["01 23 45 67 89", "01.23.45.67.89", "0123456789", "01-23-45-67-89", "+33 1 23 45 67 89", "+33123456789", "0033 1 23 45 67 89", "+33 (0)1 23 45 67 89", "\u00a001 23 45 67 89 "]) {
      expect(checkFrenchPhone(typed), typed).toEqual(PARIS);
    }
  });

  it("knows mobile numbers by their 06 or 07", () => {
    expect(checkFrenchPhone("06 12 34 56 78")).toEqual({ ok: true, value: { e164: "+33612345678", national: "06 12 34 56 78", mobile: true } });
    expect(checkFrenchPhone("+33 7 81 23 45 67").ok && checkFrenchPhone("+33 7 81 23 45 67")).toMatchObject({ value: { mobile: true } });
    expect(checkFrenchPhone("09 12 34 56 78")).toMatchObject({ value: { mobile: false } });
  });

  it("gives overseas numbers their own country code, whichever way they are typed", () => {
    expect(checkFrenchPhone("02 62 12 34 56")).toEqual({ ok: true, value: { e164: "+262262123456", national: "02 62 12 34 56", mobile: false } });
    expect(checkFrenchPhone("+262 692 12 34 56")).toEqual({ ok: true, value: { e164: "+262692123456", national: "06 92 12 34 56", mobile: true } });
    expect(checkFrenchPhone("+33 6 92 12 34 56")).toMatchObject({ value: { e164: "+262692123456" } });
    expect(checkFrenchPhone("06 39 12 34 56")).toMatchObject({ value: { e164: "+262639123456", mobile: true } });
    expect(checkFrenchPhone("00590 590 12 34 56")).toMatchObject({ value: { e164: "+590590123456", national: "05 90 12 34 56" } });
    expect(checkFrenchPhone("+594 694 12 34 56")).toMatchObject({ value: { e164: "+594694123456" } });
    expect(checkFrenchPhone("+596 696 12 34 56")).toMatchObject({ value: { e164: "+596696123456" } });
  });

  it("refuses an overseas country code with a number from elsewhere", () => {
    expect(messageOf(checkFrenchPhone("+262 1 23 45 67 89"))).toBe("Ce numéro ne correspond pas à l'indicatif +262 : vérifiez-le.");
    expect(checkFrenchPhone("+596 692 12 34 56").ok).toBe(false);
  });

  it("refuses numbers of the wrong length, foreign numbers and letters", () => {
    const format = "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 23 45 67 89.";
    expect(messageOf(checkFrenchPhone("01 23 45 67 8"))).toBe(format);
    expect(messageOf(checkFrenchPhone("01 23 45 67 89 0"))).toBe(format);
    expect(messageOf(checkFrenchPhone("+33 1 23 45 67 8"))).toBe(format);
    expect(messageOf(checkFrenchPhone("+44 20 7946 0958"))).toMatch(/^Saisissez un numéro de téléphone français \(indicatif/);
    expect(checkFrenchPhone("+269 639 12 34 56").ok).toBe(false);
    expect(messageOf(checkFrenchPhone("01 23 45 67 8O"))).toMatch(/que des chiffres/);
    expect(messageOf(checkFrenchPhone("1234567890"))).toMatch(/commence par 0/);
    expect(messageOf(checkFrenchPhone(""))).toBe("Saisissez un numéro de téléphone.");
  });
});
