import type { AccessRefusal } from "../../core/organisations/service-access.ts";
import { Alert, Button, ButtonLink, DataTable, ErrorSummary, Form, Select, SummaryList, TextArea, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { ClientSummary } from "./queries.ts";

// ---- The person stopped at Guichet on the way to a partner service ----

const refusalTitles: Record<AccessRefusal, string> = {
  service_inactive: "Ce service n'est plus ouvert",
  organisation_required: "Ce service est réservé aux membres d'une structure",
  function_required: "Votre fonction dans la structure n'est pas renseignée",
  not_granted: "Vous n'avez pas encore accès à ce service",
  terms_not_accepted: "Acceptez les conditions particulières d'utilisation",
};

export interface AccessRefusedProps {
  serviceName: string;
  serviceSlug: string;
  reason: AccessRefusal;
  /** The grant's status when there is one ("pending", "refused"…), and why it was refused or revoked. */
  grantStatus: string | null;
  grantReason: string | null;
  organisation: { id: string; name: string } | null;
  interactionUrl: string;
  cancelAction: string;
}

/** Why the person cannot open the partner service now, and what to do about it. */
export function AccessRefusedPage(props: AccessRefusedProps & { ctx: PageContext }) {
  const { ctx, serviceName, serviceSlug, reason } = props;
  const title = refusalTitles[reason];
  return (
    <Layout ctx={ctx} title={`${title} : ${serviceName}`}>
      <h1>{title}</h1>
      <p class="lead">
        Le service « {serviceName} » vous demande de vous connecter avec votre compte. Avant de vous y conduire, Guichet vérifie que
        vous pouvez l'utiliser.
      </p>
      {reason === "service_inactive" ? <p>Ce service a été fermé par l'administrateur du portail : il ne peut pas être ouvert pour le moment.</p> : null}
      {reason === "organisation_required" ? (
        <>
          <p>
            Ce service s'utilise au nom d'une structure (commune, association, entreprise…), et vous n'agissez actuellement pour
            aucune structure dont vous êtes membre validé.
          </p>
          <p>
            <ButtonLink href="/structures/ajouter">Ajouter une structure</ButtonLink>
          </p>
        </>
      ) : null}
      {reason === "function_required" ? (
        <>
          <p>
            Ce service demande votre fonction au sein de la structure{props.organisation ? ` « ${props.organisation.name} »` : ""}.
            Renseignez-la, puis revenez sur le service.
          </p>
          {props.organisation ? (
            <p>
              <ButtonLink href={`/structures/${props.organisation.id}`}>Renseigner ma fonction</ButtonLink>
            </p>
          ) : null}
        </>
      ) : null}
      {reason === "not_granted" ? (
        <>
          <p>{grantExplanation(props.grantStatus, props.grantReason)}</p>
          {props.grantStatus === "pending" ? null : (
            <p>
              <ButtonLink href={`/services/${serviceSlug}/habilitation`}>Demander l'habilitation</ButtonLink>
            </p>
          )}
        </>
      ) : null}
      {reason === "terms_not_accepted" ? (
        <>
          <p>
            Avant d'utiliser ce service, vous devez accepter la version en vigueur de ses conditions particulières d'utilisation. Une
            fois acceptées, vous serez conduit au service.
          </p>
          <p>
            <ButtonLink href={`/services/${serviceSlug}/conditions?retour=${encodeURIComponent(props.interactionUrl)}`}>
              Lire et accepter les conditions
            </ButtonLink>
          </p>
        </>
      ) : null}
      <Form action={props.cancelAction} csrfToken={ctx.csrfToken}>
        <Button variant="secondary">Abandonner et revenir au service</Button>
      </Form>
      <p>
        <a href="/tableau-de-bord">Aller à mon tableau de bord</a>
      </p>
    </Layout>
  );
}

function grantExplanation(status: string | null, reason: string | null): string {
  if (status === "pending") return "Votre demande d'habilitation est en cours de validation. Vous recevrez un courriel dès qu'elle aura été examinée.";
  if (status === "refused") return `Votre demande d'habilitation a été refusée${reason ? ` : ${reason}` : "."}`;
  if (status === "revoked") return `Votre habilitation a été retirée${reason ? ` : ${reason}` : "."}`;
  return "Ce service demande une habilitation. Vous pouvez la demander : elle sera examinée par la personne chargée de l'accorder.";
}

/**
 * A step between a Guichet form (login, terms) and the partner: Chromium applies the form's
 * form-action CSP to every redirect that follows a submission, so the way to another site goes
 * through this page, which leaves at once (Refresh header) and keeps a link for anyone it doesn't.
 */
export function ContinueToPartnerPage({ ctx, serviceName, url }: { ctx: PageContext; serviceName: string; url: string }) {
  return (
    <Layout ctx={ctx} title={`Connexion au service « ${serviceName} »`}>
      <h1>Connexion au service « {serviceName} »</h1>
      <p class="lead">Vous allez être conduit au service.</p>
      <p>
        <a href={url}>Continuer vers le service « {serviceName} »</a>
      </p>
    </Layout>
  );
}

// ---- Pages the provider shows (logout) ----

/** RP-initiated logout: the person confirms; the form is a plain POST, no script needed. */
export function LogoutConfirmationPage({ ctx, action, xsrf, clientName }: { ctx: PageContext; action: string; xsrf: string; clientName: string | null }) {
  return (
    <Layout ctx={ctx} title="Se déconnecter">
      <h1>Se déconnecter</h1>
      <p class="lead">
        {clientName ? `Vous quittez le service « ${clientName} ». ` : ""}Voulez-vous aussi vous déconnecter de {ctx.brand.name} et des
        autres services où vous êtes connecté avec votre compte ?
      </p>
      <form method="post" action={action} class="button-group">
        <input type="hidden" name="xsrf" value={xsrf} />
        <Button name="logout" value="yes">Se déconnecter</Button>{" "}
        <Button variant="secondary">Rester connecté à {ctx.brand.name}</Button>
      </form>
    </Layout>
  );
}

/** After a logout confirmed on the provider when the partner gave no return address. */
export function LoggedOutPage({ ctx, clientName }: { ctx: PageContext; clientName: string | null }) {
  return (
    <Layout ctx={ctx} title="Vous êtes déconnecté">
      <h1>Vous êtes déconnecté</h1>
      <p class="lead">{clientName ? `Vous êtes déconnecté du service « ${clientName} ».` : "Votre déconnexion a bien été prise en compte."}</p>
      <p>
        <a href="/">Retourner à l'accueil</a>
      </p>
    </Layout>
  );
}

/** A partner asks to log out someone Guichet has already logged out: one button to go back. */
export function LogoutWithoutSessionPage({ ctx, action, xsrf }: { ctx: PageContext; action: string; xsrf: string }) {
  return (
    <Layout ctx={ctx} title="Déconnexion">
      <h1>Déconnexion</h1>
      <p class="lead">Vous n'êtes plus connecté à {ctx.brand.name}.</p>
      <form method="post" action={action}>
        <input type="hidden" name="xsrf" value={xsrf} />
        <input type="hidden" name="logout" value="yes" />
        <Button>Continuer</Button>
      </form>
    </Layout>
  );
}

// ---- Administration: partner services ----

const PARTNERS = "Services partenaires (connexion unique)";
const adminCrumbs = [
  { label: "Accueil", href: "/" },
  { label: "Administration du portail", href: "/administration" },
];

const dayFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

export function PartnersPage({ ctx, clients }: { ctx: PageContext; clients: ClientSummary[] }) {
  return (
    <Layout ctx={ctx} title={PARTNERS} breadcrumb={[...adminCrumbs, { label: PARTNERS }]}>
      <h1>{PARTNERS}</h1>
      <p class="lead">
        Les applications des partenaires où les usagers arrivent connectés par {ctx.brand.name} (OpenID Connect). Chacune ouvre un
        service du catalogue : seules les personnes habilitées à ce service, qui en ont accepté les conditions, y sont conduites.
      </p>
      <p>
        <ButtonLink href="/administration/partenaires/enregistrer">Enregistrer un service partenaire</ButtonLink>
      </p>
      {clients.length === 0 ? (
        <p>Aucun service partenaire n'est enregistré.</p>
      ) : (
        <DataTable
          id="partenaires"
          caption={`Services partenaires enregistrés (${clients.length})`}
          rows={clients}
          columns={[
            { header: "Nom", rowHeader: true, cell: (client) => client.name },
            { header: "Service ouvert", cell: (client) => client.serviceName },
            { header: "Identifiant client", cell: (client) => <code>{client.clientId}</code> },
            {
              header: "Adresses de retour",
              cell: (client) => (
                <>
                  <ul class="link-list">
                    {client.redirectUris.map((uri) => (
                      <li>{uri}</li>
                    ))}
                  </ul>
                  {client.backchannelLogoutUri ? <p class="field__hint">Déconnexion : {client.backchannelLogoutUri}</p> : null}
                </>
              ),
            },
            { header: "Enregistré le", kind: "date", cell: (client) => dayFormat.format(client.createdAt) },
            {
              header: "Actions",
              kind: "actions",
              cell: (client) => (
                <>
                  <Form action={`/administration/partenaires/${encodeURIComponent(client.clientId)}/secret`} csrfToken={ctx.csrfToken} class="inline-form">
                    <Button variant="secondary">
                      Régénérer le secret<span class="visually-hidden"> de {client.name}</span>
                    </Button>
                  </Form>
                  <Form action={`/administration/partenaires/${encodeURIComponent(client.clientId)}/supprimer`} csrfToken={ctx.csrfToken} class="inline-form">
                    <Button variant="danger">
                      Supprimer<span class="visually-hidden"> {client.name}</span>
                    </Button>
                  </Form>
                </>
              ),
            },
          ]}
        />
      )}
    </Layout>
  );
}

const registerLabels = {
  name: "Nom du service partenaire",
  serviceId: "Service du catalogue ouvert par ce partenaire",
  redirectUris: "Adresses de retour après connexion",
  postLogoutRedirectUris: "Adresses de retour après déconnexion",
  backchannelLogoutUri: "Adresse de déconnexion (back-channel)",
};

export function RegisterPartnerPage({
  ctx,
  services,
  values,
  errors,
}: {
  ctx: PageContext;
  services: { id: string; name: string }[];
  values: FormValues;
  errors: FieldErrors;
}) {
  const title = "Enregistrer un service partenaire";
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={title} hasErrors={hasErrors} breadcrumb={[...adminCrumbs, { label: PARTNERS, href: "/administration/partenaires" }, { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={registerLabels} />
      {services.length === 0 ? (
        <Alert type="warning">
          <p>Aucun service n'existe dans le catalogue : créez d'abord le service que ce partenaire ouvrira.</p>
        </Alert>
      ) : null}
      <Form action="/administration/partenaires/enregistrer" csrfToken={ctx.csrfToken}>
        <TextInput name="name" label={registerLabels.name} value={values.name} error={errors.name} maxLength={200} />
        <Select
          name="serviceId"
          label={registerLabels.serviceId}
          placeholder="Choisissez un service"
          options={services.map((service) => ({ value: service.id, label: service.name }))}
          value={values.serviceId}
          error={errors.serviceId}
        />
        <TextArea
          name="redirectUris"
          label={registerLabels.redirectUris}
          hint="Une adresse par ligne, en https (http://127.0.0.1 ou http://localhost accepté hors production). Toutes sur le même domaine."
          value={values.redirectUris}
          error={errors.redirectUris}
          rows={3}
          spellcheck={false}
        />
        <TextArea
          name="postLogoutRedirectUris"
          label={registerLabels.postLogoutRedirectUris}
          hint="Une adresse par ligne, où la personne revient après s'être déconnectée depuis le service partenaire."
          value={values.postLogoutRedirectUris}
          error={errors.postLogoutRedirectUris}
          required={false}
          rows={3}
          spellcheck={false}
        />
        <TextInput
          name="backchannelLogoutUri"
          label={registerLabels.backchannelLogoutUri}
          hint="Adresse que Guichet appelle quand la personne se déconnecte, pour que le partenaire ferme aussi sa session."
          value={values.backchannelLogoutUri}
          error={errors.backchannelLogoutUri}
          required={false}
        />
        <Button>Enregistrer</Button>
      </Form>
    </Layout>
  );
}

/** The secret, shown once: after a registration or a regeneration. */
export function PartnerSecretPage(props: { ctx: PageContext; clientId: string; clientSecret: string; name: string; issuer: string; created: boolean }) {
  const { ctx } = props;
  const title = props.created ? "Service partenaire enregistré" : "Nouveau secret du service partenaire";
  return (
    <Layout ctx={ctx} title={title} breadcrumb={[...adminCrumbs, { label: PARTNERS, href: "/administration/partenaires" }, { label: title }]}>
      <h1>{title}</h1>
      <Alert type="warning" title="Copiez le secret maintenant">
        <p>Il est affiché une seule fois. Transmettez-le au partenaire par un canal sûr ; s'il est perdu, régénérez-en un autre.</p>
      </Alert>
      <SummaryList
        rows={[
          ["Service partenaire", props.name],
          ["Identifiant client (client_id)", <code>{props.clientId}</code>],
          ["Secret (client_secret)", <code>{props.clientSecret}</code>],
          ["Émetteur (issuer)", <code>{props.issuer}</code>],
        ]}
      />
      <p>
        <a href="/administration/partenaires">Revenir aux services partenaires</a>
      </p>
    </Layout>
  );
}
