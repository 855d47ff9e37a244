import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import { findPartnerByUserNumber, listPartners, userNumberTaken } from "./partners.ts";

const partnerFields = (userNumber: string, identifier: string, createdAt: Date) => ({
  kind: "partner" as const,
  userNumber,
  identifier,
  postalStreet: "3 rue des Lilas",
  postalCode: "66500",
  postalCommune: "Prades",
  createdAt,
});

describe("the partner accounts' queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("find a partner by user number, tell a taken number, list the newest partners first", async () => {
    const older = await insertTestAccount(db, partnerFields("B1001", "LOG000001B", new Date("2026-03-01T09:00:00Z")));
    const newer = await insertTestAccount(db, partnerFields("B1002", "LOG000002C", new Date("2026-03-02T09:00:00Z")));
    const person = await insertTestAccount(db);

    expect((await findPartnerByUserNumber(db, "B1001"))?.id).toBe(older.id);
    expect(await findPartnerByUserNumber(db, "B9999")).toBeUndefined();
    expect(await userNumberTaken(db, "B1002")).toBe(true);
    expect(await userNumberTaken(db, "B9999")).toBe(false);

    const listed = await listPartners(db, 10);
    expect(listed.map((partner) => partner.id)).toEqual([newer.id, older.id]);
    expect(listed.map((partner) => partner.id)).not.toContain(person.id);
    expect(listed[0]).toMatchObject({ identifier: "LOG000002C", userNumber: "B1002", postalCommune: "Prades" });
    expect(await listPartners(db, 1)).toHaveLength(1);
  });

  it("refuse a second account with the same user number, and a partner without an address", async () => {
    await expect(insertTestAccount(db, partnerFields("B1001", "LOG000003D", new Date()))).rejects.toThrow();
    await expect(insertTestAccount(db, { kind: "partner", userNumber: "B2000", identifier: "LOG000004E" })).rejects.toThrow();
  });
});
