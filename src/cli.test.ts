import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run, guichetProcess } from "../test/cli.ts";

/**
 * The command line as an operator runs it, on an embedded database in a fresh data directory: its
 * output and exit code, from a real process (`npm run guichet` ends in `src/cli.ts`) for each kind
 * of exit, in the test's process otherwise (see test/cli.ts). (The use cases are tested with the
 * app in src/features/temporary-password.)
 */
describe("npm run guichet", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-cli-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const guichet = (...args: string[]) => run(dataDir, ...args);
  const ownProcess = (...args: string[]) => guichetProcess(dataDir, ...args);

  it("lists its commands", async () => {
    const { code, stdout } = await ownProcess("help");
    expect(code).toBe(0);
    expect(stdout).toContain("create-admin --identifier ID --email ADRESSE");
    expect(stdout).toContain("issue-temporary-password IDENTIFIANT");
  }, 60_000);

  it("refuses an unknown command or a missing option with a French message and a non-zero exit", async () => {
    const unknown = await ownProcess("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Commande inconnue : frobnicate.");
    const missing = await guichet("create-admin", "--identifier", "admin.region");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("L'option --email est obligatoire.");
  }, 60_000);

  it("creates an admin, prints a temporary password once, refuses a taken identifier, then issues a new temporary password", async () => {
    const created = await ownProcess("create-admin", "--identifier", "admin.region", "--email", "admin@region.fr", "--last-name", "Durand", "--first-name", "Alice");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Administrateur du portail créé : identifiant admin.region, adresse admin@region.fr.");
    expect(created.stdout).toMatch(/Mot de passe temporaire : [a-zA-Z2-9#%+=?@!*]{14}\n/);
    expect(created.stdout).toContain("il devra être changé à la première connexion");

    const taken = await guichet("create-admin", "--identifier", "Admin.Region", "--email", "autre@region.fr");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("L'identifiant « Admin.Region » est déjà utilisé.");

    const issued = await guichet("issue-temporary-password", "admin.region");
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/Mot de passe temporaire : \S{14}\n/);
    expect(issued.stdout).toMatch(/Valable jusqu'au \d+ \S+ \d{4} (à )?\d\d:\d\d \(heure de Paris\)/);

    const nobody = await ownProcess("issue-temporary-password", "personne");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("Aucun compte n'a l'identifiant « personne ».");
  }, 120_000);
});
