import { describe, expect, it } from "vitest";
import { checkBic, checkIban, formatIban, IBAN_LENGTHS } from "./iban.ts";

const messageOf = (check: { ok: boolean; message?: string }) => (check.ok ? undefined : check.message);
const INVALID = "Cet IBAN n'est pas valide : vérifiez-le sur votre relevé d'identité bancaire (RIB).";

describe("an IBAN", () => {
  it("is accepted with its mod 97 key, grouped or not, in any case", () => {
    expect(checkIban("FR76 3000 6000 0112 3456 7890 189")).toEqual({ ok: true, value: "FR7630006000011234567890189" });
    expect(checkIban("fr7630006000011234567890189").ok).toBe(true);
    expect(checkIban("IBAN : FR76 3000 6000 0112 3456 7890 189").ok).toBe(true);
    // A French account number may hold letters (La Banque Postale's example RIB).
    expect(checkIban("FR14 2004 1010 0505 0001 3M02 606").ok).toBe(true);
  });

  it("accepts the examples of other SEPA countries' registries", () => {
    for (const iban of [
      "DE89 3704 0044 0532 0130 00",
      "GB82 WEST 1234 5698 7654 32",
      "BE68 5390 0754 7034",
      "CH93 0076 2011 6238 5295 7",
      "NL91 ABNA 0417 1643 00",
      "MC58 1122 2000 0101 2345 6789 030",
    ]) {
      expect(checkIban(iban).ok, iban).toBe(true);
    }
  });

  it("is refused with one wrong character or two adjacent characters swapped", () => {
    expect(messageOf(checkIban("FR7630006000011234567890188"))).toBe(INVALID);
    expect(messageOf(checkIban("FR7630006000011234567809189"))).toBe(INVALID);
    expect(messageOf(checkIban("FR7630060000011234567890189"))).toBe(INVALID);
    expect(messageOf(checkIban("DE89370400440532013001"))).toBe(INVALID);
    expect(messageOf(checkIban("GB82WEST12345698765423"))).toBe(INVALID);
  });

  it("explains a wrong length, country or character", () => {
    expect(messageOf(checkIban("FR763000600001123456789018"))).toBe("Un IBAN français comporte 27 caractères : FR, 2 chiffres, puis 23 caractères.");
    expect(messageOf(checkIban("DE8937040044053201300"))).toBe("Un IBAN de ce pays comporte 22 caractères.");
    expect(messageOf(checkIban("ZZ7630006000011234567890189"))).toMatch(/code pays/);
    expect(messageOf(checkIban("7630006000011234567890189"))).toMatch(/^L'IBAN commence par le code du pays/);
    expect(messageOf(checkIban("FR76 3000 6000 0112 3456 7890 18*"))).toBe("L'IBAN ne doit comporter que des lettres et des chiffres.");
    expect(checkIban("").ok).toBe(false);
  });

  it("can be limited to French accounts", () => {
    expect(messageOf(checkIban("DE89370400440532013000", { frenchOnly: true }))).toMatch(/compte en France/);
    expect(checkIban("FR7630006000011234567890189", { frenchOnly: true }).ok).toBe(true);
  });

  it("knows the length of every SEPA country", () => {
    const sepa = "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA".split(" ");
    expect(sepa.filter((country) => IBAN_LENGTHS[country] === undefined)).toEqual([]);
    expect(IBAN_LENGTHS.FR).toBe(27);
  });

  it("is displayed in groups of 4", () => {
    expect(formatIban("FR7630006000011234567890189")).toBe("FR76 3000 6000 0112 3456 7890 189");
    expect(formatIban("be68539007547034")).toBe("BE68 5390 0754 7034");
  });
});

describe("a BIC", () => {
  it("has 8 or 11 characters: bank, country, location and optional branch", () => {
    expect(checkBic("BNPAFRPP")).toEqual({ ok: true, value: "BNPAFRPP" });
    expect(checkBic("bnpa fr pp xxx")).toEqual({ ok: true, value: "BNPAFRPPXXX" });
    expect(checkBic("PSSTFRPPSCE").ok).toBe(true);
  });

  it("is refused with another length or digits in the bank or country code", () => {
    expect(messageOf(checkBic("BNPAFRP"))).toBe("Le BIC comporte 8 ou 11 caractères.");
    expect(messageOf(checkBic("BNPAFRPPXX"))).toBe("Le BIC comporte 8 ou 11 caractères.");
    expect(checkBic("BN1AFRPP").ok).toBe(false);
    expect(checkBic("BNPAF1PP").ok).toBe(false);
  });
});
