import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../test/accounts.ts";
import { createTestDatabase } from "../../../test/database.ts";
import type { Db } from "../../platform/db/database.ts";
import { findCivilIdentity } from "./civil-identity.ts";

describe("an account's civil identity", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("names the commune and the country of birth, and says whether FranceConnect verified it", async () => {
    const account = await insertTestAccount(db, {
      civility: "Mme",
      lastName: "Santoni",
      firstName: "Marie",
      birthDate: "1990-07-14",
      birthCommuneCode: "2A004",
      birthCountryCode: "99100",
      sex: "F",
      nir: "290072A00412384",
      identityVerifiedAt: new Date("2026-03-02T10:00:00Z"),
    });
    expect(await findCivilIdentity(db, account.id)).toEqual({
      civility: "Mme",
      lastName: "Santoni",
      firstName: "Marie",
      email: account.email,
      birthDate: "1990-07-14",
      birthCommuneCode: "2A004",
      birthCommuneName: "Ajaccio",
      birthCountryCode: "99100",
      birthCountryName: "France",
      sex: "F",
      nir: "290072A00412384",
      verified: true,
    });
  });

  it("names the country of a person born abroad, with no commune", async () => {
    const account = await insertTestAccount(db, { birthDate: "1975-02-01", birthCountryCode: "99350", sex: "M" });
    expect(await findCivilIdentity(db, account.id)).toMatchObject({
      birthCommuneCode: null,
      birthCommuneName: null,
      birthCountryCode: "99350",
      birthCountryName: "Maroc",
      verified: false,
    });
  });

  it("gives nulls for an identity not filled yet, and undefined for an unknown account", async () => {
    const account = await insertTestAccount(db);
    expect(await findCivilIdentity(db, account.id)).toMatchObject({
      lastName: "Martin",
      birthDate: null,
      birthCommuneName: null,
      birthCountryName: null,
      sex: null,
      nir: null,
      verified: false,
    });
    expect(await findCivilIdentity(db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
