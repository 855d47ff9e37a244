import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guichet as run } from "../../../test/cli.ts";
import { openDatabase } from "../../platform/db/database.ts";
import type { LetterBlock } from "../../platform/db/schema.ts";
import { verifyPassword } from "../../platform/security/passwords.ts";

/** `npm run guichet -- create-partner-account …` as an operator runs it, on an embedded database (in the test's process: test/cli.ts). */
describe("npm run guichet -- create-partner-account", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "guichet-partner-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const dataDir = () => path.join(dir, "data");
  const guichet = (...args: string[]) => run(dataDir(), ...args);
  const options = [
    ["--user-number", "b-00 42"],
    ["--email", "odile.lambert@exemple.fr"],
    ["--civility", "Mme"],
    ["--last-name", "Lambert"],
    ["--first-name", "Odile"],
    ["--street", "12 rue des Lilas"],
    ["--postal-code", "66500"],
    ["--commune", "Prades"],
  ].flat();

  it("is listed by help, and exits 2 when a required option is missing, 1 on input the portal refuses", async () => {
    const help = await guichet("help");
    expect(help.stdout).toContain("create-partner-account --user-number NUMÉRO --email ADRESSE");
    const missing = await guichet("create-partner-account", "--user-number", "B0042");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("L'option --email est obligatoire.");
    const refused = await guichet("create-partner-account", ...options.map((value) => (value === "66500" ? "665" : value)));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Le code postal doit comporter 5 chiffres.");
  }, 180_000);

  it("creates the account, prints its identifier but never its password, and leaves the letter in the outbox", async () => {
    const created = await guichet("create-partner-account", ...options, "--complement", "Résidence Les Tilleuls");
    expect(created.code, created.stderr).toBe(0);
    const identifier = /Compte partenaire créé : identifiant (LOG\d{6}[A-Z]), numéro utilisateur B0042, adresse odile\.lambert@exemple\.fr\./.exec(created.stdout)?.[1];
    expect(identifier).toBeDefined();
    expect(created.stdout).toContain("il attend dans les courriers à envoyer");

    const again = await guichet("create-partner-account", ...options.map((value) => (value === "odile.lambert@exemple.fr" ? "autre@exemple.fr" : value)));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Le numéro utilisateur B0042 a déjà un compte partenaire.");

    const database = await openDatabase({ dataDir: dataDir() });
    try {
      const account = await database.db.selectFrom("accounts").selectAll().where("identifier", "=", identifier!).executeTakeFirstOrThrow();
      expect(account).toMatchObject({ kind: "partner", userNumber: "B0042", postalComplement: "Résidence Les Tilleuls", mustChangePassword: true });
      const letter = await database.db.selectFrom("letters").selectAll().where("id", "=", account.postalPasswordLetterId!).executeTakeFirstOrThrow();
      const codes = (letter.body as LetterBlock[]).flatMap((block) => (block.type === "code" ? [block.code] : []));
      expect(codes[0]).toBe(identifier);
      expect(created.stdout).not.toContain(codes[1]);
      expect(await verifyPassword(account.passwordHash, codes[1] ?? "")).toBe(true);
      const event = await database.db.selectFrom("auditEvents").select("details").where("accountId", "=", account.id).executeTakeFirstOrThrow();
      expect(event.details).toMatchObject({ kind: "partner", via: "cli" });
    } finally {
      await database.close();
    }
  }, 180_000);
});
