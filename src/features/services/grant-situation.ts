import type { Db } from "../../platform/db/database.ts";
import type { Grant, Service } from "../../platform/db/schema.ts";
import { requestRoute, type RequestRoute } from "./policies.ts";
import { findRequestContext } from "../../core/organisations/queries/services.ts";

/** Where the person stands in the organisation they act for, as a grant request needs it. */
export interface RequestContext {
  organisation: { id: string; name: string } | null;
  membership: {
    status: "pending" | "active";
    isAdmin: boolean;
    function: string | null;
    administratorCount: number;
    /** Where mails about this organisation's matters go: the member's address there, else the account's. */
    email: string;
  } | null;
}

/** The person's situation for one service, in the organisation they act for: what the pages show and allow. */
export type GrantSituation =
  /** The service needs an organisation and the person acts for none. */
  | { kind: "organisation_required" }
  | { kind: "granted"; grant: Grant; organisation: RequestContext["organisation"] }
  | {
      kind: "pending";
      grant: Grant;
      organisation: RequestContext["organisation"];
      route: RequestRoute;
      /** The first member has accepted the administrator's role: a letter with a usable code is on its way (set by describeGrantRequest). */
      roleAccepted?: boolean;
    }
  /** The service needs the person's function in the organisation; they must fill it in before asking. */
  | { kind: "function_required"; organisation: { id: string; name: string }; previous: Grant | null }
  /** The person may ask (again, after a refusal or a deactivation: `previous`). */
  | { kind: "can_request"; organisation: RequestContext["organisation"]; previous: Grant | null; route: RequestRoute };

/** Reads the person's membership of the organisation they act for (pending or active), with its number of administrators. */
export async function loadRequestContext(db: Db, input: { accountId: string; organisationId: string | null }): Promise<RequestContext> {
  if (!input.organisationId) return { organisation: null, membership: null };
  const row = await findRequestContext(db, { accountId: input.accountId, organisationId: input.organisationId });
  if (!row || (row.status !== "pending" && row.status !== "active")) return { organisation: null, membership: null };
  return {
    organisation: { id: row.organisationId, name: row.organisationName },
    membership: {
      status: row.status,
      isAdmin: row.isAdmin,
      function: row.function,
      administratorCount: Number(row.administratorCount ?? 0),
      email: row.memberEmail ?? row.accountEmail,
    },
  };
}

/**
 * The situation for a service given the context and the person's grant in it (found with
 * `grantContext`). A granted or pending grant stays what it is; a new request first needs the
 * organisation, then the function, when the service says so.
 */
export function grantSituation(service: Service, context: RequestContext, grant: Grant | null): GrantSituation {
  const organisation = service.requiresOrganisation ? context.organisation : null;
  if (service.requiresOrganisation && !organisation) return { kind: "organisation_required" };
  const route = requestRoute(service, service.requiresOrganisation ? context.membership : null);
  if (grant?.status === "granted") return { kind: "granted", grant, organisation };
  if (grant?.status === "pending") return { kind: "pending", grant, organisation, route };
  if (service.requiresFunction && organisation && !context.membership?.function) return { kind: "function_required", organisation, previous: grant };
  return { kind: "can_request", organisation, previous: grant, route };
}
