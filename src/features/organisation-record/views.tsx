import type { Child } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { OrganisationRepresentative } from "../../platform/db/schema.ts";
import { Alert, SummaryList, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { civilityLabels } from "../../core/accounts/identity-fields.tsx";
import type { OrganisationRecord } from "./describe-organisation-record.ts";
import { addressLines, formatPhone } from "./fields.ts";
import { legalFormLabel } from "./legal-forms.ts";
import { nafLabel } from "./naf.ts";
import { entityTypeLabel } from "./reference.ts";
import { formatSiret } from "../../platform/french/siret.ts";

export const home = { label: "Accueil", href: "/" };

export function recordCrumb(organisationId: string) {
  return { label: "Ma structure", href: `/structures/${organisationId}` };
}

const longDate = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });

/** "3 octobre 2019", "1er mars 2026": the French long date, in Paris time. */
export function formatLongDate(date: Date): string {
  return longDate
    .formatToParts(date)
    .map((part) => (part.type === "day" && part.value === "1" ? "1er" : part.value))
    .join("");
}

/** "Madame Nouvelle ASSOCIATION". */
export function representativeName(representative: Pick<OrganisationRepresentative, "civility" | "firstName" | "lastName">): string {
  return `${civilityLabels[representative.civility] ?? representative.civility} ${representative.firstName} ${representative.lastName.toLocaleUpperCase("fr-FR")}`;
}

const notGiven = <span class="field__hint">Non renseigné</span>;

function orNotGiven(value: Child | null | undefined): Child {
  return value === null || value === undefined || value === "" ? notGiven : value;
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <p>
      {lines.map((line, index) => (
        <>
          {index > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

/** A link only for http(s) addresses (the form accepts nothing else; an import might), so it never runs a script. */
function Website({ address }: { address: string }) {
  return /^https?:\/\//i.test(address) ? <a href={address}>{address}</a> : <>{address}</>;
}

export interface OrganisationRecordPageProps extends OrganisationRecord {
  /**
   * The "administrator by post" block (becoming the organisation's administrator through a code
   * sent to the legal representative), built by the organisations feature; shown near the top.
   */
  adminBlock?: JSX.Element;
}

/** "Ma structure": the organisation record of seed 000 and the member's own coordinates (seed 001). */
export function OrganisationRecordPage({ ctx, organisation, representatives, adminBlock }: OrganisationRecordPageProps & { ctx: PageContext }) {
  const base = `/structures/${organisation.id}`;
  const active = organisation.membershipStatus === "active";
  const nafText = organisation.nafCode ? `${organisation.nafCode} - ${nafLabel(organisation.nafCode) ?? "code inconnu de la nomenclature"}` : null;
  const address = addressLines(organisation);
  return (
    <Layout ctx={ctx} title={`Ma structure : ${organisation.name}`} breadcrumb={[home, { label: "Ma structure" }]}>
      <h1>{organisation.name}</h1>

      {active ? null : (
        <Alert type="info" title="Votre rattachement est en cours de validation">
          <p>
            Votre demande de rattachement à cette structure est en cours de validation par son administrateur. Vous pouvez déjà
            renseigner vos coordonnées au sein de la structure ; vous pourrez modifier ses informations une fois votre
            rattachement validé.
          </p>
        </Alert>
      )}

      {/* Administrator by post: the organisations feature passes its block here. */}
      {adminBlock ?? null}

      {organisation.isAdmin ? (
        <nav aria-labelledby="administration-structure">
          <h2 id="administration-structure">Administration de la structure</h2>
          <ul class="link-list">
            <li><a href={`${base}/membres`}>Gérer les membres</a></li>
            <li><a href={`${base}/habilitations`}>Gérer les habilitations</a></li>
          </ul>
        </nav>
      ) : null}

      <section aria-labelledby="identification">
        <h2 id="identification">Identification</h2>
        <SummaryList
          rows={[
            ["Nom", organisation.name],
            ["Siret", formatSiret(organisation.siret)],
            ["SIREN", organisation.siren],
            ["Numéro client (code tiers)", orNotGiven(organisation.clientNumber)],
            ["Type de tiers", orNotGiven(organisation.entityType ? entityTypeLabel(organisation.entityType) : null)],
            ["NAF", orNotGiven(nafText)],
            ["Forme juridique", orNotGiven(organisation.legalFormCode ? legalFormLabel(organisation.legalFormCode) : null)],
            ["Numéro RNA", orNotGiven(organisation.rna)],
            ["Téléphone", orNotGiven(organisation.phone ? formatPhone(organisation.phone) : null)],
            ["Mobile", orNotGiven(organisation.mobile ? formatPhone(organisation.mobile) : null)],
            ["Fax", orNotGiven(organisation.fax ? formatPhone(organisation.fax) : null)],
            ["Adresse électronique", orNotGiven(organisation.email)],
            ["Site internet", orNotGiven(organisation.website ? <Website address={organisation.website} /> : null)],
          ]}
        />
        {active ? (
          <p>
            <a href={`${base}/identification`}>Modifier l'identification</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="adresse-principale">
        <h2 id="adresse-principale">Adresse principale</h2>
        <Lines lines={address} />
        {active ? (
          <p>
            <a href={`${base}/adresse`}>Modifier l'adresse principale</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="representants">
        <h2 id="representants">Représentants</h2>
        {!active ? (
          <p>Les représentants de la structure vous seront présentés une fois votre rattachement validé.</p>
        ) : representatives.length === 0 ? (
          <p>Aucun représentant n'est renseigné.</p>
        ) : null}
        {representatives.map((representative) => (
          <RepresentativeCard representative={representative} base={base} editable={active} />
        ))}
        {active ? (
          <p>
            <a href={`${base}/representants/nouveau`}>Créer un nouveau représentant</a>
          </p>
        ) : null}
      </section>

      <p>
        Modifié le <time datetime={organisation.updatedAt.toISOString()}>{formatLongDate(organisation.updatedAt)}</time>
      </p>

      <section aria-labelledby="mes-coordonnees">
        <h2 id="mes-coordonnees">Mes coordonnées au sein de la structure</h2>
        <SummaryList
          rows={[
            ["Téléphone", orNotGiven(organisation.memberPhone ? formatPhone(organisation.memberPhone) : null)],
            ["Adresse électronique", orNotGiven(organisation.memberEmail)],
            ["Fonction", orNotGiven(organisation.memberFunction)],
          ]}
        />
        <p>
          Votre fonction au sein de la structure est obligatoire pour accéder à certains services, par exemple l'espace prêt et
          ses différents services.
        </p>
        <ul class="link-list">
          <li><a href={`${base}/mes-coordonnees/telephone`}>Modifier mon numéro de téléphone</a></li>
          <li><a href={`${base}/mes-coordonnees/courriel`}>Modifier mon adresse électronique</a></li>
          <li><a href={`${base}/mes-coordonnees/fonction`}>Modifier ma fonction</a></li>
        </ul>
      </section>
    </Layout>
  );
}

function RepresentativeCard({ representative, base, editable }: { representative: OrganisationRepresentative; base: string; editable: boolean }) {
  const name = representativeName(representative);
  const contact: [string, Child][] = [];
  if (representative.phone) contact.push(["Téléphone", formatPhone(representative.phone)]);
  if (representative.mobile) contact.push(["Mobile", formatPhone(representative.mobile)]);
  if (representative.fax) contact.push(["Fax", formatPhone(representative.fax)]);
  if (representative.email) contact.push(["Adresse électronique", representative.email]);
  const address = addressLines(representative);
  return (
    <section aria-labelledby={`representant-${representative.id}`}>
      <h3 id={`representant-${representative.id}`}>{name}</h3>
      <p>Fonction : {representative.function}</p>
      {representative.isLegalRepresentative ? (
        <p>
          <Tag tone="info">Représentant légal</Tag>
        </p>
      ) : null}
      {address.length > 0 ? <Lines lines={address} /> : null}
      {contact.length > 0 ? <SummaryList rows={contact} /> : null}
      {editable ? (
        <ul class="link-list">
          <li>
            <a href={`${base}/representants/${representative.id}`}>
              Modifier<span class="visually-hidden"> le représentant {name}</span>
            </a>
          </li>
          <li>
            <a href={`${base}/representants/${representative.id}/supprimer`}>
              Supprimer<span class="visually-hidden"> le représentant {name}</span>
            </a>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
