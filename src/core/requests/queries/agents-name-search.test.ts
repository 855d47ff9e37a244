import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { RequestStatus } from "../../../platform/db/schema.ts";
import * as nameWords from "../../../platform/db/migrations/0027_request_name_words.ts";
import * as namePairs from "../../../platform/db/migrations/0032_request_name_pairs.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import { buildPerson, buildRequestRow, publishedProcedure, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { deleteAccount, updateAccount } from "../../accounts/queries/accounts.ts";
import { INSTRUCTION_STATUSES, listProcedureRequests, type RequestListFilter } from "./agents.ts";

/**
 * The agents' search by name (listProcedureRequests) reads the words of migration 0027, kept by
 * triggers. What it must find is what `ilike '%text%'` on « Nom Prénom », « Prénom Nom » and the
 * organisation's name finds: the oracle below asks the names themselves, as the search did before.
 */
describe("the agents' search by name (listProcedureRequests, request_name_words)", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let procedure: TestProcedure;
  let other: TestProcedure;
  const day = (n: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, n));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    procedure = await publishedProcedure({ db, clock }, "recherche-nom");
    other = await publishedProcedure({ db, clock }, "recherche-autre");
  });
  afterAll(() => database.drop());

  /** The requests whose names contain the text, case aside, asked of the names themselves. */
  async function oracle(procedureId: string, text: string, statuses: readonly RequestStatus[]) {
    const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const result = await sql<{ id: string }>`
      select r.id from requests r
      left join accounts a on a.id = r.applicant_id
      left join organisations o on o.id = r.organisation_id
      where r.procedure_id = ${procedureId} and r.status = any(${sql.val([...statuses])}::text[])
        and (a.last_name || ' ' || a.first_name ilike ${pattern} or a.first_name || ' ' || a.last_name ilike ${pattern} or o.name ilike ${pattern})
      order by r.filed_at, r.id`.execute(db);
    return result.rows.map((row) => row.id);
  }

  const search = async (text: string, filter: Partial<RequestListFilter> & { procedureId?: string; limit?: number; offset?: number } = {}) => {
    const page = await listProcedureRequests(db, { procedureId: procedure.id, statuses: INSTRUCTION_STATUSES, search: { kind: "name", text }, limit: 100, offset: 0, ...filter });
    return { ids: page.requests.map((row) => row.id), total: page.total };
  };

  describe("on names of every shape", () => {
    const people = [
      { lastName: "Martin", firstName: "Léa" },
      { lastName: "Martinez", firstName: "Jean-Pierre" },
      { lastName: "De La Fontaine", firstName: "Élodie" },
      { lastName: "N'Diaye", firstName: "Awa" },
      { lastName: "MARTINEAU", firstName: "Zoé" },
      { lastName: "Lemaître", firstName: "Anne  Sophie" },
      { lastName: "Petit_Jean", firstName: "Marc" },
      { lastName: "Dupont", firstName: "Martine" },
      { lastName: "Le Roux", firstName: "Camille" },
      { lastName: "Roux", firstName: "Camille" },
    ];
    const organisations = ["MAIRIE DE LYON", "ASSOCIATION 100% LILAS", "Les Amis de Martin"];
    const statuses: RequestStatus[] = ["filed", "in_instruction", "accepted", "refused", "draft", "closed"];
    let texts: string[];

    beforeAll(async () => {
      const built = [];
      for (const person of people) built.push(await buildPerson(db, person));
      const structures = [];
      for (const name of organisations) structures.push(await buildOrganisation(db, { name }));
      let n = 0;
      for (const [index, applicant] of built.entries()) {
        for (const status of statuses.slice(0, 2 + (index % 4))) {
          n += 1;
          const organisationId = n % 3 === 0 ? structures[n % structures.length]!.id : null;
          await buildRequestRow(db, { procedure: n % 5 === 0 ? other : procedure, applicant, status, filedAt: day(n * 7 % 50), organisationId });
        }
      }
      // Every piece of every name (both orders) and of every organisation, and texts that are not.
      const wholes = [...people.flatMap((person) => [`${person.lastName} ${person.firstName}`, `${person.firstName} ${person.lastName}`]), ...organisations];
      const pieces = new Set<string>();
      for (const whole of wholes)
        for (let start = 0; start < whole.length; start += 3)
          for (const length of [2, 3, 5, 8, 13]) if (start + length <= whole.length) pieces.add(whole.slice(start, start + length));
      texts = [
        ...pieces,
        ...wholes,
        ...wholes.map((whole) => whole.toUpperCase()),
        ...wholes.map((whole) => whole.toLowerCase()),
        "martin",
        "MARTIN",
        "artin",
        "tin l",
        "léa mar",
        "lea",
        "elodie",
        "ÉLODIE",
        "de la",
        "la fontaine élodie",
        "fontaine de",
        "100%",
        "1%0",
        "petit_",
        "petit%",
        "t_j",
        "n'd",
        "anne  sophie",
        "anne sophie",
        "jean pierre",
        "martin martinez",
        "le roux",
        "camille roux",
        "mille le",
        "e rou",
        "martin martin",
        "roux camille",
        "lle ro",
        "zyxwv",
        "\\",
      ].filter((text) => text.trim() !== "" && text === text.trim());
    });

    it("finds exactly what the names contain, case aside, accents kept, in the list's order", async () => {
      expect(texts.length).toBeGreaterThan(200);
      let found = 0;
      for (const text of texts) {
        const expected = await oracle(procedure.id, text, INSTRUCTION_STATUSES);
        const got = await search(text);
        expect(got, text).toEqual({ ids: expected, total: expected.length });
        if (expected.length > 0) found += 1;
      }
      // Most texts find something, some nothing: the comparison says something.
      expect(found).toBeGreaterThan(texts.length / 2);
      expect(found).toBeLessThan(texts.length);
    });

    it("finds the same within other statuses, the other procedure, a page, descending, by activity or with a filter", async () => {
      for (const text of ["martin", "Martine", "de la", "mairie", "léa mar", "ine"]) {
        const accepted = await oracle(procedure.id, text, ["accepted", "refused"]);
        expect(await search(text, { statuses: ["accepted", "refused"] }), text).toEqual({ ids: accepted, total: accepted.length });
        const elsewhere = await oracle(other.id, text, INSTRUCTION_STATUSES);
        expect(await search(text, { procedureId: other.id }), text).toEqual({ ids: elsewhere, total: elsewhere.length });
        const all = await oracle(procedure.id, text, INSTRUCTION_STATUSES);
        expect(await search(text, { limit: 2, offset: 1 }), text).toEqual({ ids: all.slice(1, 3), total: all.length });
        const descending = await search(text, { sort: { by: "filed", direction: "desc" } });
        expect(new Set(descending.ids), text).toEqual(new Set(all));
        expect((await search(text, { sort: { by: "activity", direction: "asc" } })).total, text).toBe(all.length);
        expect((await search(text, { assignment: { kind: "nobody" } })).ids, text).toEqual(all);
      }
      expect((await search("martin")).total).toBeGreaterThan(3);
    });

    it("keeps a draft's words too, for a selection that would ask for drafts", async () => {
      const withDrafts = await oracle(procedure.id, "martin", ["draft"]);
      expect(withDrafts.length).toBeGreaterThan(0);
      expect(await search("martin", { statuses: ["draft"] })).toEqual({ ids: withDrafts, total: withDrafts.length });
    });
  });

  describe("when names change", () => {
    it("finds a renamed person under the new name only, and every request of theirs", async () => {
      const person = await buildPerson(db, { lastName: "Quenouille", firstName: "Berthe" });
      const first = await buildRequestRow(db, { procedure, applicant: person, filedAt: day(1) });
      const second = await buildRequestRow(db, { procedure, applicant: person, filedAt: day(2), status: "in_instruction" });
      expect((await search("quenouille")).ids).toEqual([first.id, second.id]);
      await updateAccount(db, person.id, { lastName: "Vertpré", updatedAt: clock.now() });
      expect(await search("quenouille")).toEqual({ ids: [], total: 0 });
      expect((await search("vertpré")).ids).toEqual([first.id, second.id]);
      expect((await search("Berthe Vertp")).ids).toEqual([first.id, second.id]);
      await updateAccount(db, person.id, { firstName: "Alice", updatedAt: clock.now() });
      expect(await search("berthe")).toEqual({ ids: [], total: 0 });
      expect((await search("alice vertpré")).ids).toEqual([first.id, second.id]);
    });

    it("finds an organisation's requests under its new name", async () => {
      const organisation = await buildOrganisation(db, { name: "CLUB DES HIRONDELLES" });
      const request = await buildRequestRow(db, { procedure, organisationId: organisation.id, filedAt: day(3) });
      expect((await search("hirondelles")).ids).toEqual([request.id]);
      await db.updateTable("organisations").set({ name: "CLUB DES MÉSANGES" }).where("id", "=", organisation.id).execute();
      expect(await search("hirondelles")).toEqual({ ids: [], total: 0 });
      expect((await search("des mésanges")).ids).toEqual([request.id]);
    });

    it("follows a request to another applicant or organisation, a new status, a deleted applicant or request", async () => {
      const before = await buildPerson(db, { lastName: "Aubépine", firstName: "Noé" });
      const after = await buildPerson(db, { lastName: "Cornouiller", firstName: "Ilan" });
      const request = await buildRequestRow(db, { procedure, applicant: before, filedAt: day(4) });
      await db.updateTable("requests").set({ applicantId: after.id }).where("id", "=", request.id).execute();
      expect(await search("aubépine")).toEqual({ ids: [], total: 0 });
      expect((await search("cornouiller")).ids).toEqual([request.id]);
      const organisation = await buildOrganisation(db, { name: "AMICALE DU SUREAU" });
      await db.updateTable("requests").set({ organisationId: organisation.id }).where("id", "=", request.id).execute();
      expect((await search("sureau")).ids).toEqual([request.id]);
      await db.updateTable("requests").set({ status: "accepted" }).where("id", "=", request.id).execute();
      expect(await search("cornouiller", { statuses: ["filed"] })).toEqual({ ids: [], total: 0 });
      expect((await search("cornouiller", { statuses: ["accepted"] })).ids).toEqual([request.id]);
      // The applicant's account deleted: the request stays (applicant_id set null), found by its organisation only.
      await deleteAccount(db, after.id);
      expect(await search("cornouiller")).toEqual({ ids: [], total: 0 });
      expect((await search("sureau")).ids).toEqual([request.id]);
      await db.deleteFrom("requests").where("id", "=", request.id).execute();
      expect(await search("sureau")).toEqual({ ids: [], total: 0 });
      expect(await db.selectFrom("requestNameWords").select("word").where("requestId", "=", request.id).execute()).toEqual([]);
    });

    it("moves the filing date the list sorts on", async () => {
      const person = await buildPerson(db, { lastName: "Églantier", firstName: "Rose" });
      const early = await buildRequestRow(db, { procedure, applicant: person, filedAt: day(10) });
      const late = await buildRequestRow(db, { procedure, applicant: person, filedAt: day(20) });
      expect((await search("églantier")).ids).toEqual([early.id, late.id]);
      await db.updateTable("requests").set({ filedAt: day(30) }).where("id", "=", early.id).execute();
      expect((await search("églantier")).ids).toEqual([late.id, early.id]);
    });
  });

  it("fills the words and pairs of the requests already there when the migrations run (0027, 0032)", async () => {
    const migrations = db as unknown as Kysely<unknown>;
    const person = await buildPerson(db, { lastName: "Prunellier", firstName: "Axel" });
    await namePairs.down(migrations);
    await nameWords.down(migrations);
    try {
      await buildRequestRow(db, { procedure, applicant: person, filedAt: day(5) });
    } finally {
      await nameWords.up(migrations);
      await namePairs.up(migrations);
    }
    expect(await search("prunel")).toEqual({ ids: await oracle(procedure.id, "prunel", INSTRUCTION_STATUSES), total: 1 });
    expect(await search("axel prunellier")).toMatchObject({ total: 1 });
    expect(await search("prunellier ax")).toMatchObject({ total: 1 });
  });

  it("keeps only the words when 0032 is undone, and the pairs again when it is redone", async () => {
    const migrations = db as unknown as Kysely<unknown>;
    const person = await buildPerson(db, { lastName: "Sorbier", firstName: "Inès" });
    const request = await buildRequestRow(db, { procedure, applicant: person, filedAt: day(6) });
    const entries = () => db.selectFrom("requestNameWords").select("word").where("requestId", "=", request.id).orderBy("word").execute();
    expect((await entries()).map((row) => row.word)).toEqual(["inès", "inès sorbier", "sorbier", "sorbier inès"]);
    await namePairs.down(migrations);
    try {
      await updateAccount(db, person.id, { firstName: "Iris", updatedAt: clock.now() });
      expect((await entries()).map((row) => row.word)).toEqual(["iris", "sorbier"]);
    } finally {
      await namePairs.up(migrations);
    }
    expect((await entries()).map((row) => row.word)).toEqual(["iris", "iris sorbier", "sorbier", "sorbier iris"]);
    expect((await search("sorbier iris")).ids).toEqual([request.id]);
  });
});
