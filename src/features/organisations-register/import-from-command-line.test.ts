import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";

const HEADER = "numero_client;siret;raison_sociale;representant_legal;adresse;code_postal;commune";

/** `npm run guichet -- import-organisations` as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- import-organisations", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "guichet-register-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const guichet = (...args: string[]) => run(path.join(dir, "data"), ...args);

  it("imports the valid lines, prints the counts and each rejected line, exits 0, and updates on a second run", async () => {
    const file = path.join(dir, "registre.csv");
    await writeFile(
      file,
      `\uFEFF${HEADER}\r\n000801;12345678200010;Office public;Mme Durand;1 rue A;35000;Rennes\r\n802;12345678200010;Sans commune;M. Petit;2 rue B;35000;\r\n`,
    );
    const first = await guichet("import-organisations", file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Registre des structures importé : 2 lignes lues.");
    expect(first.stdout).toContain("1 structure ajoutée");
    expect(first.stdout).toContain("1 ligne rejetée");
    expect(first.stdout).toContain("  ligne 3 (numéro client 802) :\n    - commune : la commune est manquante.");

    await writeFile(file, `${HEADER}\n801;12345678200010;Office public renommé;Mme Durand;1 rue A;35000;Rennes\n`);
    const second = await guichet("import-organisations", file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("0 structure ajoutée");
    expect(second.stdout).toContain("1 structure mise à jour");
  }, 120_000);

  it("exits 1 with a French message when the file cannot be read or has no valid header, and 2 without a file", async () => {
    const missing = await guichet("import-organisations", path.join(dir, "absent.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("absent.csv ne peut pas être lu : fichier introuvable.");

    const noHeader = path.join(dir, "sans-entete.csv");
    await writeFile(noHeader, "801;12345678200010;Office public;Mme Durand;1 rue A;35000;Rennes\n");
    const invalid = await guichet("import-organisations", noHeader);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("Il manque les colonnes « numero_client », « siret »");

    const usage = await guichet("import-organisations");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Indiquez un seul fichier CSV.");
  }, 120_000);
});
