import { Alert, Button, Checkbox, DateText, ErrorSummary, Form, Table, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { API_SCOPES, WEBHOOK_EVENTS } from "../../core/partner-api/tokens.ts";
import type { ApiPartner } from "../../core/partner-api/queries.ts";
import { checkboxName } from "./admin-use-cases.ts";

const TITLE = "API et webhooks des partenaires";
const crumbs = [{ label: "Accueil", href: "/" }, { label: "Administration du portail", href: "/administration" }];

type PartnerRow = { id: string; name: string; webhookUrl: string | null; createdAt: Date; liveTokens: string | number | null };
type TokenRow = { id: string; label: string; prefix: string; scopes: string[]; expiresAt: Date; revokedAt: Date | null; createdAt: Date; lastUsedAt: Date | null };
type DeliveryRow = { id: string; eventType: string; status: string; attempts: number; createdAt: Date; deliveredAt: Date | null };
type AttemptRow = { deliveryId: string; attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number };

const partnerLabels = { name: "Nom du partenaire", webhookUrl: "Adresse des webhooks" };

function EventBoxes({ values }: { values: FormValues }) {
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">Événements envoyés</legend>
      {Object.entries(WEBHOOK_EVENTS).map(([event, label]) => (
        <Checkbox name={checkboxName(event)} value="oui" checked={values[checkboxName(event)] === "oui"} label={`${label} (${event})`} />
      ))}
    </fieldset>
  );
}

export function ApiPartnersPage({ ctx, partners, values = {}, errors = {} }: { ctx: PageContext; partners: PartnerRow[]; values?: FormValues; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, { label: TITLE }]}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Les systèmes des partenaires lisent les démarches et les demandes, déposent des demandes pour les comptes qui les ont autorisés
        et enregistrent des décisions, avec un jeton par usage. Documentation : <a href="/api/reference">référence de l'API</a>.
      </p>
      {partners.length === 0 ? (
        <p>Aucun partenaire pour l'instant.</p>
      ) : (
        <Table
          caption="Partenaires de l'API"
          headers={["Partenaire", "Webhooks", "Jetons actifs", "Ajouté le"]}
          rowHeader
          kinds={{ "Ajouté le": "date", "Jetons actifs": "number" }}
          rows={partners.map((partner) => [<a href={`/administration/api/${partner.id}`}>{partner.name}</a>, partner.webhookUrl ?? "Aucun", String(partner.liveTokens ?? 0), <DateText date={partner.createdAt} />])}
        />
      )}
      <h2 id="ajouter">Ajouter un partenaire</h2>
      <ErrorSummary errors={errors} labels={partnerLabels} />
      <Form action="/administration/api" csrfToken={ctx.csrfToken}>
        <TextInput name="name" label={partnerLabels.name} value={values.name} error={errors.name} required maxLength={100} />
        <TextInput name="webhookUrl" label={partnerLabels.webhookUrl} hint="Facultative : https://… où le portail envoie les événements signés." value={values.webhookUrl} error={errors.webhookUrl} maxLength={500} spellcheck={false} autocomplete="off" />
        <EventBoxes values={values} />
        <Button>Ajouter le partenaire</Button>
      </Form>
    </Layout>
  );
}

const tokenLabels: Record<string, string> = { label: "Nom du jeton", days: "Durée de validité (jours)", ...Object.fromEntries(Object.keys(API_SCOPES).map((scope) => [checkboxName(scope), "Droits"])) };

export interface PartnerPageProps {
  ctx: PageContext;
  partner: ApiPartner;
  tokens: TokenRow[];
  deliveries: DeliveryRow[];
  attempts: AttemptRow[];
  created?: { token: string; scopes: string[]; expiresAt: Date };
  values?: FormValues;
  errors?: FieldErrors;
}

function tokenState(token: TokenRow, now: Date): string {
  if (token.revokedAt) return "Révoqué";
  if (token.expiresAt <= now) return "Expiré";
  return "Actif";
}

const deliveryStates: Record<string, string> = { pending: "En attente", delivered: "Reçu", failed: "Abandonné" };

export function ApiPartnerPage({ ctx, partner, tokens, deliveries, attempts, created, values = { days: "365" }, errors = {} }: PartnerPageProps) {
  const now = new Date();
  const base = `/administration/api/${partner.id}`;
  return (
    <Layout ctx={ctx} title={partner.name} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, { label: TITLE, href: "/administration/api" }, { label: partner.name }]}>
      <h1>{partner.name}</h1>
      {created && (
        <Alert type="success" title="Jeton créé">
          <p>Copiez-le maintenant : il ne sera plus jamais affiché (seule son empreinte est gardée).</p>
          <p>
            <code class="api-token" id="jeton-cree">{created.token}</code>
          </p>
          <p>
            Droits : <code>{created.scopes.join(", ")}</code> ; valable jusqu'au <DateText date={created.expiresAt} />.
          </p>
        </Alert>
      )}
      <h2>Jetons</h2>
      {tokens.length === 0 ? (
        <p>Aucun jeton.</p>
      ) : (
        <Table
          caption={`Jetons de ${partner.name}`}
          headers={["Jeton", "Droits", "État", "Expire le", "Dernier usage", "Action"]}
          rowHeader
          rows={tokens.map((token) => [
            <>
              {token.label || "Sans nom"} (<code>{token.prefix}…</code>)
            </>,
            <code>{token.scopes.join(", ")}</code>,
            tokenState(token, now),
            <DateText date={token.expiresAt} />,
            token.lastUsedAt ? <DateText date={token.lastUsedAt} withTime /> : "Jamais",
            token.revokedAt ? (
              ""
            ) : (
              <Form action={`${base}/jetons/${token.id}/revoquer`} csrfToken={ctx.csrfToken}>
                <Button variant="danger">Révoquer le jeton « {token.label || token.prefix} »</Button>
              </Form>
            ),
          ])}
        />
      )}
      <h2 id="creer-jeton">Créer un jeton</h2>
      <ErrorSummary errors={errors} labels={tokenLabels} />
      <Form action={`${base}/jetons`} csrfToken={ctx.csrfToken}>
        <TextInput name="label" label={tokenLabels.label!} hint="Pour le reconnaître : « Production », « Recette »…" value={values.label} error={errors.label} maxLength={100} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Droits</legend>
          {Object.entries(API_SCOPES).map(([scope, label]) => (
            <Checkbox name={checkboxName(scope)} value="oui" checked={values[checkboxName(scope)] === "oui"} label={`${label} (${scope})`} error={errors[checkboxName(scope)]} />
          ))}
        </fieldset>
        <TextInput name="days" label={tokenLabels.days!} hint="De 1 à 366 jours." value={values.days} error={errors.days} required inputmode="numeric" maxLength={3} />
        <Button>Créer le jeton</Button>
      </Form>

      <h2>Webhooks</h2>
      <p>
        Secret de signature (Standard Webhooks, à transmettre au partenaire) : <code class="api-token">{partner.webhookSecret}</code>
      </p>
      <Form action={`${base}/webhooks`} csrfToken={ctx.csrfToken}>
        <TextInput name="webhookUrl" label="Adresse des webhooks" hint="Vide : aucun envoi." value={partner.webhookUrl ?? ""} maxLength={500} spellcheck={false} autocomplete="off" />
        <EventBoxes values={Object.fromEntries(partner.webhookEvents.map((event) => [checkboxName(event), "oui"]))} />
        <Button variant="secondary">Enregistrer les webhooks</Button>
      </Form>
      <h2>Derniers envois</h2>
      {deliveries.length === 0 ? (
        <p>Aucun envoi.</p>
      ) : (
        <Table
          caption="Derniers envois, du plus récent au plus ancien"
          headers={["Événement", "Créé le", "État", "Tentatives", "Action"]}
          rowHeader
          rows={deliveries.map((delivery) => [
            <code>{delivery.eventType}</code>,
            <DateText date={delivery.createdAt} withTime />,
            deliveryStates[delivery.status] ?? delivery.status,
            <ul class="api-attempts">
              {attempts
                .filter((attempt) => attempt.deliveryId === delivery.id)
                .map((attempt) => (
                  <li>
                    <DateText date={attempt.attemptedAt} withTime /> : {attempt.statusCode ? `réponse ${attempt.statusCode}` : (attempt.error ?? "")} ({attempt.durationMs} ms)
                  </li>
                ))}
            </ul>,
            <Form action={`${base}/envois/${delivery.id}/renvoyer`} csrfToken={ctx.csrfToken}>
              <Button variant="secondary">Renvoyer</Button>
            </Form>,
          ])}
        />
      )}
    </Layout>
  );
}

/** « Mon compte » › Partenaires autorisés: the account's consent, partner by partner. */
export function ApiGrantsPage({ ctx, partners }: { ctx: PageContext; partners: { id: string; name: string; grantedAt: Date | null }[] }) {
  const title = "Partenaires autorisés";
  return (
    <Layout ctx={ctx} title={title} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Mon compte", href: "/mon-compte" }, { label: title }]}>
      <h1>{title}</h1>
      <p class="lead">
        Un partenaire que vous autorisez peut créer et déposer des demandes en votre nom (par exemple le logiciel de votre association ou
        de votre mairie). Vous pouvez retirer cette autorisation à tout moment ; les demandes déjà déposées restent les vôtres.
      </p>
      {partners.length === 0 ? (
        <p>Aucun partenaire n'est proposé pour l'instant.</p>
      ) : (
        <Table
          caption="Partenaires du portail"
          headers={["Partenaire", "Autorisation", "Action"]}
          rowHeader
          rows={partners.map((partner) => [
            partner.name,
            partner.grantedAt ? <>Autorisé depuis le <DateText date={partner.grantedAt} /></> : "Non autorisé",
            <Form action={`/mon-compte/partenaires/${partner.id}/${partner.grantedAt ? "retirer" : "autoriser"}`} csrfToken={ctx.csrfToken}>
              <Button variant={partner.grantedAt ? "secondary" : "primary"}>{partner.grantedAt ? `Retirer l'autorisation de ${partner.name}` : `Autoriser ${partner.name}`}</Button>
            </Form>,
          ])}
        />
      )}
    </Layout>
  );
}
