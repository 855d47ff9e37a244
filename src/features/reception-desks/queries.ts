import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { DeskInput } from "./desk-input.ts";

const deskColumns = [
  "id",
  "name",
  "address",
  "postalCode",
  "communeCode",
  "communeName",
  "departement",
  "openingHours",
  "phone",
  "services",
  "latitude",
  "longitude",
  "demo",
] as const;

/** Every desk, by département, commune and name, for the admins' list. */
export async function listDesks(db: Db) {
  return db.selectFrom("receptionDesks").select(deskColumns).orderBy("departement").orderBy("communeName").orderBy("name").orderBy("id").execute();
}
export type Desk = Awaited<ReturnType<typeof listDesks>>[number];

/** One desk, or undefined. */
export async function findDesk(db: Db, id: string) {
  return db.selectFrom("receptionDesks").select(deskColumns).where("id", "=", id).executeTakeFirst();
}

/** Adds desks (all in one statement); returns their ids in order. */
export async function insertDesks(db: Db, desks: readonly DeskInput[], at: Date, options: { demo?: boolean } = {}): Promise<string[]> {
  // Guard: an insert with no rows is not valid SQL.
  if (desks.length === 0) return [];
  const rows = desks.map((desk) => ({ ...desk, demo: options.demo ?? false, createdAt: at, updatedAt: at }));
  const inserted = await db.insertInto("receptionDesks").values(rows).returning("id").execute();
  return inserted.map((row) => row.id);
}

/** Removes every desk (the CSV import replaces the whole list); returns how many there were. */
export async function deleteAllDesks(db: Db): Promise<number> {
  const result = await db.deleteFrom("receptionDesks").executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Replaces one desk's fields; false when it no longer exists. */
export async function updateDesk(db: Db, id: string, desk: DeskInput, at: Date): Promise<boolean> {
  const result = await db.updateTable("receptionDesks").set({ ...desk, updatedAt: at }).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes one desk, returning it (undefined when already gone). */
export async function deleteDesk(db: Db, id: string) {
  return db.deleteFrom("receptionDesks").where("id", "=", id).returning(["id", "name", "communeName"]).executeTakeFirst();
}

/** How many desks there are (the demonstration loads its own only into an empty list). */
export async function countDesks(db: Db): Promise<number> {
  const row = await db.selectFrom("receptionDesks").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Where a commune is, estimated from the desks with a position: those of the commune itself,
 * else those of its postal codes, else those of its département (the mean of their positions).
 * No package of the official lists gives communes' centres, so the desks are the only positions
 * the portal knows. `basis` says which estimate was used, for the page to say how precise it is.
 */
export async function estimateCommunePosition(db: Db, commune: { code: string; postalCodes: readonly string[]; departement: string }) {
  const mean = async (column: "communeCode" | "postalCode" | "departement", values: readonly string[]) => {
    // Guard: `in ()` with an empty list is not valid SQL.
    if (values.length === 0) return undefined;
    const row = await db
      .selectFrom("receptionDesks")
      .select((eb) => [eb.fn.avg<number>("latitude").as("latitude"), eb.fn.avg<number>("longitude").as("longitude")])
      .where(column, "in", values)
      .where("latitude", "is not", null)
      .executeTakeFirst();
    return row?.latitude === null || row?.latitude === undefined || row.longitude === null ? undefined : { latitude: Number(row.latitude), longitude: Number(row.longitude) };
  };
  const inCommune = await mean("communeCode", [commune.code]);
  if (inCommune) return { ...inCommune, basis: "commune" as const };
  const inPostalCodes = await mean("postalCode", commune.postalCodes);
  if (inPostalCodes) return { ...inPostalCodes, basis: "postal-code" as const };
  const inDepartement = await mean("departement", [commune.departement]);
  if (inDepartement) return { ...inDepartement, basis: "departement" as const };
  return undefined;
}
export type EstimatedPosition = NonNullable<Awaited<ReturnType<typeof estimateCommunePosition>>>;

/**
 * The desks nearest a position, with their distance as the crow flies in km (haversine, mean
 * Earth radius 6,371 km), nearest first; desks without a position come last, those of the
 * searched commune and département first among them.
 */
export async function findNearestDesks(db: Db, origin: { latitude: number; longitude: number }, near: { communeCode: string; departement: string }, limit: number) {
  const { latitude, longitude } = origin;
  // least(1, …): rounding may push the haversine's argument a hair above 1, out of asin's domain.
  // least() ignores nulls, hence the case: a desk without a position has no distance.
  const distance = sql<number | null>`case when latitude is null then null else 6371 * 2 * asin(least(1, sqrt(
    power(sin(radians(latitude - ${latitude}) / 2), 2)
    + cos(radians(${latitude})) * cos(radians(latitude)) * power(sin(radians(longitude - ${longitude}) / 2), 2)
  ))) end`;
  const rows = await db
    .selectFrom("receptionDesks")
    .select([...deskColumns, distance.as("distanceKm")])
    .orderBy(sql`${distance} asc nulls last`)
    .orderBy(sql`commune_code = ${near.communeCode}`, "desc")
    .orderBy(sql`departement = ${near.departement}`, "desc")
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, distanceKm: row.distanceKm === null ? null : Number(row.distanceKm) }));
}
export type NearDesk = Awaited<ReturnType<typeof findNearestDesks>>[number];

/** Without any position known: the desks of the commune, then the rest of its département. */
export async function findDesksInDepartement(db: Db, near: { communeCode: string; departement: string }, limit: number) {
  const rows = await db
    .selectFrom("receptionDesks")
    .select(deskColumns)
    .where("departement", "=", near.departement)
    .orderBy(sql`commune_code = ${near.communeCode}`, "desc")
    .orderBy("communeName")
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, distanceKm: null }));
}
