import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { OrganisationsRegisterEntry } from "../../../platform/db/schema.ts";

/** A line of the register as imported (what the operator's CSV gives). */
export type RegisterEntry = Omit<OrganisationsRegisterEntry, "id" | "createdAt" | "importedAt" | "importBatchId">;

// PostgreSQL takes at most 65,535 parameters per statement: 500 rows × 12 columns stays far below.
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}

/** Which of these client numbers (normalised) the register already holds. */
export async function findExistingClientNumbers(db: Db, clientNumbers: readonly string[]): Promise<Set<string>> {
  const existing = new Set<string>();
  // Guard against an `in ()` with no values, which is a syntax error.
  for (const chunk of chunks(clientNumbers)) {
    const rows = await db.selectFrom("organisationsRegister").select("clientNumber").where("clientNumber", "in", chunk).execute();
    for (const row of rows) existing.add(row.clientNumber);
  }
  return existing;
}

/**
 * Inserts the entries, or updates the row holding the same client number when one of its values
 * differs. Returns the client numbers actually written (new or changed): an unchanged row keeps
 * the batch and date of the import that last changed it.
 */
export async function upsertRegisterEntries(db: Db, entries: readonly RegisterEntry[], batch: { id: string; at: Date }): Promise<Set<string>> {
  const written = new Set<string>();
  for (const chunk of chunks(entries)) {
    const rows = await db
      .insertInto("organisationsRegister")
      .values(chunk.map((entry) => ({ ...entry, createdAt: batch.at, importedAt: batch.at, importBatchId: batch.id })))
      .onConflict((conflict) =>
        conflict
          .column("clientNumber")
          .doUpdateSet((eb) => ({
            clientNumberAsTyped: eb.ref("excluded.clientNumberAsTyped"),
            siret: eb.ref("excluded.siret"),
            siren: eb.ref("excluded.siren"),
            name: eb.ref("excluded.name"),
            legalRepresentative: eb.ref("excluded.legalRepresentative"),
            addressLine: eb.ref("excluded.addressLine"),
            postalCode: eb.ref("excluded.postalCode"),
            communeInseeCode: eb.ref("excluded.communeInseeCode"),
            communeName: eb.ref("excluded.communeName"),
            importedAt: eb.ref("excluded.importedAt"),
            importBatchId: eb.ref("excluded.importBatchId"),
          }))
          .where(
            sql<boolean>`(organisations_register.client_number_as_typed, organisations_register.siret, organisations_register.name,
              organisations_register.legal_representative, organisations_register.address_line, organisations_register.postal_code,
              organisations_register.commune_insee_code, organisations_register.commune_name)
            is distinct from (excluded.client_number_as_typed, excluded.siret, excluded.name, excluded.legal_representative,
              excluded.address_line, excluded.postal_code, excluded.commune_insee_code, excluded.commune_name)`,
          ),
      )
      .returning("clientNumber")
      .execute();
    for (const row of rows) written.add(row.clientNumber);
  }
  return written;
}

/** `%`, `_` and `\` typed in a search are letters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * One page of the register, by name then client number. A search made of digits looks for a
 * client number (leading zeros ignored) or the start of a SIRET / SIREN; any other search looks
 * for the name.
 */
export async function listRegister(db: Db, filter: { search: string; limit: number; offset: number }) {
  const digits = filter.search.replace(/\s/g, "");
  let query = db.selectFrom("organisationsRegister");
  if (/^\d+$/.test(digits)) {
    const clientNumber = digits.replace(/^0+(?=\d)/, "");
    query = query.where((eb) => eb.or([eb("clientNumber", "=", clientNumber), eb("siret", "like", `${digits}%`)]));
  } else if (filter.search !== "") {
    query = query.where("name", "ilike", `%${escapeLike(filter.search)}%`);
  }
  const [rows, count] = await Promise.all([
    query
      .select([
        "clientNumber", "clientNumberAsTyped", "siret", "name", "legalRepresentative", "addressLine", "postalCode",
        "communeInseeCode", "communeName", "importedAt",
      ])
      .orderBy(sql`lower(name)`)
      .orderBy("clientNumber")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { entries: rows, total: Number(count.total) };
}

export type RegisterSummary = Awaited<ReturnType<typeof listRegister>>["entries"][number];

/** The register's row for a client number as typed (leading zeros ignored). */
export async function findRegisterEntry(db: Db, clientNumber: string) {
  return db
    .selectFrom("organisationsRegister")
    .selectAll()
    .where("clientNumber", "=", clientNumber.replace(/\s/g, "").replace(/^0+(?=\d)/, ""))
    .executeTakeFirst();
}

/** The register's lines carrying a SIRET (several client numbers may share one), at most `limit`. */
export async function listRegisterEntriesBySiret(db: Db, siret: string, limit: number) {
  return db.selectFrom("organisationsRegister").selectAll().where("siret", "=", siret).limit(limit).execute();
}
