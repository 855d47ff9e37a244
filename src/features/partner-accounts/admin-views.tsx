import { Alert, Button, DateText, EmailInput, ErrorSummary, Form, Table, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { IdentityFields } from "../../core/accounts/identity-fields.tsx";
import type { PartnerSummary } from "../../core/accounts/queries/partners.ts";
import { ADDRESS_LINE_MAX } from "../../platform/letters/letters.ts";

const TITLE = "Comptes partenaires";
const crumbs = [{ label: "Accueil", href: "/" }, { label: "Administration du portail", href: "/administration" }];

const labels = {
  civility: "Civilité",
  lastName: "Nom",
  firstName: "Prénom",
  email: "Adresse électronique",
  userNumber: "Numéro utilisateur",
  postalDetail: "Complément d'identification",
  postalComplement: "Entrée, bâtiment, résidence",
  postalStreet: "Numéro et voie",
  postalDistribution: "Lieu-dit, boîte postale",
  postalCode: "Code postal",
  postalCommune: "Commune",
  postalCountry: "Pays",
};

function AddressLine({ name, values, errors, required, hint }: { name: keyof typeof labels; values: FormValues; errors: FieldErrors; required?: boolean; hint?: string }) {
  return <TextInput name={name} label={labels[name]} hint={hint} value={values[name]} error={errors[name]} required={required ?? false} maxLength={ADDRESS_LINE_MAX} />;
}

/** Operators create the landlords' accounts (seed 004): the first password goes by post. */
export function PartnersPage({ ctx, partners, values = {}, errors = {} }: { ctx: PageContext; partners: PartnerSummary[]; values?: FormValues; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, { label: TITLE }]}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Les comptes « Mon Compte Partenaire » des bailleurs. Leur identifiant (LOG, 6 chiffres et 1 lettre) est attribué par le
        portail ; leur premier mot de passe, provisoire et valable 30 jours, part par courrier à l'adresse postale indiquée, et
        doit être changé à la première connexion.
      </p>
      <h2>Derniers comptes créés</h2>
      {partners.length === 0 ? (
        <p>Aucun compte partenaire pour l'instant.</p>
      ) : (
        <Table
          caption="Comptes partenaires, du plus récent au plus ancien"
          headers={["Identifiant", "Numéro utilisateur", "Titulaire", "Commune", "Mot de passe", "Créé le"]}
          rowHeader
          kinds={{ "Créé le": "date" }}
          rows={partners.map((partner) => [
            partner.identifier,
            partner.userNumber ?? "",
            <>
              {partner.civility} {partner.firstName} {partner.lastName}
              <br />
              <span class="field__hint">{partner.email}</span>
            </>,
            `${partner.postalCode ?? ""} ${partner.postalCommune ?? ""}`,
            partner.mustChangePassword ? "Provisoire (envoyé par courrier)" : "Choisi par le titulaire",
            <DateText date={partner.createdAt} />,
          ])}
        />
      )}

      <h2 id="creer">Créer un compte partenaire</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action="/administration/comptes-partenaires" csrfToken={ctx.csrfToken}>
        <IdentityFields values={values} errors={errors} />
        <EmailInput name="email" label="Adresse électronique" value={values.email} error={errors.email} />
        <TextInput
          name="userNumber"
          label="Numéro utilisateur"
          hint="Le numéro du partenaire imprimé sur vos courriers (1 à 20 lettres ou chiffres) ; il lui servira à retrouver son identifiant."
          value={values.userNumber}
          error={errors.userNumber}
          autocomplete="off"
          maxLength={40}
          spellcheck={false}
        />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Adresse postale (le courrier du mot de passe y sera envoyé)</legend>
          <AddressLine name="postalDetail" values={values} errors={errors} hint="Société, service, appartement…" />
          <AddressLine name="postalComplement" values={values} errors={errors} />
          <AddressLine name="postalStreet" values={values} errors={errors} required />
          <AddressLine name="postalDistribution" values={values} errors={errors} />
          <TextInput name="postalCode" label={labels.postalCode} value={values.postalCode} error={errors.postalCode} maxLength={10} autocomplete="off" inputmode="numeric" />
          <AddressLine name="postalCommune" values={values} errors={errors} required />
          <AddressLine name="postalCountry" values={values} errors={errors} hint="Seulement hors de France." />
        </fieldset>
        <Button>Créer le compte et envoyer le courrier</Button>
      </Form>
    </Layout>
  );
}

/** After the creation: the identifier, and where the password went (never shown here). */
export function PartnerCreatedPage({ ctx, partner }: { ctx: PageContext; partner: { identifier: string; userNumber: string; email: string; expiresAt: Date } }) {
  return (
    <Layout ctx={ctx} title="Compte partenaire créé" breadcrumb={[...crumbs, { label: TITLE, href: "/administration/comptes-partenaires" }, { label: "Compte partenaire créé" }]}>
      <h1>Compte partenaire créé</h1>
      <Alert type="success">
        <p>
          Le compte du numéro utilisateur {partner.userNumber} ({partner.email}) a l'identifiant <strong>{partner.identifier}</strong>.
        </p>
      </Alert>
      <p>
        Son mot de passe provisoire, valable jusqu'au <DateText date={partner.expiresAt} />, est imprimé sur un courrier avec
        l'identifiant : il n'est affiché nulle part ailleurs. Le courrier attend dans les <a href="/administration/courriers">courriers à
        envoyer</a>.
      </p>
      <p>
        <a href="/administration/comptes-partenaires">Revenir aux comptes partenaires</a>
      </p>
    </Layout>
  );
}
