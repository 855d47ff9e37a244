import { describe, expect, it } from "vitest";
import { NIR_MISMATCH, checkNirMatchesBirth, type BirthData } from "./nir-birth.ts";

/** A NIR from its 13 first characters, with its key computed by the rule 97 − (n mod 97). */
function withKey(first13: string): string {
  const numeric = first13.replace("2A", "19").replace("2B", "18");
  return first13 + String(97 - Number(BigInt(numeric) % 97n)).padStart(2, "0");
}

const messageOf = (nir: string, birth: BirthData) => {
  const check = checkNirMatchesBirth(nir, birth);
  return check.ok ? undefined : check.message;
};

const inFrance = (sex: "F" | "M", birthDate: string, birthCommuneCode: string): BirthData => ({ sex, birthDate, birthCommuneCode, birthCountryCode: "99100" });
const abroad = (sex: "F" | "M", birthDate: string, birthCountryCode: string): BirthData => ({ sex, birthDate, birthCommuneCode: null, birthCountryCode });

describe("a NIR checked against the birth data", () => {
  it("accepts published examples with their birth data, spaced as printed", () => {
    // The INSEE's and Wikipedia's example: a woman born in August 1955 in Colombières (Calvados).
    expect(checkNirMatchesBirth("2 55 08 14 168 025 38", inFrance("F", "1955-08-21", "14168"))).toEqual({ ok: true, value: "255081416802538" });
    // The Assurance maladie's example: a man born in December 1984 in Mont-Saint-Aignan.
    expect(checkNirMatchesBirth("1 84 12 76 451 089 46", inFrance("M", "1984-12-03", "76451"))).toEqual({ ok: true, value: "184127645108946" });
  });

  it("checks the format and the key first", () => {
    expect(messageOf("1 84 12 76 451 089 47", inFrance("M", "1984-12-03", "76451"))).toMatch(/^La clé du numéro de sécurité sociale est incorrecte/);
    expect(messageOf("1 84 12 76 451 089", inFrance("M", "1984-12-03", "76451"))).toMatch(/15 caractères/);
  });

  it("refuses a number of the other sex, and reads 3, 4, 7 and 8 by their parity", () => {
    expect(messageOf(withKey("2841276451089"), inFrance("M", "1984-12-03", "76451"))).toBe(NIR_MISMATCH.sex);
    expect(messageOf(withKey("1841276451089"), inFrance("F", "1984-12-03", "76451"))).toBe(NIR_MISMATCH.sex);
    expect(checkNirMatchesBirth(withKey("7841276451089"), inFrance("M", "1984-12-03", "76451")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("8841276451089"), inFrance("F", "1984-12-03", "76451")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("3841299350089"), abroad("M", "1984-12-03", "99350")).ok).toBe(true);
    expect(messageOf(withKey("4841299350089"), abroad("M", "1984-12-03", "99350"))).toBe(NIR_MISMATCH.sex);
  });

  it("refuses another year or month of birth", () => {
    expect(messageOf(withKey("1851276451089"), inFrance("M", "1984-12-03", "76451"))).toBe(NIR_MISMATCH.year);
    // Same last two digits, another century: the NIR cannot tell, and does not need to.
    expect(checkNirMatchesBirth(withKey("1841276451089"), inFrance("M", "1884-12-03", "76451")).ok).toBe(true);
    expect(messageOf(withKey("1841176451089"), inFrance("M", "1984-12-03", "76451"))).toBe(
      "Le numéro de sécurité sociale ne correspond pas à votre mois de naissance.",
    );
  });

  it("accepts any birth month when the NIR says the month is unknown (20–42, 50–99)", () => {
    for (const month of ["20", "31", "42", "50", "99"]) {
      expect(checkNirMatchesBirth(withKey(`184${month}76451089`), inFrance("M", "1984-06-03", "76451")).ok).toBe(true);
    }
  });

  it("refuses another département or another commune of birth", () => {
    expect(messageOf(withKey("1841214118089"), inFrance("M", "1984-12-03", "76451"))).toBe(NIR_MISMATCH.departement);
    // Caen (14118) is in the Calvados like Colombières (14168), but is another commune.
    expect(messageOf(withKey("2550814118025"), inFrance("F", "1955-08-21", "14168"))).toBe(NIR_MISMATCH.commune);
  });

  it("accepts a commune's former code, an arrondissement, and an old code the list does not know", () => {
    // Billy (14074) merged into Valambray (14005) in 2017; the NIR keeps 14074.
    expect(checkNirMatchesBirth(withKey("2550814074025"), inFrance("F", "1955-08-21", "14005")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("2550814074025"), inFrance("F", "1955-08-21", "14074")).ok).toBe(true);
    // Born in the 5th arrondissement, the person chose "Paris" (75056).
    expect(checkNirMatchesBirth(withKey("1841275105089"), inFrance("M", "1984-12-03", "75056")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("1841275105089"), inFrance("M", "1984-12-03", "75105")).ok).toBe(true);
    // 14999 is no commune of today's list: we cannot tell, the département matches.
    expect(checkNirMatchesBirth(withKey("2550814999025"), inFrance("F", "1955-08-21", "14168")).ok).toBe(true);
  });

  it("knows Corsica: 2A and 2B, and 20 for the numbers given before 1976", () => {
    expect(checkNirMatchesBirth(withKey("184122A004123"), inFrance("M", "1984-12-03", "2A004")).ok).toBe(true);
    expect(checkNirMatchesBirth("1 84 12 2a 004 123 23", inFrance("M", "1984-12-03", "2A004"))).toEqual({ ok: true, value: "184122A00412323" });
    expect(checkNirMatchesBirth(withKey("1701220004123"), inFrance("M", "1970-12-03", "2A004")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("2650320033123"), inFrance("F", "1965-03-03", "2B033")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("285032B033123"), inFrance("F", "1985-03-03", "2B033")).ok).toBe(true);
    expect(messageOf(withKey("184122B004123"), inFrance("M", "1984-12-03", "2A004"))).toBe(NIR_MISMATCH.departement);
    expect(messageOf(withKey("184122A033123"), inFrance("M", "1984-12-03", "2B033"))).toBe(NIR_MISMATCH.departement);
  });

  it("knows the overseas départements' three-digit codes", () => {
    // Saint-Pierre of La Réunion (97416) and of Martinique (97225).
    expect(checkNirMatchesBirth(withKey("2920597416045"), inFrance("F", "1992-05-10", "97416")).ok).toBe(true);
    expect(messageOf(withKey("2920597225045"), inFrance("F", "1992-05-10", "97416"))).toBe(NIR_MISMATCH.departement);
    expect(messageOf(withKey("2920597411045"), inFrance("F", "1992-05-10", "97416"))).toBe(NIR_MISMATCH.commune);
    // Nouméa, Nouvelle-Calédonie.
    expect(checkNirMatchesBirth(withKey("2920598818045"), inFrance("F", "1992-05-10", "98818")).ok).toBe(true);
  });

  it("reads 99 and the country code for people born abroad", () => {
    expect(checkNirMatchesBirth(withKey("1750299350012"), abroad("M", "1975-02-01", "99350")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("2880199109012"), abroad("F", "1988-01-15", "99109")).ok).toBe(true);
    expect(messageOf(withKey("1750299352012"), abroad("M", "1975-02-01", "99350"))).toBe(NIR_MISMATCH.country);
    expect(messageOf(withKey("1750299350012"), inFrance("M", "1975-02-01", "76451"))).toBe(NIR_MISMATCH.bornAbroad);
    expect(messageOf(withKey("1750276451012"), abroad("M", "1975-02-01", "99350"))).toBe(NIR_MISMATCH.bornInFrance);
  });

  it("accepts the départements of Algeria, Morocco and Tunisia for births before independence only", () => {
    expect(checkNirMatchesBirth(withKey("1580391123012"), abroad("M", "1958-03-01", "99352")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("2520395123012"), abroad("F", "1952-03-01", "99350")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("2520396123012"), abroad("F", "1952-03-01", "99351")).ok).toBe(true);
    expect(messageOf(withKey("1700391123012"), abroad("M", "1970-03-01", "99352"))).toBe(NIR_MISMATCH.bornInFrance);
    expect(messageOf(withKey("1580392123012"), abroad("M", "1958-03-01", "99350"))).toBe(NIR_MISMATCH.bornInFrance);
  });

  it("accepts Seine (75) and Seine-et-Oise (78) for the Paris suburbs before 1968 only", () => {
    // Boulogne-Billancourt (92012) and Argenteuil (95018).
    expect(checkNirMatchesBirth(withKey("1600375012012"), inFrance("M", "1960-03-01", "92012")).ok).toBe(true);
    expect(checkNirMatchesBirth(withKey("1600378018012"), inFrance("M", "1960-03-01", "95018")).ok).toBe(true);
    expect(messageOf(withKey("1700375012012"), inFrance("M", "1970-03-01", "92012"))).toBe(NIR_MISMATCH.departement);
    expect(messageOf(withKey("1600378018012"), inFrance("M", "1960-03-01", "13055"))).toBe(NIR_MISMATCH.departement);
  });
});
