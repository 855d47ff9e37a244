import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestAccount } from "../../../../test/accounts.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import { findLegalRepresentative, findRecordOfActiveMember } from "./record.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the organisation record read to prefill requests", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("gives the record with the member's own coordinates, to active members only", async () => {
    const organisation = await buildOrganisation(database.db);
    const other = await buildOrganisation(database.db);
    const member = await insertTestAccount(database.db);
    const pending = await insertTestAccount(database.db);
    await addMember(database.db, organisation, member, { function: "Trésorière", phone: "+33123456789", email: "tresoriere@exemple.fr" });
    await addMember(database.db, organisation, pending, { status: "pending" });
    expect(await findRecordOfActiveMember(database.db, organisation.id, member.id)).toMatchObject({
      id: organisation.id,
      siret: organisation.siret,
      clientNumber: organisation.clientNumber,
      addressStreet: organisation.addressStreet,
      memberFunction: "Trésorière",
      memberPhone: "+33123456789",
      memberEmail: "tresoriere@exemple.fr",
    });
    expect(await findRecordOfActiveMember(database.db, organisation.id, pending.id)).toBeUndefined();
    expect(await findRecordOfActiveMember(database.db, other.id, member.id)).toBeUndefined();
  });

  it("gives the earliest legal representative of the organisation, not another's", async () => {
    const organisation = await buildOrganisation(database.db);
    const other = await buildOrganisation(database.db);
    const add = (organisationId: string, lastName: string, isLegalRepresentative: boolean, createdAt: Date) =>
      database.db
        .insertInto("organisationRepresentatives")
        .values({ organisationId, civility: "Mme", lastName, firstName: "Claire", function: "Présidente", isLegalRepresentative, addressRecipient: null, addressBuilding: null, addressStreet: null, addressDistribution: null, postalCode: null, communeInseeCode: null, communeName: null, country: null, phone: null, mobile: null, fax: null, email: "presidente@exemple.fr", createdAt, updatedAt: createdAt })
        .execute();
    await add(organisation.id, "Trésorier", false, AT);
    await add(organisation.id, "Martin", true, new Date(AT.getTime() + 1000));
    await add(other.id, "Ailleurs", true, AT);
    expect(await findLegalRepresentative(database.db, organisation.id)).toMatchObject({ lastName: "Martin", firstName: "Claire", function: "Présidente", phone: null, email: "presidente@exemple.fr" });
    expect(await findLegalRepresentative(database.db, (await buildOrganisation(database.db)).id)).toBeUndefined();
  });
});
