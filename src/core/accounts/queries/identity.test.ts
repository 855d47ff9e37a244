import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { Db } from "../../../platform/db/database.ts";
import { findCivilIdentityRow } from "./identity.ts";

describe("the civil identity query", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("reads an account's names, birth data, sex, NIR and verification, the date as text", async () => {
    const verifiedAt = new Date("2026-03-02T10:00:00Z");
    const account = await insertTestAccount(db, {
      civility: "M.",
      lastName: "Dupont",
      firstName: "Jean",
      birthDate: "1984-12-03",
      birthCommuneCode: "76451",
      birthCountryCode: "99100",
      sex: "M",
      nir: "184127645108946",
      identityVerifiedAt: verifiedAt,
    });
    expect(await findCivilIdentityRow(db, account.id)).toEqual({
      civility: "M.",
      lastName: "Dupont",
      firstName: "Jean",
      email: account.email,
      birthDate: "1984-12-03",
      birthCommuneCode: "76451",
      birthCountryCode: "99100",
      sex: "M",
      nir: "184127645108946",
      identityVerifiedAt: verifiedAt,
    });
  });

  it("gives nulls for what the person has not filled, undefined for an unknown account", async () => {
    const account = await insertTestAccount(db);
    expect(await findCivilIdentityRow(db, account.id)).toMatchObject({ birthDate: null, birthCommuneCode: null, nir: null, sex: null, identityVerifiedAt: null });
    expect(await findCivilIdentityRow(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
