import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/database.ts";
import { randomClientNumber, randomSiret } from "../../../../test/organisations.ts";
import type { Db } from "../../../platform/db/database.ts";
import { findExistingClientNumbers, findRegisterEntry, listRegister, listRegisterEntriesBySiret, upsertRegisterEntries, type RegisterEntry } from "./register.ts";

const FIRST_IMPORT = { id: "00000000-0000-4000-8000-000000000001", at: new Date("2026-03-01T09:00:00Z") };
const SECOND_IMPORT = { id: "00000000-0000-4000-8000-000000000002", at: new Date("2026-03-02T09:00:00Z") };

function entry(fields: Partial<RegisterEntry> = {}): RegisterEntry {
  const clientNumber = fields.clientNumber ?? randomClientNumber();
  const siret = fields.siret ?? randomSiret();
  return {
    clientNumber,
    clientNumberAsTyped: clientNumber.padStart(8, "0"),
    siret,
    siren: siret.slice(0, 9),
    name: "COMMUNE D'EUS",
    legalRepresentative: "Monsieur le Maire",
    addressLine: "1 place de la Mairie",
    postalCode: "66500",
    communeInseeCode: "66074",
    communeName: "Eus",
    ...fields,
  };
}

describe("the register's queries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  it("tells which client numbers the register already holds, even beyond one chunk of 500", async () => {
    const held = entry();
    await upsertRegisterEntries(db, [held], FIRST_IMPORT);
    const asked = [held.clientNumber, ...Array.from({ length: 600 }, (_, index) => String(9_000_000 + index))];
    expect(await findExistingClientNumbers(db, asked)).toEqual(new Set([held.clientNumber]));
    expect(await findExistingClientNumbers(db, [])).toEqual(new Set());
  });

  it("inserts new lines, updates changed ones and leaves unchanged ones with their import", async () => {
    const [unchanged, changed] = [entry(), entry()];
    expect(await upsertRegisterEntries(db, [unchanged, changed], FIRST_IMPORT)).toEqual(new Set([unchanged.clientNumber, changed.clientNumber]));
    const added = entry();
    const written = await upsertRegisterEntries(db, [unchanged, { ...changed, name: "COMMUNE DE PRADES" }, added], SECOND_IMPORT);
    expect(written).toEqual(new Set([changed.clientNumber, added.clientNumber]));
    expect(await findRegisterEntry(db, unchanged.clientNumber)).toMatchObject({ importBatchId: FIRST_IMPORT.id, importedAt: FIRST_IMPORT.at });
    expect(await findRegisterEntry(db, changed.clientNumber)).toMatchObject({ name: "COMMUNE DE PRADES", importBatchId: SECOND_IMPORT.id, createdAt: FIRST_IMPORT.at });
  });

  it("searches the register by name (wildcards typed as letters), client number or the start of a SIRET, by name", async () => {
    const prefix = `REG${randomClientNumber()}`;
    const [beta, alpha, percent] = [entry({ name: `${prefix} beta` }), entry({ name: `${prefix} Alpha` }), entry({ name: `${prefix} 100%` })];
    await upsertRegisterEntries(db, [beta, alpha, percent], FIRST_IMPORT);
    const byName = await listRegister(db, { search: prefix.toLowerCase(), limit: 2, offset: 0 });
    expect(byName.total).toBe(3);
    expect(byName.entries.map((row) => row.name)).toEqual([`${prefix} 100%`, `${prefix} Alpha`]);
    expect((await listRegister(db, { search: `${prefix} 1%`, limit: 10, offset: 0 })).total).toBe(0);
    expect((await listRegister(db, { search: `00${alpha.clientNumber}`, limit: 10, offset: 0 })).entries.map((row) => row.name)).toEqual([alpha.name]);
    expect((await listRegister(db, { search: beta.siret.slice(0, 9), limit: 10, offset: 0 })).entries.map((row) => row.name)).toEqual([beta.name]);
  });

  it("finds the line of a client number typed with leading zeros or spaces", async () => {
    const line = entry({ clientNumber: "123457" });
    await upsertRegisterEntries(db, [line], FIRST_IMPORT);
    expect(await findRegisterEntry(db, "00 123 457")).toMatchObject({ clientNumber: "123457", siret: line.siret });
    expect(await findRegisterEntry(db, "999")).toBeUndefined();
  });
  it("lists the lines sharing a SIRET, at most the limit asked for", async () => {
    const siret = randomSiret();
    const [first, second, third] = [entry({ siret }), entry({ siret }), entry({ siret })];
    await upsertRegisterEntries(db, [first, second, third, entry()], FIRST_IMPORT);
    expect((await listRegisterEntriesBySiret(db, siret, 10)).map((row) => row.clientNumber).sort()).toEqual([first.clientNumber, second.clientNumber, third.clientNumber].sort());
    expect(await listRegisterEntriesBySiret(db, siret, 2)).toHaveLength(2);
    expect(await listRegisterEntriesBySiret(db, randomSiret(), 10)).toEqual([]);
  });
});
