import { randomUUID } from "node:crypto";
import type { Clock } from "../platform/clock.ts";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { sirenOf } from "../platform/french/siret.ts";
import { findRegisterEntry, upsertRegisterEntries } from "../core/organisations/queries/register.ts";
import { findServiceBySlug, insertGrant, insertService } from "../core/organisations/queries/services.ts";
import { demoPartnerUrl, registerDemoPartner } from "../features/sso/demo-partner.tsx";
import { insertMembershipOnce, insertOrganisationOnce } from "./queries.ts";

/**
 * The operator's register as the demo knows it: a commune already on the portal (administered by
 * demo.structure, who holds the loan service grant), two clients nobody has attached to yet,
 * to try "Ajouter une structure", the administrator's code by post and the registration by
 * client number, and the landlord's property company (the demo partner account's structure,
 * for the monthly rent declaration).
 */
export const demoRegister = [
  {
    clientNumber: "123456",
    siret: "21660074200011",
    name: "COMMUNE D'EUS",
    legalRepresentative: "Monsieur le Maire",
    addressLine: "1 place de la Mairie",
    postalCode: "66500",
    communeInseeCode: "66074",
    communeName: "Eus",
  },
  {
    clientNumber: "237517",
    siret: "73282932000074",
    name: "SOCIETE COOPERATIVE HLM DU CONFLENT",
    legalRepresentative: "Madame la Présidente",
    addressLine: "12 avenue du Général de Gaulle",
    postalCode: "66500",
    communeInseeCode: "66149",
    communeName: "Prades",
  },
  {
    clientNumber: "849719",
    siret: "84971997600011",
    name: "ASSOCIATION NOUVELLE",
    legalRepresentative: "Madame la Présidente",
    addressLine: "5 rue du Château",
    postalCode: "46000",
    communeInseeCode: "46042",
    communeName: "Cahors",
  },
  {
    clientNumber: "512345",
    siret: "51234567900017",
    name: "SCI LES TILLEULS",
    legalRepresentative: "Madame la Gérante",
    addressLine: "8 rue des Tilleuls",
    postalCode: "66500",
    communeInseeCode: "66149",
    communeName: "Prades",
  },
] as const;

export const DEMO_LOAN_SERVICE = "prets-en-ligne";

const loanTerms = `Les présentes conditions particulières d'utilisation encadrent l'accès au service « Mes prêts en ligne » : demande de prêt, suivi des dossiers, encours et documents.

L'utilisateur agit pour le compte de sa structure, dans la limite de l'habilitation que son administrateur lui a accordée. Il s'engage à ne pas communiquer ses identifiants.

Toute opération réalisée dans le service engage la structure. Les données sont traitées pour la gestion des prêts ; l'utilisateur dispose d'un droit d'accès et de rectification.`;

/**
 * Development only: the demo register, the commune of demo.structure with its membership and
 * grant, the loan service with its terms, and the demo partner that Guichet signs people into.
 * Idempotent: what exists is left as it is.
 */
export async function seedDemoOrganisations(deps: { db: Db; clock: Clock; config: Config }, members: { administrator: string; landlord: string | undefined }) {
  // Seeded once: later starts leave the demo data as people changed it (and start faster).
  const seeded = await findServiceBySlug(deps.db, DEMO_LOAN_SERVICE);
  if (seeded) {
    await registerDemoPartner(deps, { serviceId: seeded.id });
    return;
  }
  const now = deps.clock.now();
  await upsertRegisterEntries(
    deps.db,
    demoRegister.map((entry) => ({ ...entry, clientNumberAsTyped: entry.clientNumber, siren: sirenOf(entry.siret) })),
    { id: randomUUID(), at: now },
  );

  const service = await insertService(deps.db, {
    slug: DEMO_LOAN_SERVICE,
    name: "Demande de prêts, suivi des dossiers, encours et documents",
    tileLabel: "Mes prêts en ligne",
    description: "L'espace prêt : demander un prêt, suivre vos dossiers, consulter vos encours et vos documents (service partenaire de démonstration).",
    url: demoPartnerUrl(deps.config),
    requiresOrganisation: true,
    requiresFunction: true,
    grantedBy: "organisation_admin",
    termsText: loanTerms,
    termsVersion: 1,
    termsUpdatedAt: now,
    active: true,
    createdAt: now,
    updatedAt: now,
  });
  await registerDemoPartner(deps, { serviceId: service.id });

  const organisationId = await attachDemoOrganisation(deps, demoRegister[0], { entityType: "commune", legalFormCode: "7210" }, { accountId: members.administrator, function: "Directeur général des services" });
  if (members.landlord) {
    await attachDemoOrganisation(deps, demoRegister[3], { entityType: "entreprise", legalFormCode: "6540" }, { accountId: members.landlord, function: "Gérant" });
  }
  // Does nothing when the grant exists (insertGrant's conflict clause).
  await insertGrant(deps.db, { serviceId: service.id, accountId: members.administrator, organisationId, status: "granted", now, decidedBy: null });
}

/** The portal's record of a register entry, with its one member as administrator. */
async function attachDemoOrganisation(
  deps: { db: Db; clock: Clock },
  entry: (typeof demoRegister)[number],
  kind: { entityType: string; legalFormCode: string },
  member: { accountId: string; function: string },
): Promise<string> {
  const register = await findRegisterEntry(deps.db, entry.clientNumber);
  if (!register) throw new Error(`The demo organisation ${entry.name} is missing from the register just seeded`);
  const now = deps.clock.now();
  const organisationId = await insertOrganisationOnce(deps.db, {
    registerId: register.id,
    clientNumber: register.clientNumber,
    siret: register.siret,
    siren: register.siren,
    name: register.name,
    ...kind,
    addressRecipient: null,
    addressBuilding: null,
    addressStreet: register.addressLine,
    addressDistribution: null,
    postalCode: register.postalCode,
    communeInseeCode: register.communeInseeCode,
    communeName: register.communeName,
    country: null,
    createdAt: now,
    updatedAt: now,
    updatedBy: null,
  });
  await insertMembershipOnce(deps.db, {
    organisationId,
    accountId: member.accountId,
    status: "active",
    isAdmin: true,
    phone: null,
    email: null,
    function: member.function,
    createdAt: now,
    decidedAt: now,
    decidedBy: null,
  });
  return organisationId;
}
