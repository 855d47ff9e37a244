import { describe, expect, it } from "vitest";
import { readDesksFile } from "./csv.ts";

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("reading the desks' CSV file", () => {
  it("reads `;` files with a BOM and CRLF, headers in any case or accents, and the line each record starts on", () => {
    const file = readDesksFile(
      bytes('\uFEFFNom;Adresse;Code postal;Commune;Horaires;Téléphone;Remarque\r\nA;"1 rue\r\nB";31000;Toulouse;9 h;;x\r\n\r\nC;2 rue;31700;Blagnac;10 h;05 36 49 00 02;y\r\n'),
    );
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.ignoredColumns).toEqual(["Remarque"]);
    expect(file.lines.map((line) => [line.line, line.fields.name, line.fields.address, line.fields.phone, line.fields.latitude])).toEqual([
      [2, "A", "1 rue\r\nB", "", ""],
      [5, "C", "2 rue", "05 36 49 00 02", ""],
    ]);
  });

  it("reads `,` files and counts cells the header does not name", () => {
    const file = readDesksFile(bytes("nom,adresse,code_postal,commune,horaires,latitude,longitude\nA,1 rue,31000,Toulouse,9 h,43.6,1.44,extra\n"));
    expect(file.ok && file.lines[0]).toMatchObject({ line: 2, extraCells: 1, fields: { latitude: "43.6", longitude: "1.44" } });
  });

  it.each([
    ["an empty file", "", "Le fichier est vide."],
    ["a header without the required columns", "nom;adresse\nA;B\n", "il manque : code_postal, commune, horaires"],
    ["a quote never closed", 'nom;adresse;code_postal;commune;horaires\nA;"1 rue;31000;Toulouse;9 h\n', "un guillemet ouvert n'est jamais fermé"],
  ])("refuses %s as a whole, saying why", (_, text, message) => {
    const file = readDesksFile(bytes(text));
    expect(file.ok).toBe(false);
    expect(!file.ok && file.message).toContain(message);
  });

  it("refuses a file that is not UTF-8", () => {
    const file = readDesksFile(Buffer.from([0x6e, 0x6f, 0x6d, 0x3b, 0xe9, 0x0a]));
    expect(!file.ok && file.message).toContain("UTF-8");
  });
});
