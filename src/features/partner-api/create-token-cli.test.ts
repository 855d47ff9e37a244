import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";
import { openDatabase } from "../../platform/db/database.ts";
import { migrateToLatest } from "../../platform/db/migrate.ts";
import { hashApiToken } from "../../core/partner-api/tokens.ts";

/** `npm run guichet -- create-partner-token`, as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- create-partner-token", () => {
  let dataDir: string;
  const guichet = (...args: string[]) => run(dataDir, ...args);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "guichet-cli-token-"));
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await database.close();
  }, 60_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("refuses a missing option (exit 2), an unknown scope or a bad duration (exit 1), in French", async () => {
    const missing = await guichet("create-partner-token", "--partner", "Mairie", "--days", "30");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("L'option --scopes est obligatoire.");

    const scope = await guichet("create-partner-token", "--partner", "Mairie", "--scopes", "demandes:lecture,tout:faire", "--days", "30");
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain("Droit inconnu : tout:faire. Droits possibles : demarches:lecture, demandes:lecture, demandes:ecriture, decisions:ecriture, versements:ecriture.");

    const days = await guichet("create-partner-token", "--partner", "Mairie", "--scopes", "demandes:lecture", "--days", "400");
    expect(days.code).toBe(1);
    expect(days.stderr).toContain("Saisissez une durée de 1 à 366 jours.");
  }, 180_000);

  it("adds the partner when needed, prints the token once and keeps only its hash", async () => {
    const created = await guichet("create-partner-token", "--partner", "Logiciel de la mairie", "--scopes", "demandes:lecture, versements:ecriture", "--days", "90", "--label", "Production");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Partenaire ajouté : Logiciel de la mairie");
    expect(created.stdout).toContain("Jeton créé pour Logiciel de la mairie, droits : demandes:lecture, versements:ecriture, valable jusqu'au");
    const token = /Jeton : (gch_[A-Za-z0-9_-]+)\n/.exec(created.stdout)?.[1];
    expect(token).toBeDefined();

    const again = await guichet("create-partner-token", "--partner", "Logiciel de la mairie", "--scopes", "demarches:lecture", "--days", "1");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("Partenaire ajouté");

    const database = await openDatabase({ dataDir });
    try {
      const partners = await database.db.selectFrom("apiPartners").select(["id", "name", "webhookUrl"]).execute();
      expect(partners).toEqual([{ id: expect.any(String), name: "Logiciel de la mairie", webhookUrl: null }]);
      const tokens = await database.db.selectFrom("apiTokens").select(["label", "tokenHash", "scopes"]).orderBy("createdAt").execute();
      expect(tokens).toEqual([
        { label: "Production", tokenHash: hashApiToken(token!), scopes: ["demandes:lecture", "versements:ecriture"] },
        { label: "Ligne de commande", tokenHash: expect.any(String), scopes: ["demarches:lecture"] },
      ]);
      expect(JSON.stringify(tokens)).not.toContain(token!);
      const audited = await database.db.selectFrom("auditEvents").select("event").where("event", "like", "api.%").orderBy("id").execute();
      expect(audited.map((row) => row.event)).toEqual(["api.partner_created", "api.token_created", "api.token_created"]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
