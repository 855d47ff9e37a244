import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import { membersUrl } from "./paths.ts";

/** The membership lifecycle's mails: to the member at each status, to administrators on a request. */

interface Addressee {
  civility: string;
  lastName: string;
}

interface Person extends Addressee {
  firstName: string;
}

interface OrganisationRef {
  id: string;
  name: string;
}

const greeting = (person: Addressee) => `Bonjour ${person.civility} ${person.lastName},`;

const fullName = (person: Person) => `${person.civility} ${person.firstName} ${person.lastName}`;

/** The reason an administrator typed, when they gave one; none otherwise. */
const reasonBlocks = (reason: string | null | undefined): MailBlock[] =>
  reason ? [{ paragraph: `Motif indiqué par l'administrateur : ${reason}` }] : [];

const dashboardLink = (config: Config): MailBlock => ({
  link: { label: "Tableau de bord", url: `${config.publicUrl}/tableau-de-bord` },
});

/** To the member who asked to join: the request waits for the organisation's administrators. */
export function joinRequestReceivedMail(config: Config, member: Addressee, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Votre demande de rattachement est en cours de validation",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre demande de rattachement à la structure « ${organisation.name} » est en cours de validation par ses administrateurs.` },
      { paragraph: "Ils ont été informés par courriel de votre demande. Vous serez informé par courriel de sa validation ou de son refus." },
      dashboardLink(config),
    ],
  });
}

/** To each administrator: a person asks to join the organisation. */
export function joinRequestToAdministratorMail(config: Config, administrator: Addressee, requester: Person, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Nouvelle demande de rattachement à votre structure",
    greeting: greeting(administrator),
    blocks: [
      { paragraph: `${fullName(requester)} demande à être rattaché(e) à la structure « ${organisation.name} », dont vous êtes administrateur.` },
      { paragraph: "Vous pouvez valider ou refuser cette demande depuis la liste des membres de la structure." },
      { link: { label: "Voir les membres de la structure", url: `${config.publicUrl}${membersUrl(organisation.id)}` } },
      { note: "Si vous ne connaissez pas cette personne, refusez sa demande." },
    ],
  });
}

/** To the member: an administrator validated their membership. */
export function membershipValidatedMail(config: Config, member: Addressee, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Votre rattachement à une structure est validé",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre demande de rattachement à la structure « ${organisation.name} » a été validée par un de ses administrateurs.` },
      { paragraph: "Vous pouvez désormais agir pour cette structure et demander des habilitations aux services qui la concernent." },
      { link: { label: "Voir ma structure", url: `${config.publicUrl}/structures/${organisation.id}` } },
    ],
  });
}

/** To the member: an administrator refused their request, with the reason they gave if any. */
export function membershipRefusedMail(config: Config, member: Addressee, organisation: OrganisationRef, reason?: string | null) {
  return renderMail(config.brand, {
    subject: "Votre demande de rattachement à une structure est refusée",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre demande de rattachement à la structure « ${organisation.name} » a été refusée par un de ses administrateurs.` },
      ...reasonBlocks(reason),
      { paragraph: "Si vous pensez qu'il s'agit d'une erreur, rapprochez-vous des administrateurs de votre structure." },
      dashboardLink(config),
    ],
  });
}

/** To the member: an administrator deactivated their membership, with the reason they gave if any. */
export function membershipDeactivatedMail(config: Config, member: Addressee, organisation: OrganisationRef, reason?: string | null) {
  return renderMail(config.brand, {
    subject: "Votre rattachement à une structure est désactivé",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre rattachement à la structure « ${organisation.name} » a été désactivé par un de ses administrateurs. Vous ne pouvez plus agir pour cette structure ni accéder aux services en son nom.` },
      ...reasonBlocks(reason),
      { paragraph: "Si vous pensez qu'il s'agit d'une erreur, rapprochez-vous des administrateurs de votre structure." },
    ],
  });
}

/** To the member: an administrator reactivated their membership. */
export function membershipReactivatedMail(config: Config, member: Addressee, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Votre rattachement à une structure est de nouveau validé",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre rattachement à la structure « ${organisation.name} » a été réactivé par un de ses administrateurs : il est de nouveau validé.` },
      { paragraph: "Vous pouvez de nouveau agir pour cette structure et accéder aux services pour lesquels vous êtes habilité." },
      dashboardLink(config),
    ],
  });
}

/** To the member: they are now an administrator of the organisation. */
export function administratorNamedMail(config: Config, member: Addressee, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Vous êtes administrateur d'une structure",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Un administrateur de la structure « ${organisation.name} » vous a nommé administrateur.` },
      { paragraph: "Vous gérez désormais les membres de la structure et leurs habilitations : vous recevrez les demandes de rattachement et pourrez les valider ou les refuser." },
      { link: { label: "Voir les membres de la structure", url: `${config.publicUrl}${membersUrl(organisation.id)}` } },
      { note: "Si vous ne souhaitez pas ce rôle, demandez à un autre administrateur de vous le retirer." },
    ],
  });
}

/** To the member: they are no longer an administrator (they stay a member). */
export function administratorRemovedMail(config: Config, member: Addressee, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Vous n'êtes plus administrateur d'une structure",
    greeting: greeting(member),
    blocks: [
      { paragraph: `Votre rôle d'administrateur de la structure « ${organisation.name} » vous a été retiré. Vous en restez membre.` },
      { paragraph: "Si vous pensez qu'il s'agit d'une erreur, rapprochez-vous des administrateurs de votre structure." },
    ],
  });
}
