import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";

/**
 * What the request's documents (filing attestation, official form, decision letter) read besides
 * the request itself: its decision and the procedures that describe an official form.
 */

/** The request's latest decision (acceptance or refusal) with the agent's reason, or undefined. */
export async function findLatestDecision(db: Db, requestId: string) {
  return db
    .selectFrom("requestEvents")
    .select(["event", "reason", "occurredAt"])
    .where("requestId", "=", requestId)
    .where("event", "in", ["request.accepted", "request.refused"])
    .orderBy("occurredAt", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}
export type LatestDecision = NonNullable<Awaited<ReturnType<typeof findLatestDecision>>>;

/** Among these requests, those whose procedure version describes an official form (one query for "Mes demandes"). */
export async function listRequestsWithOfficialForm(db: Db, requestIds: readonly string[]): Promise<Set<string>> {
  // An empty list would be an invalid "in ()".
  if (requestIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("requests")
    .innerJoin("procedureVersions", "procedureVersions.id", "requests.procedureVersionId")
    .select("requests.id")
    .where("requests.id", "in", requestIds)
    .where(sql<boolean>`procedure_versions.definition ? 'formulaire_officiel'`)
    .execute();
  return new Set(rows.map((row) => row.id));
}
