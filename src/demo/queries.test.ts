import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { createTestDatabase } from "../../test/database.ts";
import { buildRegisterEntry } from "../../test/organisations.ts";
import type { Db } from "../platform/db/database.ts";
import { hasAnyProcedure, insertMembershipOnce, insertOrganisationOnce } from "./queries.ts";

describe("demo queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const at = new Date("2026-03-01T09:00:00Z");
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const organisationOf = (register: Awaited<ReturnType<typeof buildRegisterEntry>>, name = register.name) => ({
    registerId: register.id,
    clientNumber: register.clientNumber,
    siret: register.siret,
    siren: register.siren,
    name,
    addressStreet: register.addressLine,
    postalCode: register.postalCode,
    communeName: register.communeName,
    createdAt: at,
    updatedAt: at,
  });

  it("tells whether any procedure exists", async () => {
    expect(await hasAnyProcedure(db)).toBe(false);
    await db.insertInto("procedures").values({ slug: "essai", currentVersionId: null, createdAt: at, updatedAt: at, publishedAt: null, closedAt: null }).execute();
    expect(await hasAnyProcedure(db)).toBe(true);
  });

  it("creates the organisation of a register entry once, giving the same id the second time", async () => {
    const register = await buildRegisterEntry(db);
    const id = await insertOrganisationOnce(db, organisationOf(register));
    expect(await insertOrganisationOnce(db, organisationOf(register, "AUTRE NOM"))).toBe(id);
    const rows = await db.selectFrom("organisations").select(["id", "name"]).where("registerId", "=", register.id).execute();
    expect(rows).toEqual([{ id, name: register.name }]);
  });

  it("adds a membership once, leaving an existing one as it is", async () => {
    const organisationId = await insertOrganisationOnce(db, organisationOf(await buildRegisterEntry(db)));
    const account = await buildAccount(db);
    const membership = { organisationId, accountId: account.id, status: "active" as const, isAdmin: true, function: "Maire", createdAt: at, decidedAt: at, decidedBy: null };
    await insertMembershipOnce(db, membership);
    await insertMembershipOnce(db, { ...membership, isAdmin: false, function: "Secrétaire" });
    const rows = await db.selectFrom("memberships").select(["isAdmin", "function"]).where("organisationId", "=", organisationId).execute();
    expect(rows).toEqual([{ isAdmin: true, function: "Maire" }]);
  });
});
