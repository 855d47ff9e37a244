import type { GrantDecider, Service } from "../../platform/db/schema.ts";

/**
 * Who decides on grants. The route establishes the scope (the administrators of one organisation,
 * or platform admins); the use case checks the grant falls within it.
 */
export type DecisionScope = { kind: "organisation"; organisationId: string } | { kind: "platform" };

/**
 * An organisation's administrators decide on their own members' requests for the services that
 * say so; platform admins on the services that say so. Nobody decides on automatic services.
 */
export function mayDecide(scope: DecisionScope, grant: { organisationId: string | null; grantedBy: GrantDecider }): boolean {
  if (scope.kind === "platform") return grant.grantedBy === "platform_admin";
  return grant.grantedBy === "organisation_admin" && grant.organisationId === scope.organisationId;
}

/**
 * What happens when the person asks: "automatic" and "self" (an administrator of the organisation
 * asking for a service its administrators grant) are granted at once; "first_member" waits until
 * the person becomes the organisation's first administrator by the code sent by post.
 */
export type RequestRoute = "automatic" | "self" | "organisation_admin" | "first_member" | "platform_admin";

export function requestRoute(
  service: Pick<Service, "grantedBy">,
  membership: { isAdmin: boolean; status: string; administratorCount: number } | null,
): RequestRoute {
  if (service.grantedBy === "automatic") return "automatic";
  if (service.grantedBy === "platform_admin") return "platform_admin";
  if (membership?.isAdmin && membership.status === "active") return "self";
  return (membership?.administratorCount ?? 0) === 0 ? "first_member" : "organisation_admin";
}
