import { describe, expect, it } from "vitest";
import { checkNir, formatNir, nirKey } from "./nir.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);

describe("a social security number (NIR)", () => {
  it("is accepted with its key 97 − (number mod 97), spaced or not", () => {
    // The usual example (a woman born in August 1955 in the Calvados): key 38.
    expect(nirKey("2550814168025")).toBe("38");
    expect(checkNir("2 55 08 14 168 025 38")).toEqual({ ok: true, value: "255081416802538" });
    expect(checkNir("185057800608491").ok).toBe(true);
  });

  it("counts 2A as 19 and 2B as 18 for Corsica", () => {
    // 1841219004123 mod 97 = 74 and 2800318012345 mod 97 = 22, computed independently.
    expect(nirKey("184122A004123")).toBe("23");
    expect(checkNir("1 84 12 2a 004 123 23")).toEqual({ ok: true, value: "184122A00412323" });
    expect(checkNir("2 80 03 2B 012 345 75").ok).toBe(true);
    expect(checkNir("2 80 03 2A 012 345 75").ok).toBe(false);
  });

  it("pads a key below 10 with a zero", () => {
    const first13 = Array.from({ length: 1000 }, (_, i) => `1850578006${String(i).padStart(3, "0")}`).find((n) => 97 - (Number(n) % 97) < 10)!;
    expect(nirKey(first13)).toMatch(/^0\d$/);
    expect(checkNir(first13 + nirKey(first13)).ok).toBe(true);
  });

  it("is refused with one wrong digit or two adjacent digits swapped", () => {
    const wrongKey = "La clé du numéro de sécurité sociale est incorrecte : vérifiez le numéro sur votre carte Vitale ou votre attestation.";
    expect(messageOf(checkNir("255081416802539"))).toBe(wrongKey);
    expect(messageOf(checkNir("255081416812538"))).toBe(wrongKey);
    expect(messageOf(checkNir("255081461802538"))).toBe(wrongKey);
    expect(messageOf(checkNir("255081146802538"))).toBe(wrongKey);
  });

  it("accepts temporary numbers (3, 4, 7, 8) and the INSEE's fictitious months, and refuses other values", () => {
    const withKey = (first13: string) => first13 + nirKey(first13);
    for (const sex of ["3", "4", "7", "8"]) expect(checkNir(withKey(`${sex}550814168025`)).ok).toBe(true);
    for (const sex of ["0", "5", "6", "9"]) expect(messageOf(checkNir(withKey(`${sex}550814168025`)))).toBe("Le numéro de sécurité sociale commence par 1 ou 2.");
    for (const month of ["01", "12", "20", "30", "42", "50", "99"]) expect(checkNir(withKey(`255${month}14168025`)).ok).toBe(true);
    for (const month of ["00", "13", "19", "43", "49"]) expect(messageOf(checkNir(withKey(`255${month}14168025`)))).toMatch(/mois de naissance/);
  });

  it("accepts people born overseas or abroad", () => {
    const withKey = (first13: string) => first13 + nirKey(first13);
    expect(checkNir(withKey("1850397411123")).ok).toBe(true);
    expect(checkNir(withKey("1850399350001")).ok).toBe(true);
  });

  it("explains the expected length and characters", () => {
    expect(messageOf(checkNir("2550814168025"))).toBe("Le numéro de sécurité sociale doit comporter 15 caractères : 13 chiffres et une clé de 2 chiffres.");
    expect(messageOf(checkNir("2550814168O2538"))).toMatch(/ne doit comporter que des chiffres/);
    expect(messageOf(checkNir("25508141680253X"))).toMatch(/ne doit comporter que des chiffres/);
    expect(formatNir("255081416802538")).toBe("2 55 08 14 168 025 38");
  });
});
