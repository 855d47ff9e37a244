import type { Child } from "hono/jsx";
import type { OrganisationRepresentative } from "../../platform/db/schema.ts";
import { Alert, Button, EmailInput, ErrorSummary, Form, Radios, Select, SummaryList, TextInput, type SelectOption } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { NAME_MAX_LENGTH } from "../../core/accounts/identifiers.ts";
import { civilityLabels } from "../../core/accounts/identity-fields.tsx";
import type { MembershipWithOrganisation } from "../../core/organisations/queries/organisations.ts";
import { AddressFields, CheckboxWithHint, PhoneInput } from "./form-fields.tsx";
import { isLegalFormCode, legalFormFamilies, legalFormLabel } from "./legal-forms.ts";
import { checkNafCode } from "./naf.ts";
import { entityTypeLabel, entityTypes, memberFunctions, OTHER_FUNCTION } from "./reference.ts";
import { home, recordCrumb, representativeName } from "./views.tsx";
import { formatSiret } from "../../platform/french/siret.ts";

type Organisation = Pick<MembershipWithOrganisation, "id" | "name" | "siret" | "clientNumber">;

interface FormPageProps {
  ctx: PageContext;
  organisation: Organisation;
  values: FormValues;
  errors: FieldErrors;
}

/** The frame of every edit page: title, breadcrumb back to the record, error summary, form, "Annuler". */
function EditPage(props: { ctx: PageContext; organisation: Organisation; title: string; action: string; errors: FieldErrors; labels: Record<string, string>; intro?: Child; children?: Child; submit?: string }) {
  const { ctx, organisation } = props;
  return (
    <Layout
      ctx={ctx}
      title={`${props.title} - ${organisation.name}`}
      hasErrors={Object.keys(props.errors).length > 0}
      breadcrumb={[home, recordCrumb(organisation.id), { label: props.title }]}
    >
      <div class="narrow">
        <h1>{props.title}</h1>
        <p class="lead">{organisation.name}</p>
        {props.intro}
        <ErrorSummary errors={props.errors} labels={props.labels} />
        <Form action={props.action} csrfToken={ctx.csrfToken}>
          {props.children}
          <Button>{props.submit ?? "Valider"}</Button>
        </Form>
        <p>
          <a href={`/structures/${organisation.id}`}>Annuler et revenir à ma structure</a>
        </p>
      </div>
    </Layout>
  );
}

const identificationLabels = {
  name: "Nom de la structure",
  entityType: "Type de tiers",
  nafCode: "Code NAF (APE)",
  legalFormCode: "Forme juridique",
  rna: "Numéro RNA",
  phone: "Téléphone",
  mobile: "Mobile",
  fax: "Fax",
  email: "Adresse électronique",
  website: "Site internet",
};

/** The list, plus the value stored before when the list does not hold it (an import's), so it is not lost. */
function withStored(options: SelectOption[], value: string | undefined, label: (value: string) => string): SelectOption[] {
  return value && !options.some((option) => option.value === value) ? [{ value, label: label(value) }, ...options] : options;
}

function nafHint(typed: string | undefined): Child {
  const naf = typed ? checkNafCode(typed) : null;
  return (
    <>
      4 chiffres et une lettre, par exemple 71.12A. Il figure sur l'avis de situation au répertoire Sirene de l'Insee.
      {naf?.ok ? (
        <>
          <br />
          {`Code saisi : ${naf.value.code} - ${naf.value.label}`}
        </>
      ) : null}
    </>
  );
}

/** Modifier l'identification: everything but the SIRET and the client number, which come from the register. */
export function IdentificationPage({ ctx, organisation, values, errors }: FormPageProps) {
  return (
    <EditPage
      ctx={ctx}
      organisation={organisation}
      title="Modifier l'identification"
      action={`/structures/${organisation.id}/identification`}
      errors={errors}
      labels={identificationLabels}
      intro={
        <>
          <SummaryList
            rows={[
              ["Siret", formatSiret(organisation.siret)],
              ["Numéro client (code tiers)", organisation.clientNumber ?? "Non renseigné"],
            ]}
          />
          <p>
            Le SIRET et le numéro client viennent du registre ; pour les corriger, <a href="/contact">contactez-nous</a>.
          </p>
          <p>Seul le nom de la structure est obligatoire.</p>
        </>
      }
    >
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Identification</legend>
        <TextInput name="name" label="Nom de la structure" value={values.name} error={errors.name} maxLength={200} autocomplete="off" />
        <Select
          name="entityType"
          label="Type de tiers"
          placeholder="Choisir un type de tiers"
          options={withStored(
            entityTypes.map((type) => ({ value: type.value, label: type.label })),
            values.entityType,
            entityTypeLabel,
          )}
          value={values.entityType}
          error={errors.entityType}
          required={false}
        />
        <TextInput name="nafCode" label="Code NAF (APE)" hint={nafHint(values.nafCode)} value={values.nafCode} error={errors.nafCode} required={false} maxLength={10} spellcheck={false} autocomplete="off" />
        <Select
          name="legalFormCode"
          label="Forme juridique"
          hint="Catégorie juridique de l'Insee, indiquée sur l'avis de situation au répertoire Sirene"
          placeholder="Choisir une forme juridique"
          options={values.legalFormCode && !isLegalFormCode(values.legalFormCode) ? [{ value: values.legalFormCode, label: legalFormLabel(values.legalFormCode) }] : []}
          groups={legalFormFamilies.map((family) => ({
            label: family.label,
            options: family.forms.map((form) => ({ value: form.code, label: `${form.label} (${form.code})` })),
          }))}
          value={values.legalFormCode}
          error={errors.legalFormCode}
          required={false}
        />
        <TextInput
          name="rna"
          label="Numéro RNA"
          hint="Pour une association : la lettre W suivie de 9 caractères, par exemple W751234567"
          value={values.rna}
          error={errors.rna}
          required={false}
          maxLength={14}
          spellcheck={false}
          autocomplete="off"
        />
      </fieldset>
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Coordonnées de la structure</legend>
        <PhoneInput name="phone" label="Téléphone" value={values.phone} error={errors.phone} required={false} />
        <PhoneInput name="mobile" label="Mobile" value={values.mobile} error={errors.mobile} required={false} hint="Format attendu : 06 12 34 56 78" />
        <PhoneInput name="fax" label="Fax" value={values.fax} error={errors.fax} required={false} />
        <TextInput
          name="email"
          label="Adresse électronique"
          type="email"
          hint="Format attendu : nom@exemple.fr"
          value={values.email}
          error={errors.email}
          required={false}
          maxLength={254}
          spellcheck={false}
          autocomplete="off"
        />
        <TextInput
          name="website"
          label="Site internet"
          hint="Format attendu : https://www.exemple.fr"
          value={values.website}
          error={errors.website}
          required={false}
          maxLength={255}
          spellcheck={false}
          inputmode="url"
          autocomplete="off"
        />
      </fieldset>
    </EditPage>
  );
}

const addressLabels = {
  addressRecipient: "Destinataire",
  addressBuilding: "Bâtiment, entrée, étage",
  addressStreet: "Numéro et voie",
  addressDistribution: "Boîte postale, lieu-dit",
  postalCode: "Code postal",
  communeName: "Commune",
  country: "Pays",
};

/** Modifier l'adresse principale. */
export function AddressPage({ ctx, organisation, values, errors }: FormPageProps) {
  return (
    <EditPage
      ctx={ctx}
      organisation={organisation}
      title="Modifier l'adresse principale"
      action={`/structures/${organisation.id}/adresse`}
      errors={errors}
      labels={addressLabels}
      intro={<p>C'est à cette adresse que la structure reçoit les courriers, notamment ceux destinés à son représentant légal.</p>}
    >
      <AddressFields legend="Adresse principale" values={values} errors={errors} />
    </EditPage>
  );
}

const representativeLabels = {
  civility: "Civilité",
  lastName: "Nom",
  firstName: "Prénom",
  function: "Fonction",
  isLegalRepresentative: "Représentant légal",
  ...addressLabels,
  phone: "Téléphone",
  mobile: "Mobile",
  fax: "Fax",
  email: "Adresse électronique",
};

export interface RepresentativePageProps extends FormPageProps {
  /** The representative being changed; absent when creating one. */
  representative?: OrganisationRepresentative;
  /** The current legal representative, when another one holds the flag. */
  otherLegalRepresentative?: OrganisationRepresentative | undefined;
}

/** "Créer un nouveau représentant", or change one. */
export function RepresentativePage({ ctx, organisation, values, errors, representative, otherLegalRepresentative }: RepresentativePageProps) {
  const base = `/structures/${organisation.id}/representants`;
  const legalHint = otherLegalRepresentative
    ? `Une structure n'a qu'un représentant légal. ${representativeName(otherLegalRepresentative)} l'est aujourd'hui : si vous cochez cette case, ${representativeName(otherLegalRepresentative)} ne le sera plus.`
    : "Une structure n'a qu'un représentant légal : c'est à lui que sont adressés les courriers officiels, comme le code d'activation de l'administrateur.";
  return (
    <EditPage
      ctx={ctx}
      organisation={organisation}
      title={representative ? `Modifier le représentant ${representativeName(representative)}` : "Créer un nouveau représentant"}
      action={representative ? `${base}/${representative.id}` : `${base}/nouveau`}
      errors={errors}
      labels={representativeLabels}
      intro={<p>La civilité, le nom, le prénom et la fonction sont obligatoires.</p>}
    >
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Identité du représentant</legend>
        {/* Not IdentityFields: its autocomplete tokens would fill in the signed-in person's own name. */}
        <Radios
          name="civility"
          legend="Civilité"
          inline
          options={Object.entries(civilityLabels).map(([value, label]) => ({ value, label }))}
          value={values.civility}
          error={errors.civility}
        />
        <TextInput name="lastName" label="Nom" value={values.lastName} error={errors.lastName} maxLength={NAME_MAX_LENGTH} autocomplete="off" />
        <TextInput name="firstName" label="Prénom" value={values.firstName} error={errors.firstName} maxLength={NAME_MAX_LENGTH} autocomplete="off" />
        <TextInput name="function" label="Fonction" hint="Par exemple : Président, Maire, Trésorière" value={values.function} error={errors.function} maxLength={100} autocomplete="off" />
        <CheckboxWithHint name="isLegalRepresentative" label="Représentant légal de la structure" hint={legalHint} checked={values.isLegalRepresentative === "oui"} error={errors.isLegalRepresentative} />
      </fieldset>
      <AddressFields legend="Adresse du représentant (facultative)" values={values} errors={errors} optional />
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Coordonnées du représentant</legend>
        <PhoneInput name="phone" label="Téléphone" value={values.phone} error={errors.phone} required={false} />
        <PhoneInput name="mobile" label="Mobile" value={values.mobile} error={errors.mobile} required={false} hint="Format attendu : 06 12 34 56 78" />
        <PhoneInput name="fax" label="Fax" value={values.fax} error={errors.fax} required={false} />
        <TextInput
          name="email"
          label="Adresse électronique"
          type="email"
          hint="Format attendu : nom@exemple.fr"
          value={values.email}
          error={errors.email}
          required={false}
          maxLength={254}
          spellcheck={false}
          autocomplete="off"
        />
      </fieldset>
    </EditPage>
  );
}

/** Asks before removing a representative; the removal itself is the form's POST. */
export function DeleteRepresentativePage({ ctx, organisation, representative }: { ctx: PageContext; organisation: Organisation; representative: OrganisationRepresentative }) {
  const name = representativeName(representative);
  return (
    <Layout ctx={ctx} title={`Supprimer le représentant ${name} - ${organisation.name}`} breadcrumb={[home, recordCrumb(organisation.id), { label: "Supprimer un représentant" }]}>
      <div class="narrow">
        <h1>Supprimer le représentant {name} ?</h1>
        <p class="lead">{organisation.name}</p>
        <p>
          {name} (fonction : {representative.function}) ne figurera plus parmi les représentants de la structure. Cette suppression
          est définitive.
        </p>
        {representative.isLegalRepresentative ? (
          <Alert type="warning" title="C'est le représentant légal de la structure">
            <p>Après sa suppression, la structure n'aura plus de représentant légal tant que vous n'en aurez pas désigné un autre.</p>
          </Alert>
        ) : null}
        <Form action={`/structures/${organisation.id}/representants/${representative.id}/supprimer`} csrfToken={ctx.csrfToken}>
          <Button variant="danger">Supprimer le représentant</Button>
        </Form>
        <p>
          <a href={`/structures/${organisation.id}`}>Annuler et revenir à ma structure</a>
        </p>
      </div>
    </Layout>
  );
}

/** Modifier mon numéro de téléphone (seed 001: "Téléphone", "Valider", "Annuler"). */
export function MyPhonePage({ ctx, organisation, values, errors }: FormPageProps) {
  return (
    <EditPage ctx={ctx} organisation={organisation} title="Modifier mon numéro de téléphone" action={`/structures/${organisation.id}/mes-coordonnees/telephone`} errors={errors} labels={{ phone: "Téléphone" }}>
      <PhoneInput
        name="phone"
        label="Téléphone"
        hint="Format attendu : 01 23 45 67 89. Laissez le champ vide pour retirer votre numéro."
        value={values.phone}
        error={errors.phone}
        required={false}
        autocomplete="work tel"
      />
    </EditPage>
  );
}

/** Modifier mon adresse électronique au sein de la structure. */
export function MyEmailPage({ ctx, organisation, values, errors }: FormPageProps) {
  return (
    <EditPage ctx={ctx} organisation={organisation} title="Modifier mon adresse électronique" action={`/structures/${organisation.id}/mes-coordonnees/courriel`} errors={errors} labels={{ email: "Adresse électronique" }}>
      <EmailInput
        name="email"
        label="Adresse électronique"
        hint="Format attendu : nom@exemple.fr. Les courriels qui concernent cette structure vous sont envoyés à cette adresse ; laissez le champ vide pour les recevoir à l'adresse de votre compte."
        value={values.email}
        error={errors.email}
        required={false}
      />
    </EditPage>
  );
}

/** Modifier ma fonction: chosen from the list, or written after "Autre". */
export function MyFunctionPage({ ctx, organisation, values, errors }: FormPageProps) {
  return (
    <EditPage
      ctx={ctx}
      organisation={organisation}
      title="Modifier ma fonction"
      action={`/structures/${organisation.id}/mes-coordonnees/fonction`}
      errors={errors}
      labels={{ function: "Fonction", functionOther: "Autre fonction" }}
      intro={<p>La fonction au sein de la structure est obligatoire pour accéder à certains services, par exemple l'espace prêt et ses différents services.</p>}
    >
      <Select
        name="function"
        label="Fonction"
        placeholder="Choisir une fonction"
        options={[...memberFunctions.map((name) => ({ value: name, label: name })), { value: OTHER_FUNCTION, label: "Autre (à préciser ci-dessous)" }]}
        value={values.function}
        error={errors.function}
      />
      <TextInput
        name="functionOther"
        label="Si vous avez choisi « Autre », précisez votre fonction"
        value={values.functionOther}
        error={errors.functionOther}
        required={false}
        maxLength={100}
        autocomplete="organization-title"
      />
    </EditPage>
  );
}
