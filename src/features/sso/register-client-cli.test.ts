import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";
import { openDatabase } from "../../platform/db/database.ts";
import { migrateToLatest } from "../../platform/db/migrate.ts";

const NOW = new Date("2026-03-01T09:00:00Z");

/** `npm run guichet -- register-client`, as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- register-client", () => {
  let dataDir: string;
  const guichet = (...args: string[]) => run(dataDir, ...args);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-cli-sso-"));
    // The catalogue's service the partner opens, in the database the command will use.
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await database.db
      .insertInto("services")
      .values({ slug: "prets-en-ligne", name: "Mes prêts en ligne", tileLabel: "Mes prêts en ligne", description: "Prêts", url: "https://prets.exemple.fr/", grantedBy: "platform_admin", termsUpdatedAt: NOW, createdAt: NOW, updatedAt: NOW })
      .execute();
    await database.close();
  }, 60_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("is listed in the help", async () => {
    const { code, stdout } = await guichet("help");
    expect(code).toBe(0);
    expect(stdout).toContain("register-client --name NOM --redirect-uri URL --service SLUG");
  }, 60_000);

  it("refuses a missing option (exit 2), an unknown service or a bad address (exit 1), in French", async () => {
    const missing = await guichet("register-client", "--name", "Prêts", "--service", "prets-en-ligne");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("L'option --redirect-uri est obligatoire.");

    const unknown = await guichet("register-client", "--name", "Prêts", "--redirect-uri", "https://prets.exemple.fr/retour", "--service", "inconnu");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Aucun service du catalogue n'a l'identifiant « inconnu ».");

    const insecure = await guichet("register-client", "--name", "Prêts", "--redirect-uri", "http://prets.exemple.fr/retour", "--service", "prets-en-ligne");
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toContain("l'adresse doit commencer par https://");
  }, 120_000);

  it("registers a partner and prints its client id and secret", async () => {
    const created = await guichet(
      "register-client",
      "--name", "Prêts de la Caisse",
      "--redirect-uri", "https://prets.exemple.fr/retour",
      "--service", "prets-en-ligne",
      "--post-logout-redirect-uri", "https://prets.exemple.fr/",
      "--backchannel-logout-uri", "https://prets.exemple.fr/deconnexion",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Service partenaire enregistré : Prêts de la Caisse (service Mes prêts en ligne).");
    expect(created.stdout).toMatch(/Identifiant client \(client_id\) : [0-9a-f-]{36}\n/);
    expect(created.stdout).toMatch(/Secret \(client_secret\) : [A-Za-z0-9_-]{43}\n/);

    const database = await openDatabase({ dataDir });
    try {
      const clients = await database.db.selectFrom("oidcClients").selectAll().execute();
      expect(clients).toHaveLength(1);
      expect(clients[0]).toMatchObject({ redirectUris: ["https://prets.exemple.fr/retour"], backchannelLogoutUri: "https://prets.exemple.fr/deconnexion" });
    } finally {
      await database.close();
    }
  }, 120_000);
});
