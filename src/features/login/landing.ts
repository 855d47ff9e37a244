import type { Db } from "../../platform/db/database.ts";
import { findStaffDuties } from "./queries.ts";

/** What the landing depends on: the account's role and, for staff, its duties. */
export interface LandingFacts {
  role: string | null | undefined;
  /** Named to the support (`/administration/support`): may see `/support`. */
  supportAgent?: boolean;
  /** An agent attached to at least one procedure: has requests to process on `/instruction`. */
  caseWorker?: boolean;
}

/**
 * Where a person lands after logging in without a return path (issues 15 and the support's own
 * queue). A `?retour=` path (checked by safeReturnPath) always wins. Otherwise each lands on the
 * queue of their daily work, before configuration:
 *
 * 1. an agent attached to a procedure lands on `/instruction`, even when also named to the
 *    support: requests have deadlines and a case worker's queue is theirs alone, while the
 *    support's questions are shared by every support agent;
 * 2. anyone named to the support otherwise (an agent without procedure, or a platform admin)
 *    lands on `/support`: answering people is daily work, the administration is occasional;
 * 3. another agent lands on `/instruction` (which tells them they are attached to nothing yet),
 *    a platform admin on `/administration`, everyone else on their dashboard.
 *
 * The other places stay one link away: « Instruction » and « Administration » in the header for
 * their roles, and the support's queue from the dashboard.
 */
export function landingPath(facts: LandingFacts): string {
  const staff = facts.role === "agent" || facts.role === "platform_admin";
  if (facts.role === "agent" && facts.caseWorker) return "/instruction";
  if (staff && facts.supportAgent) return "/support";
  if (facts.role === "agent") return "/instruction";
  if (facts.role === "platform_admin") return "/administration";
  return "/tableau-de-bord";
}

/** The landing of an account: reads its duties for staff only (people's logins query nothing more). */
export async function landingOf(db: Db, account: { accountId: string; role: string | null | undefined }): Promise<string> {
  if (account.role !== "agent" && account.role !== "platform_admin") return landingPath({ role: account.role });
  return landingPath({ role: account.role, ...(await findStaffDuties(db, account.accountId)) });
}
