import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../core/procedures/load-from-directory.ts";

/** `npm run guichet -- load-procedures DIR` as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- load-procedures", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "guichet-load-procedures-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const guichet = (...args: string[]) => run(path.join(dir, "data"), ...args);

  it("loads the demo procedures as drafts, then says they are unchanged on a second run", async () => {
    const first = await guichet("load-procedures", PORTAL_PROCEDURES_DIRECTORY);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("logement-social (Demande de logement social) : nouvelle démarche, version 1 chargée en brouillon");
    expect(first.stdout).toContain("Attention : ");
    expect(first.stdout).toContain("le service « prets-en-ligne » n'existe pas encore");

    const second = await guichet("load-procedures", PORTAL_PROCEDURES_DIRECTORY);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("logement-social (Demande de logement social) : inchangée (version 1).");
  }, 120_000);

  it("exits 1 listing every problem with its file and path when a file is invalid, and 2 without a directory", async () => {
    const broken = path.join(dir, "broken");
    await cp(PORTAL_PROCEDURES_DIRECTORY, broken, { recursive: true });
    const file = path.join(broken, "declaration-loyers.json");
    await writeFile(file, (await readFile(file, "utf8")).replace('"type": "montant"', '"type": "euros"'));
    await writeFile(path.join(broken, "nouvelle.json"), '{ "slug": "nouvelle", }');

    const failed = await guichet("load-procedures", broken);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("2 problèmes empêchent le chargement des démarches : aucune n'a été chargée.");
    expect(failed.stderr).toContain(`  - ${file}, étapes[1].champs[1].sous_champs[4].type : type de champ inconnu « euros » ; types possibles : texte-court`);
    expect(failed.stderr).toContain(`  - ${path.join(broken, "nouvelle.json")} : ce fichier n'est pas du JSON valide (ligne 1, colonne 23)`);

    const missing = await guichet("load-procedures");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Indiquez un seul dossier.\nUsage : load-procedures DOSSIER");
  }, 120_000);
});
