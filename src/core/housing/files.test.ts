import { describe, expect, it } from "vitest";
import { CEILING_COLUMNS, readCeilingsFile, readZone } from "./ceilings-file.ts";
import { parseMonths, readStockFile, STOCK_EXAMPLE } from "./stock-file.ts";

const header = Object.values(CEILING_COLUMNS).join(";");
const year = (y: number, zones = ["paris", "ile-de-france", "autres-regions"]) =>
  ["PLAI", "PLUS", "PLS"].flatMap((financing, f) => zones.map((zone, z) => `${y};${financing};${zone};${[1, 2, 3, 4, 5, 6].map((c) => `${10_000 * (f + 1) + 1000 * c + z} €`).join(";")};4 000`));
const bytes = (lines: string[]) => Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`);

describe("reading the ceilings file", () => {
  it("reads complete years, amounts typed the French way", () => {
    const file = readCeilingsFile(bytes([header, ...year(2026), ...year(2027)]));
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect([...file.years.keys()]).toEqual([2026, 2027]);
    expect(file.years.get(2026)![0]).toEqual({ financing: "PLAI", zone: "paris", category1: 11_000, category2: 12_000, category3: 13_000, category4: 14_000, category5: 15_000, category6: 16_000, perAdditionalPerson: 4000 });
  });

  it("reads zones however named", () => {
    expect(readZone("Île-de-France hors Paris et communes limitrophes")).toBe("ile-de-france");
    expect(readZone("AUTRES_REGIONS")).toBe("autres-regions");
    expect(readZone("Lyon")).toBeUndefined();
  });

  it("reports each broken line with its reasons, an incomplete year and a duplicate, and keeps nothing", () => {
    const lines = [header, ...year(2026), "2026;PLAI;paris;1;2;3;4;5;6;7", "20x6;PLUSS;Lyon;abc;-3;1,50;4;5;6;7", ...year(2027, ["paris"])];
    const file = readCeilingsFile(bytes(lines));
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.message).toBe("3 lignes sont à corriger : rien n'a été chargé.");
    expect(file.broken.map((entry) => entry.line)).toEqual([11, 12, 13]);
    expect(file.broken[0]!.reasons).toEqual(["PLAI paris 2026 figure déjà à la ligne 2."]);
    expect(file.broken[1]!.reasons.join(" ")).toMatch(/annee : « 20x6 ».*financement : « PLUSS ».*zone : « Lyon ».*categorie_1 : « abc ».*categorie_2 : « -3 » : Le montant ne peut pas être négatif.*categorie_3 : « 1,50 » : les plafonds sont en euros entiers/);
    expect(file.broken[2]!.reasons[0]).toContain("L'année 2027 est incomplète : il manque PLAI ile-de-france");
  });

  it("refuses a file without the columns, or empty", () => {
    const file = readCeilingsFile(Buffer.from("annee;zone\n2026;paris\n"));
    expect(!file.ok && file.message).toMatch(/^Il manque les colonnes « financement », « categorie_1 »/);
    expect(readCeilingsFile(Buffer.from("")).ok).toBe(false);
  });
});

describe("reading the stock file", () => {
  it("reads communes by INSEE code with their official name, counts with spaces and months with a comma", () => {
    const file = readStockFile(Buffer.from(STOCK_EXAMPLE));
    expect(file.ok && file.rows[0]).toEqual({
      communeCode: "93048",
      communeName: "Montreuil",
      dwellingsT1: 1210,
      dwellingsT2: 2480,
      dwellingsT3: 3050,
      dwellingsT4: 1720,
      dwellingsT5: 460,
      pendingRequests: 9800,
      averageWaitTenths: 385,
    });
    expect(parseMonths("14.5")).toBe(145);
    expect(parseMonths("-1")).toBeUndefined();
  });

  it("reports unknown communes, negative counts and a commune given twice (an arrondissement is its city), and keeps nothing", () => {
    const file = readStockFile(
      Buffer.from(["code_commune,t1,t2,t3,t4,t5_et_plus,demandes_en_attente,delai_moyen_mois", "75056,1,2,3,4,5,6,7", "75112,1,2,3,4,5,6,7", "99999,-1,2,3,4,5,6,sept"].join("\n")),
    );
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.broken).toEqual([
      { line: 3, reasons: ["code_commune : Paris (75056) figure déjà à la ligne 2."] },
      {
        line: 4,
        reasons: [
          "code_commune : « 99999 » n'est pas un code de commune (code INSEE) de la liste officielle.",
          "t1 : « -1 » n'est pas un nombre entier positif ou nul.",
          "delai_moyen_mois : « sept » n'est pas un nombre de mois (par exemple 14 ou 14,5).",
        ],
      },
    ]);
  });
});
