import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount } from "../../../test/builders.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { findLegalRepresentative } from "../../core/organisations/queries/record.ts";
import * as queries from "./queries.ts";

const AT = new Date("2026-03-02T09:00:00Z");

describe("the organisation record's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const representative = (organisationId: string, lastName: string, isLegalRepresentative = false) =>
    queries.insertRepresentative(database.db, {
      organisationId,
      civility: "Mme",
      lastName,
      firstName: "Anne",
      function: "Présidente",
      isLegalRepresentative,
      addressRecipient: null,
      addressBuilding: null,
      addressStreet: null,
      addressDistribution: null,
      postalCode: null,
      communeInseeCode: null,
      communeName: null,
      country: null,
      phone: null,
      mobile: null,
      fax: null,
      email: null,
      createdAt: AT,
      updatedAt: AT,
    });

  it("list the representatives with the legal representative first, then by name", async () => {
    const organisation = await buildOrganisation(database.db);
    await representative(organisation.id, "Zola");
    await representative(organisation.id, "Martin", true);
    await representative(organisation.id, "Bernard");
    const names = (await queries.listRepresentatives(database.db, organisation.id)).map((row) => row.lastName);
    expect(names).toEqual(["Martin", "Bernard", "Zola"]);
  });

  it("find, change and delete a representative only within its own organisation", async () => {
    const mine = await buildOrganisation(database.db);
    const theirs = await buildOrganisation(database.db);
    const foreign = await representative(theirs.id, "Durand");
    expect(await queries.findRepresentative(database.db, mine.id, foreign.id)).toBeUndefined();
    await queries.updateRepresentative(database.db, mine.id, foreign.id, { lastName: "Pirate" });
    expect(await queries.deleteRepresentative(database.db, mine.id, foreign.id)).toBe(false);
    expect(await queries.findRepresentative(database.db, theirs.id, foreign.id)).toMatchObject({ lastName: "Durand" });
    expect(await queries.deleteRepresentative(database.db, theirs.id, foreign.id)).toBe(true);
  });

  it("take the legal-representative flag from every other representative of the organisation only", async () => {
    const organisation = await buildOrganisation(database.db);
    const other = await buildOrganisation(database.db);
    const previous = await representative(organisation.id, "Ancien", true);
    const next = await representative(organisation.id, "Nouveau", true);
    const elsewhere = await representative(other.id, "Ailleurs", true);
    expect(await queries.unflagOtherLegalRepresentatives(database.db, organisation.id, next.id, AT)).toEqual([previous.id]);
    expect((await findLegalRepresentative(database.db, organisation.id))?.id).toBe(next.id);
    expect((await findLegalRepresentative(database.db, other.id))?.id).toBe(elsewhere.id);
  });

  it("change the organisation with who and when, and a member's coordinates", async () => {
    const organisation = await buildOrganisation(database.db);
    const account = await buildAccount(database.db);
    const membership = await addMember(database.db, organisation, account);
    await queries.updateOrganisation(database.db, organisation.id, { nafCode: "71.12A", updatedAt: AT, updatedBy: account.id });
    await queries.touchOrganisation(database.db, organisation.id, new Date(AT.getTime() + 1000), account.id);
    const stored = await database.db.selectFrom("organisations").selectAll().where("id", "=", organisation.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ nafCode: "71.12A", updatedAt: new Date(AT.getTime() + 1000), updatedBy: account.id });
    await queries.updateMemberCoordinates(database.db, membership.id, { function: "Maire" });
    const member = await database.db.selectFrom("memberships").selectAll().where("id", "=", membership.id).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ function: "Maire", phone: null, email: null });
  });

  it("lock the organisation's row until the transaction ends", async () => {
    const organisation = await buildOrganisation(database.db);
    const lockFromElsewhere = () => database.db.selectFrom("organisations").select("id").where("id", "=", organisation.id).forUpdate().noWait().execute();
    await database.db.transaction().execute(async (trx) => {
      await queries.lockOrganisation(trx, organisation.id);
      // Only PostgreSQL gives a second connection to try the lock from: PGlite has one.
      if (process.env.DATABASE_URL) await expect(lockFromElsewhere()).rejects.toMatchObject({ code: "55P03" });
    });
    expect(await lockFromElsewhere()).toEqual([{ id: organisation.id }]);
  });
});
