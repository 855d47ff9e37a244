import type { GrantStatus } from "../../platform/db/schema.ts";

/**
 * The decisions on a grant and the statuses each applies to. A request (first, or again after a
 * refusal or a deactivation) is made by the person; these are made by whoever decides for the
 * service (see policies.ts).
 */
export const grantTransitions = {
  grant: { from: ["pending"], to: "granted", event: "grant.granted" },
  refuse: { from: ["pending"], to: "refused", event: "grant.refused" },
  revoke: { from: ["granted"], to: "revoked", event: "grant.revoked" },
} as const satisfies Record<string, { from: readonly GrantStatus[]; to: GrantStatus; event: string }>;

export type GrantDecision = keyof typeof grantTransitions;

/** The statuses a person may ask again from; a pending or granted grant is left as it is. */
export const renewableStatuses: readonly GrantStatus[] = ["refused", "revoked"];

/** The words of seed 001 ("en cours de validation, validée, désactivée"). */
export const grantStatusLabels: Record<GrantStatus, string> = {
  pending: "en cours de validation",
  granted: "validée",
  refused: "refusée",
  revoked: "désactivée",
};

/** Refusals and deactivations say why; the person reads it. */
export const REASON_MAX_LENGTH = 500;
