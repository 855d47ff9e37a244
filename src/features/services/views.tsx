import type { Grant, Service } from "../../platform/db/schema.ts";
import { Alert, Button, ButtonLink, Checkbox, ErrorSummary, Form, Tag } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { civilityLabels } from "../../core/accounts/identity-fields.tsx";
import type { AccessRefusal } from "../../core/organisations/service-access.ts";
import { TERMS_CHECKBOX } from "./accept-terms.ts";
import type { Catalogue, CatalogueEntry, Dashboard } from "./describe-services.ts";
import type { GrantSituation } from "./grant-situation.ts";
import { termsParagraphs } from "./service-form.ts";
import { DateText } from "../../ui/components.tsx";
import type { Drawing } from "../../ui/panels.ts";
import { GrantStatusTag, Paragraphs } from "./ui.tsx";

const home = { label: "Accueil", href: "/" };
const dashboardCrumb = { label: "Tableau de bord", href: "/tableau-de-bord" };
const servicesCrumb = { label: "Tous les services", href: "/services" };

const ADD_ORGANISATION = "/structures/ajouter";
const functionPage = (organisationId: string) => `/structures/${organisationId}/mes-coordonnees/fonction`;
const administratorPage = (organisationId: string) => `/structures/${organisationId}/administrateur`;
const requestPage = (service: Pick<Service, "slug">) => `/services/${service.slug}/habilitation`;
const openPage = (service: Pick<Service, "slug">) => `/services/${service.slug}/ouvrir`;

/**
 * The seed's wording for the first member of an organisation (seed 001, case 2); once they have
 * accepted the administrator's role, what happened and what comes next instead of the offer.
 */
function FirstMemberNotice({ service, organisationId, requested, roleAccepted = false }: { service: Service; organisationId: string; requested: boolean; roleAccepted?: boolean }) {
  if (requested && roleAccepted)
    return (
      <Alert type="info" title="Demande en attente de votre code d'activation">
        <p>
          Vous avez accepté de devenir administrateur de votre structure : votre représentant légal va recevoir un courrier contenant le code
          d'activation. Votre demande d'habilitation au service {service.name} sera validée dès que vous aurez saisi ce code.
        </p>
        <p>
          <a href={administratorPage(organisationId)}>Saisir le code d'activation</a>
        </p>
      </Alert>
    );
  return (
    <Alert type="warning" title={requested ? "Demande en attente d'un administrateur" : undefined}>
      <p>Afin de bénéficier du service {service.name}, votre habilitation doit être validée.</p>
      <p>
        Étant le premier utilisateur à vous déclarer pour cet établissement, vous allez devenir administrateur des utilisateurs et de
        leurs habilitations.
      </p>
      <p>Vérifiez auprès de votre représentant légal que vous pouvez endosser le rôle avant de poursuivre votre demande.</p>
      {requested ? (
        <>
          <p>
            Si vous acceptez de devenir administrateur de votre structure, votre représentant légal recevra un courrier contenant le code
            d'activation. Votre demande d'habilitation sera validée dès que vous aurez saisi ce code.
          </p>
          <p>
            <a href={administratorPage(organisationId)}>Accepter le rôle d'administrateur</a>
          </p>
        </>
      ) : null}
    </Alert>
  );
}

function ReasonOf({ grant }: { grant: Grant | null }) {
  if (!grant || (grant.status !== "refused" && grant.status !== "revoked")) return null;
  return (
    <p>
      Votre précédente demande est <GrantStatusTag status={grant.status} />
      {grant.decidedAt ? (
        <>
          {" "}depuis le <DateText date={grant.decidedAt} />
        </>
      ) : null}
      {grant.reason ? `. Motif : ${grant.reason}` : "."}
    </p>
  );
}

/** One service of the catalogue: where the person stands and what they can do next. */
function SituationOf({ entry }: { entry: CatalogueEntry }) {
  const { service, situation } = entry;
  const forService = <span class="visually-hidden"> au service {service.name}</span>;
  switch (situation.kind) {
    case "organisation_required":
      return (
        <p>
          Ce service nécessite d'être rattaché à une structure. <a href={ADD_ORGANISATION}>Ajouter une structure</a>
        </p>
      );
    case "granted":
      return (
        <p>
          Habilitation <GrantStatusTag status="granted" /> <a href={openPage(service)}>Accéder{forService}</a>
        </p>
      );
    case "pending":
      return (
        <p>
          Demande d'habilitation <GrantStatusTag status="pending" />
          {situation.route === "first_member" && situation.organisation ? (
            <>
              {" "}
              <a href={requestPage(service)}>Voir la suite de ma demande{forService}</a>
            </>
          ) : null}
        </p>
      );
    case "function_required":
      return (
        <>
          <ReasonOf grant={situation.previous} />
          <p>
            Votre fonction au sein de la structure est obligatoire pour demander l'habilitation à ce service.{" "}
            <a href={functionPage(situation.organisation.id)}>Renseigner ma fonction</a>
          </p>
        </>
      );
    case "can_request":
      return (
        <>
          <ReasonOf grant={situation.previous} />
          <p>
            <a href={requestPage(service)}>
              {situation.previous ? "Demander à nouveau l'habilitation" : "Demander l'habilitation"}
              {forService}
            </a>
          </p>
        </>
      );
  }
}

function ActingFor({ organisation, pending }: { organisation: { id: string; name: string } | null; pending: boolean }) {
  if (!organisation)
    return (
      <p>
        Vous n'êtes rattaché à aucune structure. Cliquez sur « Ajouter une structure » pour vous rattacher à un organisme et pouvoir
        demander des habilitations aux différents services. <a href={ADD_ORGANISATION}>Ajouter une structure</a>
      </p>
    );
  return (
    <p>
      Vous agissez pour la structure <a href={`/structures/${organisation.id}`}>{organisation.name}</a>.
      {pending ? " Votre rattachement à cette structure est en cours de validation par ses administrateurs." : null}
    </p>
  );
}

/** "Voir tous les services": the catalogue, "Mes services" first. */
export function CataloguePage({ ctx, catalogue }: { ctx: PageContext; catalogue: Catalogue }) {
  const mine = catalogue.entries.filter((entry) => entry.situation.kind === "granted");
  return (
    <Layout ctx={ctx} title="Tous les services" breadcrumb={[home, dashboardCrumb, { label: "Tous les services" }]}>
      <h1>Tous les services</h1>
      <p class="lead">Accédez à l'ensemble de vos services, demandez les habilitations et suivez leur validation.</p>
      <ActingFor organisation={catalogue.context.organisation} pending={catalogue.context.membership?.status === "pending"} />

      <section aria-labelledby="mes-services">
        <h2 id="mes-services">Mes services</h2>
        {mine.length === 0 ? (
          <p>Vous n'avez encore d'habilitation à aucun service{catalogue.context.organisation ? " pour cette structure" : ""}.</p>
        ) : (
          <ul class="link-list">
            {mine.map(({ service }) => (
              <li>
                <a href={openPage(service)}>{service.tileLabel}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tous-les-services">
        <h2 id="tous-les-services">Services proposés</h2>
        {catalogue.entries.length === 0 ? (
          <p>Aucun service n'est proposé pour le moment.</p>
        ) : (
          <ul class="service-list">
            {catalogue.entries.map((entry) => (
              <li>
                <h3>{entry.service.name}</h3>
                <p>{entry.service.description}</p>
                <SituationOf entry={entry} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export interface GrantRequestPageProps {
  service: Service;
  situation: GrantSituation;
}

/** "Demande d'habilitation": the offer to ask, what stands in the way, or where the request stands. */
export function GrantRequestPage({ ctx, service, situation }: GrantRequestPageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={`Demande d'habilitation au service ${service.name}`} breadcrumb={[home, servicesCrumb, { label: "Demande d'habilitation" }]}>
      <div class="narrow">
        <h1>Demande d'habilitation</h1>
        <p class="lead">{service.name}</p>
        <p>{service.description}</p>
        <GrantRequestBody ctx={ctx} service={service} situation={situation} />
        <p>
          <a href="/services">Voir tous les services</a>
        </p>
      </div>
    </Layout>
  );
}

function GrantRequestBody({ ctx, service, situation }: GrantRequestPageProps & { ctx: PageContext }) {
  const forOrganisation = (organisation: { name: string } | null) => (organisation ? ` pour la structure ${organisation.name}` : "");
  switch (situation.kind) {
    case "organisation_required":
      return (
        <Alert type="info" title="Rattachement à une structure nécessaire">
          <p>
            Le service {service.name} nécessite d'être rattaché à une structure. Ajoutez la structure pour laquelle vous agissez, puis
            revenez demander l'habilitation.
          </p>
          <p>
            <a href={ADD_ORGANISATION}>Ajouter une structure</a>
          </p>
        </Alert>
      );
    case "function_required":
      return (
        <>
          <ReasonOf grant={situation.previous} />
          <Alert type="info" title="Votre fonction est nécessaire">
            <p>
              Votre fonction au sein de la structure {situation.organisation.name} est obligatoire pour accéder au service {service.name}.
              Renseignez-la, puis revenez demander l'habilitation.
            </p>
            <p>
              <a href={functionPage(situation.organisation.id)}>Renseigner ma fonction</a>
            </p>
          </Alert>
        </>
      );
    case "granted":
      return (
        <Alert type="success" title="Habilitation validée">
          <p>
            Votre habilitation au service {service.name}
            {forOrganisation(situation.organisation)} est validée. Avant de l'utiliser pour la première fois, vous accepterez ses
            conditions particulières d'utilisation.
          </p>
          <p>
            <a href={openPage(service)}>Accéder au service {service.name}</a>
          </p>
        </Alert>
      );
    case "pending":
      if (situation.route === "first_member" && situation.organisation)
        return <FirstMemberNotice service={service} organisationId={situation.organisation.id} requested roleAccepted={situation.roleAccepted === true} />;
      return (
        <Alert type="info" title="Demande en cours de validation">
          <p>
            Votre demande d'habilitation au service {service.name}
            {forOrganisation(situation.organisation)} est en cours de validation.
          </p>
          <p>
            {situation.route === "platform_admin"
              ? "Les administrateurs du portail sont informés par courriel de votre demande."
              : "L'administrateur de votre établissement est informé par courriel de votre demande d'habilitation."}{" "}
            Vous serez également informé par courriel de l'état de votre demande (en cours de validation, validée, désactivée).
          </p>
        </Alert>
      );
    case "can_request":
      return (
        <>
          <ReasonOf grant={situation.previous} />
          {situation.organisation ? <p>Vous faites cette demande pour la structure {situation.organisation.name}.</p> : null}
          {situation.route === "first_member" && situation.organisation ? (
            <FirstMemberNotice service={service} organisationId={situation.organisation.id} requested={false} />
          ) : (
            <p>
              {
                {
                  automatic: `L'habilitation au service ${service.name} est accordée dès votre demande.`,
                  self: `Vous êtes administrateur de votre structure : votre habilitation au service ${service.name} sera validée dès votre demande.`,
                  organisation_admin: `Afin de bénéficier du service ${service.name}, votre demande doit être validée par un administrateur de votre établissement. Un courriel va être envoyé à l'administrateur afin qu'il puisse vous donner l'habilitation au service souhaité.`,
                  platform_admin: `Afin de bénéficier du service ${service.name}, votre demande doit être validée par un administrateur du portail. Un courriel va lui être envoyé afin qu'il puisse vous donner l'habilitation au service souhaité.`,
                  first_member: "",
                }[situation.route]
              }
            </p>
          )}
          <Form action={requestPage(service)} csrfToken={ctx.csrfToken}>
            <ul class="button-group">
              <li>
                <a class="button button--secondary" href="/services">
                  Annuler
                </a>
              </li>
              <li>
                <Button>Accepter</Button>
              </li>
            </ul>
          </Form>
        </>
      );
  }
}

export interface TermsPageProps {
  service: Service;
  /** When the person accepted the current version, if they did. */
  acceptedAt: Date | null;
  retour: string | null;
  errors: FieldErrors;
}

/** "Conditions particulières d'utilisation" of a service, accepted before the first use and at each new version. */
export function TermsPage({ ctx, service, acceptedAt, retour, errors }: TermsPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      ctx={ctx}
      title={`Conditions particulières d'utilisation du service ${service.name}`}
      hasErrors={hasErrors}
      breadcrumb={[home, dashboardCrumb, { label: "Conditions particulières d'utilisation" }]}
    >
      <h1>Conditions particulières d'utilisation</h1>
      <p class="lead">{service.name}</p>
      <p>
        Version {service.termsVersion} du <DateText date={service.termsUpdatedAt} />.
      </p>
      <ErrorSummary errors={errors} labels={{ accept: "Acceptation des conditions" }} />
      <section class="terms" aria-label={`Texte des conditions particulières d'utilisation du service ${service.name}`}>
        <Paragraphs paragraphs={termsParagraphs(service.termsText)} />
      </section>
      {acceptedAt && !hasErrors ? (
        <>
          <Alert type="success">
            <p>
              Vous avez accepté cette version des conditions le <DateText date={acceptedAt} withTime />.
            </p>
          </Alert>
          <p>
            <ButtonLink href={retour ?? "/tableau-de-bord"}>Continuer</ButtonLink>
          </p>
        </>
      ) : (
        <Form action={`/services/${service.slug}/conditions`} csrfToken={ctx.csrfToken}>
          <input type="hidden" name="version" value={String(service.termsVersion)} />
          {retour ? <input type="hidden" name="retour" value={retour} /> : null}
          <Checkbox name="accept" label={TERMS_CHECKBOX} error={errors.accept} />
          <Button>Valider</Button>
        </Form>
      )}
    </Layout>
  );
}

const refusalTitles: Record<AccessRefusal, string> = {
  service_inactive: "Ce service n'est plus disponible",
  organisation_required: "Rattachement à une structure nécessaire",
  function_required: "Votre fonction est nécessaire",
  not_granted: "Habilitation nécessaire",
  terms_not_accepted: "Conditions particulières d'utilisation à accepter",
};

export interface AccessRefusedPageProps {
  service: Service;
  reason: AccessRefusal;
  grant: Grant | null;
  /** The organisation acted for (pending members too), to link to its pages. */
  organisation: { id: string; name: string; pending: boolean } | null;
}

/** Why a service cannot be opened yet, and the next step. */
export function AccessRefusedPage({ ctx, service, reason, grant, organisation }: AccessRefusedPageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={`${refusalTitles[reason]} : ${service.name}`} breadcrumb={[home, dashboardCrumb, { label: service.name }]}>
      <div class="narrow">
        <h1>{refusalTitles[reason]}</h1>
        <p class="lead">Vous ne pouvez pas encore accéder au service {service.name}.</p>
        <RefusalExplanation service={service} reason={reason} grant={grant} organisation={organisation} />
        <p>
          <a href="/tableau-de-bord">Retour au tableau de bord</a>
        </p>
      </div>
    </Layout>
  );
}

function RefusalExplanation({ service, reason, grant, organisation }: AccessRefusedPageProps) {
  switch (reason) {
    case "service_inactive":
      return <p>Ce service a été désactivé par les administrateurs du portail. Il n'est plus possible d'y accéder pour le moment.</p>;
    case "organisation_required":
      if (organisation?.pending)
        return (
          <p>
            Ce service nécessite d'être rattaché à une structure. Votre rattachement à la structure {organisation.name} est en cours de
            validation par ses administrateurs : vous pourrez accéder au service une fois votre rattachement validé.
          </p>
        );
      return (
        <>
          <p>Ce service nécessite d'être rattaché à une structure. Ajoutez la structure pour laquelle vous agissez.</p>
          <p>
            <ButtonLink href={ADD_ORGANISATION}>Ajouter une structure</ButtonLink>
          </p>
        </>
      );
    case "function_required":
      return (
        <>
          <p>Votre fonction au sein de la structure {organisation?.name} est obligatoire pour accéder à ce service.</p>
          {organisation ? (
            <p>
              <ButtonLink href={functionPage(organisation.id)}>Renseigner ma fonction</ButtonLink>
            </p>
          ) : null}
        </>
      );
    case "terms_not_accepted":
      return (
        <p>
          <ButtonLink href={`/services/${service.slug}/conditions`}>Lire et accepter les conditions particulières d'utilisation</ButtonLink>
        </p>
      );
    case "not_granted":
      if (grant?.status === "pending")
        return (
          <p>
            Votre demande d'habilitation à ce service est <GrantStatusTag status="pending" />. Vous serez informé par courriel dès
            qu'elle sera validée.
          </p>
        );
      return (
        <>
          {grant ? <ReasonOf grant={grant} /> : <p>Vous n'avez pas encore d'habilitation à ce service.</p>}
          <p>
            <ButtonLink href={requestPage(service)}>{grant ? "Demander à nouveau l'habilitation" : "Demander l'habilitation"}</ButtonLink>
          </p>
        </>
      );
  }
}

function tileNote(reason: AccessRefusal | null): string | null {
  switch (reason) {
    case null:
      return null;
    case "terms_not_accepted":
      return "Conditions particulières d'utilisation à accepter avant d'accéder au service.";
    case "function_required":
      return "Votre fonction au sein de la structure est à renseigner avant d'accéder au service.";
    case "organisation_required":
      return "Votre rattachement à la structure doit être validé avant d'accéder au service.";
    default:
      return "Accès impossible pour le moment.";
  }
}

/** "Tableau de bord": greeting, organisation, a tile per granted service, requests, "Voir tous les services". */
export function DashboardPage({ ctx, dashboard, sections }: { ctx: PageContext; dashboard: Dashboard; sections: Drawing[] }) {
  const { person, organisation, membership, tiles, requests } = dashboard;
  return (
    <Layout ctx={ctx} title="Tableau de bord" breadcrumb={[home, { label: "Tableau de bord" }]}>
      <h1>Tableau de bord</h1>
      <p class="lead">
        Bienvenue {civilityLabels[person.civility] ?? person.civility} {person.lastName}
      </p>
      <ActingFor organisation={organisation} pending={membership?.status === "pending"} />

      <section aria-labelledby="mes-services">
        <h2 id="mes-services">Mes services</h2>
        {tiles.length === 0 ? (
          <p>Vous n'avez encore accès à aucun service. Demandez les habilitations dont vous avez besoin depuis la liste des services.</p>
        ) : (
          <ul class="tiles">
            {tiles.map(({ service, access }) => {
              const note = tileNote(access.allowed ? null : access.reason);
              return (
                <li class="tile">
                  <h3 class="tile__title">
                    <a href={openPage(service)}>{service.tileLabel}</a>
                  </h3>
                  <p>{service.description}</p>
                  {note ? (
                    <p>
                      <Tag tone="warning">À faire</Tag> {note}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <p>
          <ButtonLink href="/services">Voir tous les services</ButtonLink>
        </p>
      </section>

      {sections.map((draw) => draw(ctx))}

      {requests.length > 0 ? (
        <section aria-labelledby="mes-demandes-d-habilitation">
          <h2 id="mes-demandes-d-habilitation">Mes demandes d'habilitation</h2>
          <ul class="service-list">
            {requests.map(({ service, grant }) => (
              <li>
                <p>
                  <a href={requestPage(service)}>{service.name}</a> : <GrantStatusTag status={grant.status} />
                  {grant.reason ? ` Motif : ${grant.reason}` : null}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
