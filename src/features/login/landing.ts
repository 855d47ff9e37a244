/**
 * Where a person lands after logging in without a return path (issue 15): case workers on their
 * work, platform admins on the administration, everyone else on their dashboard. A `?retour=`
 * path (checked by safeReturnPath) always wins.
 */
export function landingPath(role: string | null | undefined): string {
  if (role === "agent") return "/instruction";
  if (role === "platform_admin") return "/administration";
  return "/tableau-de-bord";
}
