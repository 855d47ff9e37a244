import type { Config } from "../../platform/config.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";

/** The grant lifecycle's mails: to the person at each status, to whoever decides on a request. */

interface Addressee {
  civility: string;
  lastName: string;
}

interface Person extends Addressee {
  firstName: string;
}

interface ServiceRef {
  name: string;
  slug: string;
}

interface OrganisationRef {
  id: string;
  name: string;
}

const greeting = (person: Addressee) => `Bonjour ${person.civility} ${person.lastName},`;

const fullName = (person: Person) => `${person.civility} ${person.firstName} ${person.lastName}`;

/** "au service X" or "au service X pour la structure Y". */
const what = (service: ServiceRef, organisation: OrganisationRef | null) =>
  `au service « ${service.name} »${organisation ? ` pour la structure « ${organisation.name} »` : ""}`;

const reasonBlocks = (reason: string | null): MailBlock[] => (reason ? [{ paragraph: `Motif indiqué : ${reason}` }] : []);

const dashboardLink = (config: Config): MailBlock => ({ link: { label: "Tableau de bord", url: `${config.publicUrl}/tableau-de-bord` } });

/** To the person: the request waits for a decision ("en cours de validation"). */
export function grantRequestedMail(
  config: Config,
  person: Addressee,
  service: ServiceRef,
  organisation: OrganisationRef | null,
  awaiting: "organisation_admin" | "first_member" | "platform_admin",
) {
  const who: Record<typeof awaiting, string> = {
    organisation_admin: "Les administrateurs de votre structure ont été informés par courriel de votre demande.",
    first_member:
      "Étant le premier utilisateur à vous déclarer pour cette structure, vous allez devenir administrateur des utilisateurs et de leurs habilitations : votre demande sera validée dès que vous aurez saisi le code d'activation envoyé par courrier à votre représentant légal.",
    platform_admin: `Les administrateurs de ${config.brand.name} ont été informés par courriel de votre demande.`,
  };
  return renderMail(config.brand, {
    subject: "Votre demande d'habilitation est en cours de validation",
    greeting: greeting(person),
    blocks: [
      { paragraph: `Votre demande d'habilitation ${what(service, organisation)} est en cours de validation.` },
      { paragraph: who[awaiting] },
      { paragraph: "Vous serez informé par courriel de l'état de votre demande (validée, refusée)." },
      dashboardLink(config),
    ],
  });
}

/** To each administrator of the organisation: a member asks for a grant they decide on. */
export function grantRequestToOrganisationAdminMail(config: Config, administrator: Addressee, requester: Person, service: ServiceRef, organisation: OrganisationRef) {
  return renderMail(config.brand, {
    subject: "Nouvelle demande d'habilitation dans votre structure",
    greeting: greeting(administrator),
    blocks: [
      { paragraph: `${fullName(requester)} demande l'habilitation ${what(service, organisation)}, dont vous êtes administrateur.` },
      { paragraph: "Vous pouvez valider ou refuser cette demande depuis la liste des habilitations de la structure." },
      { link: { label: "Voir les habilitations de la structure", url: `${config.publicUrl}/structures/${organisation.id}/habilitations` } },
      { note: "Si vous ne connaissez pas cette personne, refusez sa demande." },
    ],
  });
}

/** To each platform admin: a person asks for a grant on a service platform admins decide on. */
export function grantRequestToPlatformAdminMail(config: Config, administrator: Addressee, requester: Person, service: ServiceRef, organisation: OrganisationRef | null) {
  return renderMail(config.brand, {
    subject: "Nouvelle demande d'habilitation à valider",
    greeting: greeting(administrator),
    blocks: [
      { paragraph: `${fullName(requester)} demande l'habilitation ${what(service, organisation)}.` },
      { paragraph: "Vous pouvez valider ou refuser cette demande depuis la page des habilitations de l'administration du portail." },
      { link: { label: "Voir les demandes d'habilitation", url: `${config.publicUrl}/administration/habilitations` } },
    ],
  });
}

/** To the person: the grant is given ("validée"); the terms come before the first use. */
export function grantGrantedMail(config: Config, person: Addressee, service: ServiceRef, organisation: OrganisationRef | null) {
  return renderMail(config.brand, {
    subject: "Votre demande d'habilitation est validée",
    greeting: greeting(person),
    blocks: [
      { paragraph: `Votre habilitation ${what(service, organisation)} est validée.` },
      { paragraph: "Le service apparaît désormais sur votre tableau de bord. Avant de l'utiliser pour la première fois, vous accepterez ses conditions particulières d'utilisation." },
      dashboardLink(config),
    ],
  });
}

/** To the person: the request is refused, and why. */
export function grantRefusedMail(config: Config, person: Addressee, service: ServiceRef, organisation: OrganisationRef | null, reason: string | null) {
  return renderMail(config.brand, {
    subject: "Votre demande d'habilitation est refusée",
    greeting: greeting(person),
    blocks: [
      { paragraph: `Votre demande d'habilitation ${what(service, organisation)} a été refusée.` },
      ...reasonBlocks(reason),
      { paragraph: "Vous pouvez faire une nouvelle demande depuis la liste des services si votre situation a changé." },
      { link: { label: "Voir tous les services", url: `${config.publicUrl}/services` } },
    ],
  });
}

/** To the person: the grant is withdrawn ("désactivée"), and why. */
export function grantRevokedMail(config: Config, person: Addressee, service: ServiceRef, organisation: OrganisationRef | null, reason: string | null) {
  return renderMail(config.brand, {
    subject: "Votre habilitation est désactivée",
    greeting: greeting(person),
    blocks: [
      { paragraph: `Votre habilitation ${what(service, organisation)} a été désactivée : vous ne pouvez plus accéder à ce service.` },
      ...reasonBlocks(reason),
      { paragraph: "Vous pouvez faire une nouvelle demande depuis la liste des services si votre situation a changé." },
      { link: { label: "Voir tous les services", url: `${config.publicUrl}/services` } },
    ],
  });
}
