import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.ts";
import type { Answers } from "../../procedures/answers/values.ts";

/**
 * The answers and filing date of the last request filed on this procedure by the organisation
 * (for a procedure filed by organisations: whichever member filed it) or else by the applicant,
 * whatever became of it since, unless abandoned: a group prefilled from « demande-précédente »
 * (last month's tenants) starts from it. Undefined before the first one. `exceptRequestId`: the
 * request being shown, never its own previous one.
 */
export async function findLastFiledAnswers(db: Db, input: { procedureId: string; applicantId: string; organisationId: string | null; exceptRequestId?: string | undefined }) {
  let query = db
    .selectFrom("requests")
    .select(["id", "filedAt", sql<string>`answers::text`.as("answersText")])
    .where("procedureId", "=", input.procedureId)
    .where("filedAt", "is not", null)
    .where("status", "!=", "abandoned");
  if (input.exceptRequestId) query = query.where("id", "!=", input.exceptRequestId);
  query = input.organisationId ? query.where("organisationId", "=", input.organisationId) : query.where("applicantId", "=", input.applicantId).where("organisationId", "is", null);
  const row = await query.orderBy("filedAt", "desc").orderBy("id").limit(1).executeTakeFirst();
  return row?.filedAt ? { id: row.id, filedAt: row.filedAt, answers: JSON.parse(row.answersText) as Answers } : undefined;
}
