import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../db/database.ts";
import { findAppSecret, insertAppSecretOnce, markSignatureUsed } from "./app-secrets.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the application secrets' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("finds a secret by its name, and none for an unknown name", async () => {
    await db.insertInto("appSecrets").values({ name: "essai-lecture", value: "valeur-lue" }).execute();
    expect(await findAppSecret(db, "essai-lecture")).toBe("valeur-lue");
    expect(await findAppSecret(db, "essai-inconnu")).toBeUndefined();
  });

  it("stores a secret once and keeps the first one when another is offered", async () => {
    expect(await insertAppSecretOnce(db, "essai-unique", "premiere")).toBe("premiere");
    expect(await insertAppSecretOnce(db, "essai-unique", "seconde")).toBe("premiere");
    expect(await findAppSecret(db, "essai-unique")).toBe("premiere");
  });

  it("records a signature once: false when it was used already", async () => {
    const expiresAt = new Date(AT.getTime() + 600_000);
    expect(await markSignatureUsed(db, "signature-a", expiresAt)).toBe(true);
    expect(await markSignatureUsed(db, "signature-a", expiresAt)).toBe(false);
    expect(await markSignatureUsed(db, "signature-b", expiresAt)).toBe(true);
    expect(await db.selectFrom("usedCaptchas").selectAll().where("signature", "=", "signature-a").execute()).toEqual([{ signature: "signature-a", expiresAt }]);
  });
});
