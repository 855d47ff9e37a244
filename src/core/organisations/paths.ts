/** The addresses of the members' pages, built in one place for routes, views and mails. */

export type MemberAction = "valider" | "refuser" | "desactiver" | "reactiver" | "nommer-administrateur" | "retirer-administrateur";

export const membersUrl = (organisationId: string) => `/structures/${organisationId}/membres`;

export const memberActionUrl = (organisationId: string, membershipId: string, action: MemberAction) =>
  `${membersUrl(organisationId)}/${membershipId}/${action}`;
