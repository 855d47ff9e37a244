import { describe, expect, it } from "vitest";
import { detectDelimiter, normaliseHeader, parseCsv, readRegisterFile, UnclosedQuote } from "./csv.ts";

const HEADER = "numero_client;siret;raison_sociale;representant_legal;adresse;code_postal;commune";
const bytes = (text: string) => new TextEncoder().encode(text);

describe("the CSV parser", () => {
  it("splits fields on the delimiter and records on LF, CRLF or CR", () => {
    expect(parseCsv("a;b\r\nc;d\ne;f\rg;h", ";").map((record) => record.fields)).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
  });

  it("reads quoted fields with doubled quotes, delimiters and line breaks inside, and gives the line each record starts on", () => {
    const records = parseCsv('nom,adresse\r\n"Office ""Habitat"", Rennes","1 rue A\r\nBâtiment B"\r\nx,y\r\n', ",");
    expect(records).toEqual([
      { line: 1, fields: ["nom", "adresse"] },
      { line: 2, fields: ['Office "Habitat", Rennes', "1 rue A\r\nBâtiment B"] },
      { line: 4, fields: ["x", "y"] },
    ]);
  });

  it("keeps a quote inside an unquoted field as a letter", () => {
    expect(parseCsv('L"Escale;2', ";")[0]!.fields).toEqual(['L"Escale', "2"]);
  });

  it("refuses a quote left open until the end of the file, naming the line where it opens", () => {
    expect(() => parseCsv('a;b\n1;"2\n3;4\n', ";")).toThrow(UnclosedQuote);
    try {
      parseCsv('a;b\n1;"2\n3;4\n', ";");
    } catch (error) {
      expect((error as UnclosedQuote).line).toBe(2);
    }
  });

  it("detects the delimiter from the header line, ignoring what is quoted", () => {
    expect(detectDelimiter("a;b;c\n1,2,3,4,5")).toBe(";");
    expect(detectDelimiter('"a;b",c,d\n')).toBe(",");
  });

  it("matches header names whatever their case, accents, spaces or underscores", () => {
    expect(normaliseHeader(" Numéro client ")).toBe(normaliseHeader("numero_client"));
    expect(normaliseHeader("CODE-POSTAL")).toBe(normaliseHeader("code_postal"));
  });
});

describe("reading the register file", () => {
  it("strips the BOM, reads `;` and maps the columns in any order, ignoring empty lines and unknown columns", () => {
    const file = readRegisterFile(
      bytes(`\uFEFFCommune;Code postal;Numéro client;SIRET;Raison sociale;Représentant légal;Adresse;Remarque\r\nRennes;35000;00042;123 456 782 00010;Office;Mme Durand;1 rue A;x\r\n\r\n;;;;;;;\r\n`),
    );
    expect(file).toMatchObject({ ok: true, delimiter: ";", columnCount: 8, ignoredColumns: ["Remarque"] });
    if (!file.ok) return;
    expect(file.lines).toEqual([
      {
        line: 2,
        fieldCount: 8,
        values: {
          clientNumber: "00042",
          siret: "123 456 782 00010",
          name: "Office",
          legalRepresentative: "Mme Durand",
          addressLine: "1 rue A",
          postalCode: "35000",
          commune: "Rennes",
        },
      },
    ]);
  });

  it("rejects the whole file when required columns are missing, naming each of them", () => {
    const file = readRegisterFile(bytes("numero_client;siret;raison_sociale;adresse;commune\n1;2;3;4;5\n"));
    expect(file.ok).toBe(false);
    if (file.ok) return;
    expect(file.message).toContain("Il manque les colonnes « representant_legal », « code_postal » dans la première ligne du fichier.");
  });

  it("rejects an empty file, a file of blank lines, a binary file and a file that is not UTF-8", () => {
    expect(readRegisterFile(new Uint8Array())).toEqual({ ok: false, message: "Le fichier est vide." });
    expect(readRegisterFile(bytes("\uFEFF\r\n\r\n"))).toEqual({ ok: false, message: "Le fichier est vide." });
    expect(readRegisterFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({ ok: false, message: expect.stringContaining("n'est pas un fichier texte CSV") });
    // "Rennes;Métropole" in Windows-1252, as an old Excel saves it.
    const latin1 = Uint8Array.from([...bytes(`${HEADER}\n1;2;M`), 0xe9, ...bytes("tropole;4;5;6;7\n")]);
    expect(readRegisterFile(latin1)).toMatchObject({ ok: false, message: expect.stringContaining("n'est pas encodé en UTF-8") });
  });

  it("rejects a file whose header repeats a column", () => {
    expect(readRegisterFile(bytes(`${HEADER};SIRET\n`))).toMatchObject({ ok: false, message: expect.stringContaining("plusieurs fois la colonne « SIRET »") });
  });

  it("counts the values of each line, not the empty cells a spreadsheet adds after the last column", () => {
    const file = readRegisterFile(bytes(`${HEADER}\n1;2;3;4;5;6;7;;\n1;2;3;4;5;6;7;8\n1;2;3\n`));
    if (!file.ok) throw new Error(file.message);
    expect(file.lines.map((line) => line.fieldCount)).toEqual([7, 8, 3]);
  });
});
