import { sql } from "kysely";
import type { Db } from "../../platform/db/database.ts";

/**
 * What decides a staff account's landing after login: whether it is named to the support
 * (`support_agents`, as /support decides) and whether it is a case worker attached to at least one
 * procedure (`procedure_agents`, as /instruction decides). One round trip, staff only: people's
 * logins (the hot path) never run it.
 */
export async function findStaffDuties(db: Db, accountId: string): Promise<{ supportAgent: boolean; caseWorker: boolean }> {
  const row = await db
    .selectFrom("accounts")
    .select([
      sql<boolean>`exists (select 1 from support_agents where support_agents.account_id = accounts.id)`.as("supportAgent"),
      sql<boolean>`exists (select 1 from procedure_agents where procedure_agents.account_id = accounts.id)`.as("caseWorker"),
    ])
    .where("id", "=", accountId)
    .executeTakeFirst();
  return { supportAgent: row?.supportAgent === true, caseWorker: row?.caseWorker === true };
}
