import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import type { QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { fillOrganisationIban, setOrganisationIban } from "./bank-details.ts";

describe("the organisation's bank details", () => {
  let database: QueryTestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const ibanOf = async (id: string) => (await db.selectFrom("organisations").select("iban").where("id", "=", id).executeTakeFirstOrThrow()).iban;

  it("fills the IBAN only when the record has none (fillOrganisationIban)", async () => {
    const organisation = await buildOrganisation(db);
    await fillOrganisationIban(db, organisation.id, "FR7630006000011234567890189");
    expect(await ibanOf(organisation.id)).toBe("FR7630006000011234567890189");
    await fillOrganisationIban(db, organisation.id, "FR7610107001011234567890129");
    expect(await ibanOf(organisation.id)).toBe("FR7630006000011234567890189");
  });

  it("replaces or clears the IBAN (setOrganisationIban)", async () => {
    const organisation = await buildOrganisation(db);
    await setOrganisationIban(db, organisation.id, "FR7610107001011234567890129");
    expect(await ibanOf(organisation.id)).toBe("FR7610107001011234567890129");
    await setOrganisationIban(db, organisation.id, null);
    expect(await ibanOf(organisation.id)).toBeNull();
  });
});
