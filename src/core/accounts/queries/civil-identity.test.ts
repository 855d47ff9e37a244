import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { findCivilIdentity } from "./civil-identity.ts";

describe("the civil identity query", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("reads the names, birth data, NIR and verification of one account, the birth date as text", async () => {
    const verifiedAt = new Date("2026-04-01T08:00:00Z");
    const account = await insertTestAccount(database.db, {
      birthDate: "1985-05-12",
      birthCommuneCode: "78646",
      birthCountryCode: "99100",
      sex: "F",
      nir: "285057800608441",
      identityVerifiedAt: verifiedAt,
    });
    await insertTestAccount(database.db, { lastName: "Autre" });
    expect(await findCivilIdentity(database.db, account.id)).toEqual({
      civility: "Mme",
      lastName: "Martin",
      firstName: "Camille",
      email: account.email,
      birthDate: "1985-05-12",
      birthCommuneCode: "78646",
      birthCountryCode: "99100",
      sex: "F",
      nir: "285057800608441",
      identityVerifiedAt: verifiedAt,
    });
    expect(await findCivilIdentity(database.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
