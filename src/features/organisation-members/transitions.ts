import type { MembershipStatus } from "../../platform/db/schema.ts";

/**
 * The membership state machine: what each administrator's action expects and what it leaves.
 * An administrator is always an active member (the table's check says so too).
 */

export type MembershipAction = "validate" | "refuse" | "deactivate" | "reactivate" | "nameAdministrator" | "removeAdministrator";

interface MembershipState {
  status: MembershipStatus;
  isAdmin: boolean;
}

interface Transition {
  from: (membership: MembershipState) => boolean;
  to: MembershipState;
  event: `membership.${string}`;
}

export const membershipTransitions: Record<MembershipAction, Transition> = {
  validate: { from: (m) => m.status === "pending", to: { status: "active", isAdmin: false }, event: "membership.validated" },
  refuse: { from: (m) => m.status === "pending", to: { status: "refused", isAdmin: false }, event: "membership.refused" },
  deactivate: { from: (m) => m.status === "active", to: { status: "deactivated", isAdmin: false }, event: "membership.deactivated" },
  reactivate: { from: (m) => m.status === "deactivated", to: { status: "active", isAdmin: false }, event: "membership.reactivated" },
  nameAdministrator: { from: (m) => m.status === "active" && !m.isAdmin, to: { status: "active", isAdmin: true }, event: "membership.administrator_named" },
  removeAdministrator: { from: (m) => m.status === "active" && m.isAdmin, to: { status: "active", isAdmin: false }, event: "membership.administrator_removed" },
};

export function canApply(action: MembershipAction, membership: MembershipState): boolean {
  return membershipTransitions[action].from(membership);
}

const decidedPhrase: Record<MembershipStatus, string> = {
  pending: "elle est en cours de validation",
  active: "elle a été validée",
  refused: "elle a été refusée",
  deactivated: "elle a été validée, puis le rattachement a été désactivé",
};

/** Why the action does not apply to the membership as it is now, in words for the administrator. */
export function whyNot(action: MembershipAction, membership: MembershipState & { decidedBy: string | null }, actorId: string): string {
  const byActor = membership.decidedBy === actorId;
  switch (action) {
    case "validate":
    case "refuse":
      return byActor
        ? `Vous avez déjà traité cette demande : ${decidedPhrase[membership.status]}.`
        : `Cette demande a déjà été traitée par un autre administrateur : ${decidedPhrase[membership.status]}.`;
    case "deactivate":
      if (membership.status === "deactivated") return byActor ? "Vous avez déjà désactivé ce membre." : "Ce membre a déjà été désactivé par un autre administrateur.";
      if (membership.status === "pending") return "La demande de ce membre n'a pas encore été validée : refusez-la plutôt que de le désactiver.";
      return "La demande de ce membre a été refusée : il n'y a rien à désactiver.";
    case "reactivate":
      if (membership.status === "active") return byActor ? "Vous avez déjà réactivé ce membre." : "Ce membre est déjà actif : un autre administrateur l'a réactivé ou validé.";
      if (membership.status === "pending") return "La demande de ce membre est en cours de validation : validez-la plutôt que de le réactiver.";
      return "La demande de ce membre a été refusée : il ne peut pas être réactivé, mais il peut demander de nouveau à rejoindre la structure.";
    case "nameAdministrator":
      if (membership.isAdmin) return "Ce membre est déjà administrateur de la structure.";
      return "Seul un membre dont le rattachement est validé peut être nommé administrateur.";
    case "removeAdministrator":
      return membership.status === "active"
        ? "Ce membre n'est plus administrateur de la structure : un autre administrateur lui a déjà retiré ce rôle."
        : "Ce membre n'est pas administrateur de la structure.";
  }
}
