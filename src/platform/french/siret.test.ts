import { describe, expect, it } from "vitest";
import { checkSiren, checkSiret, formatSiren, formatSiret, sirenOf } from "./siret.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);

describe("a SIRET", () => {
  it("is accepted with its Luhn key, however it is spaced or punctuated", () => {
    // The City of Paris (SIREN 217 500 016 in INSEE's geographic code) and python-stdnum's example.
    expect(checkSiret("21750001600019")).toEqual({ ok: true, value: "21750001600019" });
    expect(checkSiret("217 500 016 00019")).toEqual({ ok: true, value: "21750001600019" });
    expect(checkSiret(" 732.829.320-00074 ")).toEqual({ ok: true, value: "73282932000074" });
    expect(checkSiret("732\u00a0829\u202f320 00074").ok).toBe(true);
  });

  it("is refused with one wrong digit", () => {
    expect(messageOf(checkSiret("73282932000079"))).toBe("Ce numéro SIRET n'est pas valide : vérifiez-le sur l'avis de situation INSEE.");
    expect(checkSiret("21750001600018").ok).toBe(false);
    expect(checkSiret("31750001600019").ok).toBe(false);
  });

  it("is refused with two adjacent digits swapped", () => {
    expect(checkSiret("27150001600019").ok).toBe(false);
    expect(checkSiret("73282932000047").ok).toBe(false);
  });

  it("is refused when its first 9 digits are not a valid SIREN, even if the 14 digits pass Luhn", () => {
    // 217500017 fails Luhn; 217 500 017 00017 passes Luhn over its 14 digits (computed apart).
    expect(checkSiren("217500017").ok).toBe(false);
    expect(checkSiret("21750001700017").ok).toBe(false);
  });

  it("follows La Poste's rule: the head office passes Luhn, the other establishments have a digit sum multiple of 5", () => {
    expect(checkSiret("356 000 000 00048").ok).toBe(true);
    // Real La Poste establishments (python-stdnum's tests): not Luhn-valid, digit sums 35 and 45.
    expect(checkSiret("356 000 000 09075").ok).toBe(true);
    expect(checkSiret("35600000049837").ok).toBe(true);
    expect(checkSiret("35600000049838").ok).toBe(false);
    // The exception belongs to La Poste only: the same digit sum elsewhere is no key.
    expect(checkSiret("21750001600021").ok).toBe(false);
  });

  it("explains what is wrong with the length or the characters", () => {
    expect(messageOf(checkSiret("2175000160001"))).toBe("Le numéro SIRET doit comporter 14 chiffres.");
    expect(messageOf(checkSiret("217500016"))).toMatch(/^Vous avez saisi un numéro SIREN/);
    expect(messageOf(checkSiret("2175OOO1600019"))).toBe("Le numéro SIRET ne doit comporter que des chiffres.");
    expect(messageOf(checkSiret("  "))).toBe("Saisissez le numéro SIRET (14 chiffres).");
  });

  it("gives its SIREN and is displayed in INSEE's groups", () => {
    expect(sirenOf("217 500 016 00019")).toBe("217500016");
    expect(formatSiret("21750001600019")).toBe("217 500 016 00019");
    expect(formatSiret("217500016 00019")).toBe("217 500 016 00019");
    expect(formatSiren("217500016")).toBe("217 500 016");
  });
});

describe("a SIREN", () => {
  it("is accepted with its Luhn key", () => {
    expect(checkSiren("217 500 016")).toEqual({ ok: true, value: "217500016" });
    expect(checkSiren("356000000").ok).toBe(true);
    expect(checkSiren("552100554").ok).toBe(true);
  });

  it("is refused with a wrong digit, two swapped digits, or the wrong length", () => {
    expect(messageOf(checkSiren("217500017"))).toBe("Ce numéro SIREN n'est pas valide : vérifiez-le sur l'avis de situation INSEE.");
    expect(checkSiren("271500016").ok).toBe(false);
    expect(messageOf(checkSiren("21750001"))).toBe("Le numéro SIREN doit comporter 9 chiffres.");
    expect(messageOf(checkSiren("21750001600019"))).toMatch(/^Vous avez saisi un numéro SIRET/);
  });
});
