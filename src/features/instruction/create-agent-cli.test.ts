import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../core/procedures/load-from-directory.ts";

/** `npm run guichet -- create-agent …` as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- create-agent", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "guichet-create-agent-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const guichet = (...args: string[]) => run(path.join(dir, "data"), ...args);

  it("is listed by help, and exits 2 with the usage when a required option is missing", async () => {
    const help = await guichet("help");
    expect(help.stdout).toContain("create-agent --identifier ID --email ADRESSE --procedure SLUG [--group NOM]");
    const missing = await guichet("create-agent", "--identifier", "lucie.bernard", "--email", "lucie.bernard@region.fr");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("L'option --procedure est obligatoire.\nUsage : create-agent --identifier ID");
  }, 120_000);

  it("creates an agent attached to a loaded procedure and prints the temporary password once; exits 1 on an unknown procedure or group", async () => {
    const loaded = await guichet("load-procedures", PORTAL_PROCEDURES_DIRECTORY);
    expect(loaded.code, loaded.stderr).toBe(0);

    const created = await guichet("create-agent", "--identifier", "lucie.bernard", "--email", "lucie.bernard@region.fr", "--procedure", "aide-associations", "--last-name", "Bernard", "--first-name", "Lucie");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      "Agent créé : identifiant lucie.bernard, adresse lucie.bernard@region.fr, rattaché à la démarche aide-associations (Aide régionale aux projets des associations), groupe « Service vie associative ».",
    );
    expect(created.stdout).toMatch(/Mot de passe temporaire : [a-zA-Z2-9#%+=?@!*]{14}\n/);
    expect(created.stdout).toContain("il devra être changé à la première connexion");

    const unknown = await guichet("create-agent", "--identifier", "paul.morel", "--email", "paul.morel@region.fr", "--procedure", "inconnue");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Aucune démarche n'a pour identifiant « inconnue ».");

    const group = await guichet("create-agent", "--identifier", "paul.morel", "--email", "paul.morel@region.fr", "--procedure", "aide-associations", "--group", "Sports");
    expect(group.code).toBe(1);
    expect(group.stderr).toContain("n'a pas de groupe d'instructeurs « Sports » ; groupes possibles : « Service vie associative ».");

    const taken = await guichet("create-agent", "--identifier", "Lucie.Bernard", "--email", "autre@region.fr", "--procedure", "aide-associations");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("L'identifiant « Lucie.Bernard » est déjà utilisé.");
  }, 180_000);
});
