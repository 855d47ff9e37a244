import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { ProcedureStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "./definition/schema.ts";

/** A procedure's version holding this checksum, if it was loaded before. */
export async function findVersionByChecksum(db: Db, procedureId: string, checksum: string) {
  return db.selectFrom("procedureVersions").select(["id", "number"]).where("procedureId", "=", procedureId).where("checksum", "=", checksum).executeTakeFirst();
}

/**
 * Definitions are read as text and parsed here: the CamelCasePlugin would otherwise rename the
 * keys inside the jsonb ("sous_champs" → "sousChamps") and the definition would no longer match
 * its schema.
 */
const definitionText = sql<string>`definition::text`.as("definitionText");
const parseDefinition = (text: string) => JSON.parse(text) as ProcedureDefinition;

/** The definition of a procedure's latest version (to compare field types with a new one). */
export async function findLatestDefinition(db: Db, procedureId: string): Promise<{ number: number; definition: ProcedureDefinition } | undefined> {
  const row = await db
    .selectFrom("procedureVersions")
    .select(["number", definitionText])
    .where("procedureId", "=", procedureId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { number: row.number, definition: parseDefinition(row.definitionText) } : undefined;
}

export async function insertVersion(
  db: Db,
  version: { procedureId: string; number: number; definition: ProcedureDefinition; checksum: string; sourceFile: string; loadedAt: Date; loadedBy: string | null },
) {
  return db
    .insertInto("procedureVersions")
    .values({ ...version, definition: JSON.stringify(version.definition) })
    .returning(["id", "number"])
    .executeTakeFirstOrThrow();
}

export async function touchProcedure(db: Db, procedureId: string, at: Date) {
  await db.updateTable("procedures").set({ updatedAt: at }).where("id", "=", procedureId).execute();
}

/**
 * Every procedure for the admin list, by slug: status, the published version's number, the
 * latest version's number and title.
 */
export async function listProcedures(db: Db) {
  const rows = await db
    .selectFrom("procedures")
    .innerJoin("procedureVersions as latest", (join) =>
      join
        .onRef("latest.procedureId", "=", "procedures.id")
        .on("latest.number", "=", (eb) => eb.selectFrom("procedureVersions as v").whereRef("v.procedureId", "=", "procedures.id").select((inner) => inner.fn.max("v.number").as("n"))),
    )
    .leftJoin("procedureVersions as current", "current.id", "procedures.currentVersionId")
    .select([
      "procedures.id",
      "procedures.slug",
      "procedures.status",
      "procedures.updatedAt",
      "procedures.publishedAt",
      "procedures.closedAt",
      "latest.number as latestNumber",
      "latest.loadedAt as latestLoadedAt",
      "current.number as currentNumber",
      sql<string>`latest.definition ->> 'titre'`.as("title"),
      sql<string>`latest.definition ->> 'thème'`.as("theme"),
    ])
    .orderBy("procedures.slug")
    .execute();
  return rows;
}
export type ProcedureSummary = Awaited<ReturnType<typeof listProcedures>>[number];

/** A procedure with all its versions (newest first), without their definitions. */
export async function findProcedureWithVersions(db: Db, slug: string) {
  const procedure = await db.selectFrom("procedures").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!procedure) return undefined;
  const versions = await db
    .selectFrom("procedureVersions")
    .select(["id", "number", "checksum", "sourceFile", "loadedAt", sql<string>`definition ->> 'titre'`.as("title")])
    .where("procedureId", "=", procedure.id)
    .orderBy("number", "desc")
    .execute();
  return { procedure, versions };
}

/** One version of a procedure, with its definition. */
export async function findVersion(db: Db, slug: string, number: number) {
  const row = await db
    .selectFrom("procedureVersions")
    .innerJoin("procedures", "procedures.id", "procedureVersions.procedureId")
    .select(["procedureVersions.id", "procedureVersions.number", sql<string>`procedure_versions.definition::text`.as("definitionText"), "procedureVersions.loadedAt", "procedureVersions.sourceFile", "procedures.slug", "procedures.currentVersionId", "procedures.status"])
    .where("procedures.slug", "=", slug)
    .where("procedureVersions.number", "=", number)
    .executeTakeFirst();
  if (!row) return undefined;
  const { definitionText: text, ...rest } = row;
  return { ...rest, definition: parseDefinition(text) };
}

/** Makes a version the one new requests are filed under, and opens (or reopens) the procedure. */
export async function setPublished(db: Db, procedureId: string, versionId: string, at: Date) {
  await db.updateTable("procedures").set({ status: "published", currentVersionId: versionId, publishedAt: at, closedAt: null, updatedAt: at }).where("id", "=", procedureId).execute();
}

export async function setStatus(db: Db, procedureId: string, status: ProcedureStatus, at: Date) {
  await db
    .updateTable("procedures")
    .set({ status, updatedAt: at, ...(status === "closed" ? { closedAt: at } : {}) })
    .where("id", "=", procedureId)
    .execute();
}

/** The published definition new requests use, for the catalogue and the request pages to come. */
export async function findPublishedDefinition(db: Db, slug: string) {
  const row = await db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select(["procedures.id as procedureId", "procedureVersions.id as versionId", "procedureVersions.number", sql<string>`procedure_versions.definition::text`.as("definitionText")])
    .where("procedures.slug", "=", slug)
    .where("procedures.status", "=", "published")
    .executeTakeFirst();
  if (!row) return undefined;
  const { definitionText: text, ...rest } = row;
  return { ...rest, definition: parseDefinition(text) };
}

/** The catalogue: published procedures with their title, theme and description, by theme then title. */
export async function listPublishedProcedures(db: Db) {
  return db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select([
      "procedures.slug",
      sql<string>`procedure_versions.definition ->> 'titre'`.as("title"),
      sql<string>`procedure_versions.definition ->> 'thème'`.as("theme"),
      sql<string>`procedure_versions.definition ->> 'description'`.as("description"),
    ])
    .where("procedures.status", "=", "published")
    .orderBy(sql`procedure_versions.definition ->> 'thème'`)
    .orderBy(sql`procedure_versions.definition ->> 'titre'`)
    .execute();
}

/** A procedure by its slug, locked until the end of the transaction (publishing and closing check its state). */
export async function lockProcedure(db: Db, slug: string) {
  return db.selectFrom("procedures").select(["id", "status", "currentVersionId"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
}

/** The last version loaded of a procedure (there is always one: a procedure is created with its first). */
export async function findLatestVersion(db: Db, procedureId: string) {
  return db.selectFrom("procedureVersions").select(["id", "number"]).where("procedureId", "=", procedureId).orderBy("number", "desc").limit(1).executeTakeFirstOrThrow();
}

/** Insert-or-find, then lock the row: two loads at once number their versions one after the other. */
export async function insertOrLockProcedure(db: Db, slug: string, at: Date) {
  await db.insertInto("procedures").values({ slug, createdAt: at, updatedAt: at }).onConflict((conflict) => conflict.column("slug").doNothing()).execute();
  return db.selectFrom("procedures").select(["id", "createdAt"]).where("slug", "=", slug).forUpdate().executeTakeFirstOrThrow();
}

/**
 * The public catalogue and the home page: published procedures whose deadline (`date_limite`,
 * "AAAA-MM-JJ", compared as text) is not before `today`, by theme then title, with the sentence
 * to show (`résumé`, else the description) and who may file.
 */
export async function listOpenProcedures(db: Db, today: string) {
  return db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select([
      "procedures.slug",
      sql<string>`procedure_versions.definition ->> 'titre'`.as("title"),
      sql<string>`procedure_versions.definition ->> 'thème'`.as("theme"),
      sql<string>`coalesce(procedure_versions.definition ->> 'résumé', procedure_versions.definition ->> 'description')`.as("summary"),
      sql<string | null>`procedure_versions.definition ->> 'date_limite'`.as("deadline"),
      sql<"personne" | "membre-structure">`procedure_versions.definition -> 'déposant' ->> 'type'`.as("applicantType"),
      sql<string | null>`procedure_versions.definition -> 'déposant' ->> 'service'`.as("applicantService"),
    ])
    .where("procedures.status", "=", "published")
    .where((eb) => eb.or([eb(sql`procedure_versions.definition ->> 'date_limite'`, "is", null), eb(sql`procedure_versions.definition ->> 'date_limite'`, ">=", today)]))
    .orderBy(sql`procedure_versions.definition ->> 'thème'`)
    .orderBy(sql`procedure_versions.definition ->> 'titre'`)
    .execute();
}
export type OpenProcedure = Awaited<ReturnType<typeof listOpenProcedures>>[number];

/**
 * A procedure as its public page shows it: its status and the definition of its current version
 * (the last published one, also when closed); undefined for an unknown slug or a draft never
 * published.
 */
export async function findCatalogueProcedure(db: Db, slug: string) {
  const row = await db
    .selectFrom("procedures")
    .innerJoin("procedureVersions", "procedureVersions.id", "procedures.currentVersionId")
    .select(["procedures.status", "procedures.closedAt", sql<string>`procedure_versions.definition::text`.as("definitionText")])
    .where("procedures.slug", "=", slug)
    .where("procedures.status", "in", ["published", "closed"])
    .executeTakeFirst();
  if (!row) return undefined;
  const { definitionText: text, ...rest } = row;
  return { ...rest, definition: parseDefinition(text) };
}
