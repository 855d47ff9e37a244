import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import { buildPerson, expectRowLocked, type QueryTestDatabase } from "../../../test/query-fixtures.ts";
import {
  findLatestDefinition,
  findLatestVersion,
  findProcedureWithVersions,
  findPublishedDefinition,
  findVersion,
  findVersionByChecksum,
  insertOrLockProcedure,
  insertVersion,
  listProcedures,
  listPublishedProcedures,
  lockProcedure,
  setPublished,
  setStatus,
  touchProcedure,
} from "./queries.ts";
import type { ProcedureDefinition } from "./definition/schema.ts";

describe("the procedures' queries", () => {
  let database: QueryTestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());

  const CREATED = new Date("2026-03-01T09:00:00Z");
  const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T10:00:00Z`);
  const checksumOf = (definition: ProcedureDefinition) => createHash("sha256").update(JSON.stringify(definition)).digest("hex");

  /** A procedure row as loading creates it (a draft), with versions 1..n of these definitions. */
  async function buildProcedure(slug: string, definitions: Partial<ProcedureDefinition>[] = [{}]) {
    const procedure = await db.insertInto("procedures").values({ slug, createdAt: CREATED, updatedAt: CREATED }).returning("id").executeTakeFirstOrThrow();
    const versions = [];
    for (const [index, overrides] of definitions.entries()) {
      const definition = buildDefinition({ slug, ...overrides });
      versions.push(
        await insertVersion(db, { procedureId: procedure.id, number: index + 1, definition, checksum: checksumOf(definition), sourceFile: `procedures/${slug}.json`, loadedAt: at(index + 2), loadedBy: null }),
      );
    }
    return { id: procedure.id, slug, versions };
  }
  const procedureRow = (id: string) => db.selectFrom("procedures").select(["status", "currentVersionId", "updatedAt", "publishedAt", "closedAt"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("finds the version of a procedure holding a checksum, and only that procedure's", async () => {
    const definition = buildDefinition({ slug: "somme" });
    const procedure = await buildProcedure("somme");
    const other = await buildProcedure("somme-autre");
    expect(await findVersionByChecksum(db, procedure.id, checksumOf(definition))).toEqual({ id: procedure.versions[0]!.id, number: 1 });
    expect(await findVersionByChecksum(db, other.id, checksumOf(definition))).toBeUndefined();
  });

  it("reads the latest version's definition with its French keys intact", async () => {
    const procedure = await buildProcedure("derniere", [{ titre: "Première" }, { titre: "Seconde" }]);
    const latest = await findLatestDefinition(db, procedure.id);
    expect(latest).toMatchObject({ number: 2, definition: { titre: "Seconde" } });
    expect(latest?.definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
    const empty = await db.insertInto("procedures").values({ slug: "sans-version", createdAt: CREATED, updatedAt: CREATED }).returning("id").executeTakeFirstOrThrow();
    expect(await findLatestDefinition(db, empty.id)).toBeUndefined();
  });

  it("saves a version with its definition as written and who loaded it", async () => {
    const procedure = await buildProcedure("versionnee");
    const admin = await buildPerson(db, { role: "platform_admin" });
    const definition = buildDefinition({ slug: "versionnee", titre: "Nouvelle version" });
    const version = await insertVersion(db, { procedureId: procedure.id, number: 2, definition, checksum: checksumOf(definition), sourceFile: "procedures/v2.json", loadedAt: at(9), loadedBy: admin.id });
    expect(version).toEqual({ id: expect.any(String), number: 2 });
    const row = await db.selectFrom("procedureVersions").select(["sourceFile", "loadedAt", "loadedBy", "checksum"]).where("id", "=", version.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ sourceFile: "procedures/v2.json", loadedAt: at(9), loadedBy: admin.id, checksum: checksumOf(definition) });
    expect((await findVersion(db, "versionnee", 2))?.definition).toEqual(definition);
  });

  it("dates a procedure's last change", async () => {
    const procedure = await buildProcedure("touchee");
    await touchProcedure(db, procedure.id, at(12));
    expect((await procedureRow(procedure.id)).updatedAt).toEqual(at(12));
  });

  it("lists every procedure by slug with its latest version's title and the published version's number", async () => {
    const published = await buildProcedure("liste-b", [{ titre: "B v1", thème: "Thème B" }, { titre: "B v2", thème: "Thème B2" }]);
    await setPublished(db, published.id, published.versions[0]!.id, at(10));
    await buildProcedure("liste-a", [{ titre: "A v1" }]);
    const ours = (await listProcedures(db)).filter((procedure) => procedure.slug.startsWith("liste-"));
    expect(ours.map(({ slug, status, latestNumber, currentNumber, title, theme }) => ({ slug, status, latestNumber, currentNumber, title, theme }))).toEqual([
      { slug: "liste-a", status: "draft", latestNumber: 1, currentNumber: null, title: "A v1", theme: "Essais" },
      { slug: "liste-b", status: "published", latestNumber: 2, currentNumber: 1, title: "B v2", theme: "Thème B2" },
    ]);
    expect(ours[1]).toMatchObject({ publishedAt: at(10), latestLoadedAt: at(3) });
  });

  it("reads a procedure with its versions newest first, without their definitions", async () => {
    const procedure = await buildProcedure("historique", [{ titre: "Version 1" }, { titre: "Version 2" }]);
    const found = await findProcedureWithVersions(db, "historique");
    expect(found?.procedure).toMatchObject({ id: procedure.id, slug: "historique", status: "draft" });
    expect(found?.versions.map(({ number, title, sourceFile }) => ({ number, title, sourceFile }))).toEqual([
      { number: 2, title: "Version 2", sourceFile: "procedures/historique.json" },
      { number: 1, title: "Version 1", sourceFile: "procedures/historique.json" },
    ]);
    expect(found?.versions[0]).not.toHaveProperty("definition");
    expect(await findProcedureWithVersions(db, "inconnue")).toBeUndefined();
  });

  it("reads one version by slug and number, with its definition", async () => {
    const procedure = await buildProcedure("lecture", [{ titre: "Un" }, { titre: "Deux" }]);
    await setPublished(db, procedure.id, procedure.versions[1]!.id, at(10));
    const version = await findVersion(db, "lecture", 1);
    expect(version).toMatchObject({ id: procedure.versions[0]!.id, number: 1, slug: "lecture", status: "published", currentVersionId: procedure.versions[1]!.id, loadedAt: at(2) });
    expect(version?.definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
    expect(await findVersion(db, "lecture", 3)).toBeUndefined();
    expect(await findVersion(db, "inconnue", 1)).toBeUndefined();
  });

  it("publishes a version, reopening a closed procedure", async () => {
    const procedure = await buildProcedure("publiee", [{}, { titre: "Deux" }]);
    await setPublished(db, procedure.id, procedure.versions[0]!.id, at(10));
    await setStatus(db, procedure.id, "closed", at(11));
    await setPublished(db, procedure.id, procedure.versions[1]!.id, at(12));
    expect(await procedureRow(procedure.id)).toEqual({ status: "published", currentVersionId: procedure.versions[1]!.id, updatedAt: at(12), publishedAt: at(12), closedAt: null });
  });

  it("changes a procedure's status, dating the closing", async () => {
    const procedure = await buildProcedure("fermee");
    await setPublished(db, procedure.id, procedure.versions[0]!.id, at(10));
    await setStatus(db, procedure.id, "closed", at(11));
    expect(await procedureRow(procedure.id)).toMatchObject({ status: "closed", updatedAt: at(11), closedAt: at(11), publishedAt: at(10) });
    await setStatus(db, procedure.id, "published", at(12));
    expect(await procedureRow(procedure.id)).toMatchObject({ status: "published", updatedAt: at(12), closedAt: at(11) });
  });

  it("reads the published definition only while the procedure is published", async () => {
    const procedure = await buildProcedure("ouverte", [{ titre: "Un" }, { titre: "Deux" }]);
    expect(await findPublishedDefinition(db, "ouverte")).toBeUndefined();
    await setPublished(db, procedure.id, procedure.versions[0]!.id, at(10));
    const published = await findPublishedDefinition(db, "ouverte");
    expect(published).toMatchObject({ procedureId: procedure.id, versionId: procedure.versions[0]!.id, number: 1, definition: { titre: "Un" } });
    expect(published?.definition.étapes[1]!.champs[0]).toMatchObject({ id: "menage", sous_champs: expect.any(Array) });
    await setStatus(db, procedure.id, "closed", at(11));
    expect(await findPublishedDefinition(db, "ouverte")).toBeUndefined();
  });

  it("lists the catalogue: published procedures only, by theme then title", async () => {
    const entries = [
      { slug: "cat-un", titre: "Zèbre", thème: "Catalogue A" },
      { slug: "cat-deux", titre: "Antilope", thème: "Catalogue B" },
      { slug: "cat-trois", titre: "Bison", thème: "Catalogue A" },
      { slug: "cat-brouillon", titre: "Castor", thème: "Catalogue A" },
      { slug: "cat-fermee", titre: "Daim", thème: "Catalogue A" },
    ];
    for (const entry of entries) {
      const procedure = await buildProcedure(entry.slug, [{ titre: entry.titre, thème: entry.thème, description: `Description ${entry.titre}` }]);
      if (entry.slug !== "cat-brouillon") await setPublished(db, procedure.id, procedure.versions[0]!.id, at(10));
      if (entry.slug === "cat-fermee") await setStatus(db, procedure.id, "closed", at(11));
    }
    const ours = (await listPublishedProcedures(db)).filter((procedure) => procedure.slug.startsWith("cat-"));
    expect(ours).toEqual([
      { slug: "cat-trois", title: "Bison", theme: "Catalogue A", description: "Description Bison" },
      { slug: "cat-un", title: "Zèbre", theme: "Catalogue A", description: "Description Zèbre" },
      { slug: "cat-deux", title: "Antilope", theme: "Catalogue B", description: "Description Antilope" },
    ]);
  });
  it("locks and returns a procedure by its slug with its state, and nothing for an unknown slug", async () => {
    const procedure = await buildProcedure("verrouillee");
    await setPublished(db, procedure.id, procedure.versions[0]!.id, at(10));
    const locked = await expectRowLocked(db, "procedures", procedure.id, (trx) => lockProcedure(trx, "verrouillee"));
    expect(locked).toEqual({ id: procedure.id, status: "published", currentVersionId: procedure.versions[0]!.id });
    expect(await lockProcedure(db, "inconnue")).toBeUndefined();
  });

  it("finds a procedure's last version loaded, and throws for a procedure without one", async () => {
    const procedure = await buildProcedure("derniere-version", [{ titre: "Un" }, { titre: "Deux" }, { titre: "Trois" }]);
    await buildProcedure("derniere-version-autre", [{ titre: "A" }, { titre: "B" }, { titre: "C" }, { titre: "D" }]);
    expect(await findLatestVersion(db, procedure.id)).toEqual({ id: procedure.versions[2]!.id, number: 3 });
    const empty = await db.insertInto("procedures").values({ slug: "derniere-sans-version", createdAt: CREATED, updatedAt: CREATED }).returning("id").executeTakeFirstOrThrow();
    await expect(findLatestVersion(db, empty.id)).rejects.toThrow();
  });

  it("creates a procedure on its first load and finds the same one, locked, on the next", async () => {
    const created = await db.transaction().execute((trx) => insertOrLockProcedure(trx, "chargee", at(5)));
    expect(created).toEqual({ id: expect.any(String), createdAt: at(5) });
    const again = await expectRowLocked(db, "procedures", created.id, (trx) => insertOrLockProcedure(trx, "chargee", at(6)));
    expect(again).toEqual({ id: created.id, createdAt: at(5) });
    expect(await db.selectFrom("procedures").select(["status", "updatedAt"]).where("slug", "=", "chargee").execute()).toEqual([{ status: "draft", updatedAt: at(5) }]);
  });
});
