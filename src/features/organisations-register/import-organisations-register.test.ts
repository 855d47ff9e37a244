import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { fixedClock } from "../../platform/clock.ts";
import { UnusableRegisterFile } from "./errors.ts";
import { importOrganisationsRegister } from "./import-organisations-register.ts";
import { findRegisterEntry, listRegister } from "../../core/organisations/queries/register.ts";

// Valid SIRETs (Luhn keys on the SIREN and the SIRET).
const SIRET_A = "12345678200010";
const SIRET_B = "55208131700018";
const SIRET_C = "40123456200015";
const SIRET_D = "77889900500012";
const HEADER = "numero_client;siret;raison_sociale;representant_legal;adresse;code_postal;commune";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("importing the organisations register", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = fixedClock();
  const deps = () => ({ db: database.db, clock });
  const importEvents = () => database.db.selectFrom("auditEvents").selectAll().where("event", "=", "organisations.register_imported").execute();
  const importText = (text: string) => importOrganisationsRegister(deps(), { content: bytes(text), via: "cli" });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom("organisationsRegister").execute();
  });

  it("imports a `;` file with a BOM, storing client numbers without their leading zeros and the commune's INSEE code", async () => {
    const report = await importText(
      `\uFEFF${HEADER}\r\n000123;${SIRET_A};Office public de l'habitat;Mme Alice Durand;1 place de la Mairie;35000;Rennes\r\n` +
        `456;552 081 317 00018;Société coopérative HLM;M. Bruno Petit;2 rue Neuve;42000;st etienne\r\n`,
    );
    expect(report).toMatchObject({ lineCount: 2, created: 2, updated: 0, unchanged: 0, rejected: [] });
    const office = await findRegisterEntry(database.db, "123");
    expect(office).toMatchObject({
      clientNumber: "123",
      clientNumberAsTyped: "000123",
      siret: SIRET_A,
      siren: "123456782",
      name: "Office public de l'habitat",
      legalRepresentative: "Mme Alice Durand",
      addressLine: "1 place de la Mairie",
      postalCode: "35000",
      communeInseeCode: "35238",
      communeName: "Rennes",
      importBatchId: report.batchId,
    });
    expect(await findRegisterEntry(database.db, "0000456")).toMatchObject({ siret: SIRET_B, communeInseeCode: "42218", communeName: "st etienne" });
  });

  it("imports a `,` file with quoted fields holding commas and doubled quotes", async () => {
    const report = await importText(
      `numero_client,siret,raison_sociale,representant_legal,adresse,code_postal,commune\n` +
        `789,${SIRET_C},"Association ""Les Amis"", section locale","Durand, Alice","3 rue A, bâtiment B",69003,Lyon\n`,
    );
    expect(report).toMatchObject({ created: 1, rejected: [] });
    expect(await findRegisterEntry(database.db, "789")).toMatchObject({
      name: 'Association "Les Amis", section locale',
      legalRepresentative: "Durand, Alice",
      addressLine: "3 rue A, bâtiment B",
      communeInseeCode: "69383",
    });
  });

  it("rejects each broken line with its line number and every reason, and imports the others", async () => {
    const report = await importText(
      [
        HEADER,
        `1;${SIRET_A};Bonne structure;Mme Durand;1 rue A;35000;Rennes`,
        `2;12345678200011;Clé fausse;Mme Durand;1 rue A;35000;Rennes`,
        `3;${SIRET_B};Code postal inconnu;Mme Durand;1 rue A;99999;Nulle-Part`,
        `4;${SIRET_B};Commune d'ailleurs;Mme Durand;1 rue A;35000;Brest`,
        `5;${SIRET_B};;Mme Durand;1 rue A;35000;Rennes`,
        `12A;${SIRET_B};Numéro non numérique;Mme Durand;1 rue A;35000;Rennes`,
        `0001;${SIRET_C};Doublon du premier;Mme Durand;1 rue A;35000;Rennes`,
        `;abc;;;;;`,
      ].join("\n"),
    );
    expect(report.created).toBe(1);
    expect(report.rejected).toEqual([
      { line: 3, clientNumber: "2", reasons: ["siret : ce numéro SIRET n'est pas valide : vérifiez-le sur l'avis de situation INSEE."] },
      { line: 4, clientNumber: "3", reasons: ["code_postal : ce code postal n'existe pas : vérifiez-le."] },
      { line: 5, clientNumber: "4", reasons: ["commune : la commune ne correspond pas au code postal 35000. Communes de ce code postal : Rennes."] },
      { line: 6, clientNumber: "5", reasons: ["raison_sociale : la raison sociale est manquante."] },
      { line: 7, clientNumber: "12A", reasons: ["numero_client : le numéro client ne doit comporter que des chiffres."] },
      { line: 8, clientNumber: "0001", reasons: ["numero_client : le numéro client 1 figure déjà à la ligne 2 ; seule la première est importée."] },
      {
        line: 9,
        clientNumber: "",
        reasons: [
          "numero_client : le numéro client est manquant.",
          "siret : le numéro SIRET ne doit comporter que des chiffres.",
          "raison_sociale : la raison sociale est manquante.",
          "representant_legal : le représentant légal est manquant.",
          "adresse : l'adresse est manquante.",
          "code_postal : le code postal est manquant.",
          "commune : la commune est manquante.",
        ],
      },
    ]);
    expect((await listRegister(database.db, { search: "", limit: 10, offset: 0 })).total).toBe(1);
    expect(await findRegisterEntry(database.db, "1")).toMatchObject({ name: "Bonne structure" });
  });

  it("rejects a line whose values do not fit the header, and accepts a CEDEX address by the shape of its postal code", async () => {
    const report = await importText(
      [HEADER, `7;${SIRET_D};Trop de valeurs;Mme Durand;1 rue A; bât. B;35000;Rennes`, `8;${SIRET_D};Bailleur social;M. Petit;BP 123;69401;LYON CEDEX 03`].join("\n"),
    );
    expect(report.rejected).toEqual([
      {
        line: 2,
        clientNumber: "7",
        reasons: [
          "La ligne compte 8 valeurs alors que la première ligne en annonce 7 : une valeur contenant le séparateur doit être entre guillemets.",
          "code_postal : le code postal doit comporter 5 chiffres, par exemple 75001.",
        ],
      },
    ]);
    expect(await findRegisterEntry(database.db, "8")).toMatchObject({ postalCode: "69401", communeInseeCode: null, communeName: "LYON CEDEX 03" });
  });

  it("updates the organisations already in the register on re-import, counts those unchanged, and keeps those absent from the file", async () => {
    await importText(
      [HEADER, `10;${SIRET_A};Office A;Mme Durand;1 rue A;35000;Rennes`, `11;${SIRET_B};Office B;M. Petit;2 rue B;35000;Rennes`, `12;${SIRET_C};Office C;M. Roux;3 rue C;35000;Rennes`].join("\n"),
    );
    clock.advance(60_000);
    const second = await importText(
      [HEADER, `0010;${SIRET_A};Office A renommé;Mme Martin;1 rue A;35000;Rennes`, `11;${SIRET_B};Office B;M. Petit;2 rue B;35000;Rennes`, `13;${SIRET_D};Office D;M. Noir;4 rue D;35000;Rennes`].join("\n"),
    );
    expect(second).toMatchObject({ lineCount: 3, created: 1, updated: 1, unchanged: 1, rejected: [] });
    const renamed = await findRegisterEntry(database.db, "10");
    expect(renamed).toMatchObject({ name: "Office A renommé", legalRepresentative: "Mme Martin", clientNumberAsTyped: "0010", importBatchId: second.batchId });
    expect(renamed!.importedAt.getTime()).toBeGreaterThan(renamed!.createdAt.getTime());
    expect(await findRegisterEntry(database.db, "11")).not.toMatchObject({ importBatchId: second.batchId });
    expect(await findRegisterEntry(database.db, "12")).toMatchObject({ name: "Office C" });
    expect((await listRegister(database.db, { search: "", limit: 10, offset: 0 })).total).toBe(4);
  });

  it("records the import in the audit trail with its counts", async () => {
    const before = (await importEvents()).length;
    const report = await importOrganisationsRegister(deps(), {
      content: bytes([HEADER, `20;${SIRET_A};Office;Mme Durand;1 rue A;35000;Rennes`, `x;;;;;;`].join("\n")),
      via: "admin",
      fileName: "registre.csv",
      ip: "192.0.2.1",
    });
    const events = await importEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ ip: "192.0.2.1", details: { batchId: report.batchId, via: "admin", fileName: "registre.csv", lines: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 } });
  });

  it("imports nothing from a file missing columns, an empty file or a file with only its header", async () => {
    const before = (await importEvents()).length;
    await expect(importText("numero_client,siret\n1,2\n")).rejects.toThrow(UnusableRegisterFile);
    await expect(importText("numero_client,siret\n1,2\n")).rejects.toThrow(
      "Il manque les colonnes « raison_sociale », « representant_legal », « adresse », « code_postal », « commune »",
    );
    await expect(importText("")).rejects.toThrow("Le fichier est vide.");
    expect(await importText(`${HEADER}\r\n`)).toMatchObject({ lineCount: 0, created: 0, rejected: [] });
    // Only the header-only file was imported (with nothing in it).
    expect(await importEvents()).toHaveLength(before + 1);
  });
});

describe("listing the register", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    await importOrganisationsRegister(
      { db: database.db, clock: fixedClock() },
      {
        via: "cli",
        content: bytes(
          [
            HEADER,
            `00300;${SIRET_A};Office de Rennes;Mme Durand;1 rue A;35000;Rennes`,
            `301;${SIRET_B};Habitat 100%_Breton;M. Petit;2 rue B;35000;Rennes`,
            `302;${SIRET_C};abri côtier;M. Roux;3 rue C;35000;Rennes`,
          ].join("\n"),
        ),
      },
    );
  });
  afterAll(() => database.drop());
  const search = (text: string, limit = 10, offset = 0) => listRegister(database.db, { search: text, limit, offset });

  it("sorts by name whatever the case, and pages", async () => {
    expect((await search("")).entries.map((entry) => entry.name)).toEqual(["abri côtier", "Habitat 100%_Breton", "Office de Rennes"]);
    expect(await search("", 2, 2)).toMatchObject({ total: 3, entries: [{ name: "Office de Rennes" }] });
  });

  it("finds by client number with or without leading zeros, by the start of a SIRET, or by part of the name", async () => {
    expect((await search("0300")).entries.map((entry) => entry.clientNumber)).toEqual(["300"]);
    expect((await search("552 081 317")).entries.map((entry) => entry.clientNumber)).toEqual(["301"]);
    expect((await search("rennes")).entries.map((entry) => entry.clientNumber)).toEqual(["300"]);
    expect((await search("100%_")).entries.map((entry) => entry.clientNumber)).toEqual(["301"]);
    expect((await search("%")).entries.map((entry) => entry.clientNumber)).toEqual(["301"]);
    expect(await search("introuvable")).toEqual({ total: 0, entries: [] });
  });
});
