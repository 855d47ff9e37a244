import { describe, expect, it } from "vitest";
import { formatEuros, parseEuros } from "./amount.ts";

const cents = (typed: string, options?: Parameters<typeof parseEuros>[1]) => {
  const result = parseEuros(typed, options);
  return result.ok ? result.value : result.message;
};

describe("an amount typed in euros", () => {
  it("is read whichever decimal separator or currency sign people use (seed 004)", () => {
    expect(cents("650,50")).toBe(65050);
    expect(cents("650.50")).toBe(65050);
    expect(cents("650,50 €")).toBe(65050);
    expect(cents("650,50€")).toBe(65050);
    expect(cents("650 €")).toBe(65000);
    expect(cents("650 euros")).toBe(65000);
    expect(cents("650 EUR")).toBe(65000);
    expect(cents("€ 650")).toBe(65000);
    expect(cents("650")).toBe(65000);
    expect(cents("650,5")).toBe(65050);
    expect(cents("0,07")).toBe(7);
    expect(cents(" 650,00 ")).toBe(65000);
  });

  it("reads thousands separated by spaces of any kind, dots or commas", () => {
    expect(cents("1 234,56")).toBe(123456);
    expect(cents("1\u00a0234,56")).toBe(123456);
    expect(cents("1\u202f234,56 €")).toBe(123456);
    expect(cents("1.234,56")).toBe(123456);
    expect(cents("1,234.56")).toBe(123456);
    expect(cents("1 234 567")).toBe(123456700);
    expect(cents("1.234.567")).toBe(123456700);
    expect(cents("1 234.56")).toBe(123456);
  });

  it("refuses more than 2 decimals", () => {
    expect(cents("650,505")).toBe("Le montant ne peut pas comporter plus de 2 chiffres après la virgule (les centimes).");
    expect(cents("1,234")).toBe("Le montant ne peut pas comporter plus de 2 chiffres après la virgule (les centimes).");
  });

  it("asks rather than guesses when a dot could mean thousands or decimals", () => {
    expect(cents("1.234")).toMatch(/^Ce montant est ambigu/);
  });

  it("refuses garbage and badly grouped thousands", () => {
    const format = "Le montant ne doit comporter que des chiffres et une virgule avant les centimes, par exemple 650,50.";
    for (const typed of ["six cent cinquante", "650,50,20", "12 34", "1 2345", "650,", "1.23.4", "65O", "650,5O", "6-50", "+-650", "650 $", ",", "1 234.567,89"]) {
      expect(cents(typed), typed).toBe(format);
    }
    expect(cents("")).toBe("Saisissez un montant en euros, par exemple 650,50.");
    expect(cents("1".repeat(50))).toBe("Saisissez un montant en euros, par exemple 650,50.");
  });

  it("refuses negative amounts unless the field allows them", () => {
    expect(cents("-12,50")).toBe("Le montant ne peut pas être négatif.");
    expect(cents("−12,50")).toBe("Le montant ne peut pas être négatif.");
    expect(cents("-12,50", { allowNegative: true })).toBe(-1250);
    expect(cents("-0", { allowNegative: true })).toBe(0);
  });

  it("refuses absurd sizes", () => {
    expect(cents("1 000 000 000")).toBe(100_000_000_000);
    expect(cents("1 000 000 000,01")).toBe("Le montant ne peut pas dépasser 1\u202f000\u202f000\u202f000,00\u00a0€.");
    expect(cents("5 000", { maxCents: 300_000 })).toBe("Le montant ne peut pas dépasser 3\u202f000,00\u00a0€.");
    expect(cents("99999999999999")).toBe("Ce montant est trop élevé : vérifiez-le.");
  });
});

describe("formatEuros", () => {
  it("writes cents the French way, with spaces that do not break", () => {
    expect(formatEuros(123456)).toBe("1\u202f234,56\u00a0€");
    expect(formatEuros(65050)).toBe("650,50\u00a0€");
    expect(formatEuros(7)).toBe("0,07\u00a0€");
    expect(formatEuros(-1250)).toBe("-12,50\u00a0€");
    expect(formatEuros(100_000_000_000)).toBe("1\u202f000\u202f000\u202f000,00\u00a0€");
  });

  it("refuses what is not a whole number of cents", () => {
    expect(() => formatEuros(12.5)).toThrow(RangeError);
  });

  it("gives back what parseEuros reads", () => {
    for (const value of [0, 1, 99, 100, 65050, 123456, 987654321]) {
      expect(parseEuros(formatEuros(value))).toEqual({ ok: true, value });
    }
  });
});
