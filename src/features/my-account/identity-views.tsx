import type { Child } from "hono/jsx";
import { Button, ErrorSummary, FieldError, fieldId, Form, Radios, Select, Tag, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { checkCommuneName } from "../../platform/french/commune-names.ts";
import { findCommune } from "../../platform/french/communes.ts";
import { listCountriesAbroad } from "../../platform/french/countries.ts";
import { formatNir } from "../../platform/french/nir.ts";
import { BIRTH_PLACES } from "../../core/accounts/birth-identity.ts";
import type { CivilIdentity } from "../../core/accounts/civil-identity.ts";
import { civilityLabels, IdentityFields } from "../../core/accounts/identity-fields.tsx";

const sexLabels: Record<string, string> = { F: "Féminin", M: "Masculin" };
const birthDateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });

export const VERIFIED_MENTION = "Identité vérifiée par FranceConnect";

/** "3 décembre 1984" from "1984-12-03". */
export function formatBirthDate(date: string): string {
  return birthDateFormat.format(new Date(`${date}T00:00:00Z`));
}

/** "Mont-Saint-Aignan (76)" in France, the country's name abroad. */
export function formatBirthPlace(identity: Pick<CivilIdentity, "birthCommuneCode" | "birthCommuneName" | "birthCountryName">): string | null {
  if (identity.birthCommuneCode) {
    const commune = findCommune(identity.birthCommuneCode);
    return commune ? `${identity.birthCommuneName ?? commune.nom} (${commune.departement})` : identity.birthCommuneCode;
  }
  return identity.birthCountryName;
}

const notGiven = <span class="field__hint">Non renseigné</span>;

/** The rows "Mon compte" adds to "Mes informations" after the names. */
export function birthIdentityRows(identity: CivilIdentity): [label: string, value: Child][] {
  return [
    ["Date de naissance", identity.birthDate ? formatBirthDate(identity.birthDate) : notGiven],
    ["Lieu de naissance", formatBirthPlace(identity) ?? notGiven],
    ["Sexe", identity.sex ? (sexLabels[identity.sex] ?? identity.sex) : notGiven],
    ["Numéro de sécurité sociale", identity.nir ? formatNir(identity.nir) : notGiven],
  ];
}

/** The mention shown above the identity FranceConnect verified. */
export function VerifiedMention() {
  return (
    <p>
      <Tag tone="success">{VERIFIED_MENTION}</Tag>
    </p>
  );
}

/** What the form shows of the stored identity: the commune as a name it resolves back from. */
export function identityFormValues(identity: CivilIdentity): FormValues {
  const [year, month, day] = identity.birthDate?.split("-") ?? ["", "", ""];
  return {
    civility: identity.civility,
    lastName: identity.lastName,
    firstName: identity.firstName,
    birthDay: day ?? "",
    birthMonth: month ?? "",
    birthYear: year ?? "",
    birthPlace: identity.birthCountryCode === null ? "" : identity.birthCommuneCode ? BIRTH_PLACES.france : BIRTH_PLACES.abroad,
    birthCommune: identity.birthCommuneCode ? communeInputValue(identity.birthCommuneCode) : "",
    birthCountry: identity.birthCountryCode && !identity.birthCommuneCode ? identity.birthCountryCode : "",
    sex: identity.sex ?? "",
    nir: identity.nir ? formatNir(identity.nir) : "",
  };
}

/** "Saint-Denis (974)" when that finds this very commune again, else its INSEE code. */
function communeInputValue(code: string): string {
  const commune = findCommune(code);
  if (!commune) return code;
  const named = `${commune.nom} (${commune.departement})`;
  const found = checkCommuneName(named, { formerCommunes: true });
  return found.ok && found.value.code === code ? named : code;
}

const identityLabels = {
  civility: "Civilité",
  lastName: "Nom",
  firstName: "Prénom",
  birthDate: "Date de naissance",
  birthPlace: "Lieu de naissance",
  birthCommune: "Commune de naissance",
  birthCountry: "Pays de naissance",
  sex: "Sexe",
  nir: "Numéro de sécurité sociale",
};

export interface IdentityPageProps {
  ctx: PageContext;
  values: FormValues;
  errors: FieldErrors;
  /** The identity FranceConnect verified: shown, not editable. */
  locked: CivilIdentity | null;
}

export function IdentityPage({ ctx, values, errors, locked }: IdentityPageProps) {
  return (
    <Layout
      ctx={ctx}
      title="Modifier mes informations"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[
        { label: "Accueil", href: "/" },
        { label: "Mon compte", href: "/mon-compte" },
        { label: "Modifier mes informations" },
      ]}
    >
      <div class="narrow">
        <h1>Modifier mes informations</h1>
        <p>Sauf mention « facultatif », tous les champs sont obligatoires.</p>
        <ErrorSummary errors={errors} labels={identityLabels} />
        <Form action="/mon-compte/mes-informations" csrfToken={ctx.csrfToken}>
          {locked ? <LockedIdentity identity={locked} errors={errors} values={values} /> : <IdentityFields values={values} errors={errors} />}
          {locked ? null : <BirthFields values={values} errors={errors} />}
          <TextInput
            name="nir"
            label="Numéro de sécurité sociale (facultatif)"
            hint="15 caractères, clé comprise, tels qu'ils figurent sur votre carte Vitale, par exemple 2 55 08 14 168 025 38. Il est vérifié avec votre sexe, votre date et votre lieu de naissance."
            value={values.nir}
            error={errors.nir}
            autocomplete="off"
            spellcheck={false}
            maxLength={40}
          />
          <Button>Valider</Button>
        </Form>
        <p>
          <a href="/mon-compte">Retour à mon compte</a>
        </p>
      </div>
    </Layout>
  );
}

/** Names, birth data and sex from FranceConnect: read-only, each with the id the error summary links to. */
function LockedIdentity({ identity, errors, values }: { identity: CivilIdentity; errors: FieldErrors; values: FormValues }) {
  const [birthDate, birthPlace, sex] = birthIdentityRows(identity);
  const rows: [name: string, label: string, value: Child][] = [
    ["lastName", "Nom", identity.lastName],
    ["firstName", "Prénom", identity.firstName],
    ["birthDate", ...birthDate!],
    ["birthPlace", ...birthPlace!],
    ["sex", ...sex!],
  ];
  return (
    <section aria-labelledby="identite-verifiee" class="locked-identity">
      <h2 id="identite-verifiee">Mon identité</h2>
      <VerifiedMention />
      <p>Ces informations viennent de FranceConnect : elles ne peuvent pas être modifiées ici.</p>
      <dl class="summary-list">
        {rows.map(([name, label, value]) => (
          <div class={`summary-list__row${errors[name] ? " field--error" : ""}`}>
            <dt>{label}</dt>
            <dd id={fieldId(name)} tabindex={-1}>
              <FieldError id={fieldId(name)} error={errors[name]} />
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <Radios
        name="civility"
        legend="Civilité"
        inline
        options={Object.entries(civilityLabels).map(([value, label]) => ({ value, label }))}
        value={values.civility}
        error={errors.civility}
      />
    </section>
  );
}

/** Date de naissance in three inputs (as the DSFR does), lieu de naissance, sexe. */
function BirthFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const id = fieldId("birthDate");
  const dateParts = [
    { name: "birthDay", label: "Jour", autocomplete: "bday-day", size: 2 },
    { name: "birthMonth", label: "Mois", autocomplete: "bday-month", size: 2 },
    { name: "birthYear", label: "Année", autocomplete: "bday-year", size: 4 },
  ];
  return (
    <>
      <fieldset
        class={`fieldset${errors.birthDate ? " field--error" : ""}`}
        id={id}
        tabindex={-1}
        aria-describedby={[`${id}-hint`, errors.birthDate ? `${id}-error` : null].filter(Boolean).join(" ")}
      >
        <legend class="fieldset__legend">
          Date de naissance<span class="field__optional"> (facultatif)</span>
        </legend>
        <p class="field__hint" id={`${id}-hint`}>
          Par exemple 14 7 1990.
        </p>
        <FieldError id={id} error={errors.birthDate} />
        <div class="date-parts">
          {dateParts.map((part) => (
            <div class="field">
              <label class="field__label" for={fieldId(part.name)}>
                {part.label}
              </label>
              <input
                class={`field__input date-parts__${part.size === 4 ? "year" : "day"}`}
                id={fieldId(part.name)}
                name={part.name}
                type="text"
                inputmode="numeric"
                autocomplete={part.autocomplete}
                maxlength={part.size}
                value={values[part.name]}
                aria-invalid={errors.birthDate ? "true" : undefined}
              />
            </div>
          ))}
        </div>
      </fieldset>

      <Radios
        name="birthPlace"
        legend="Lieu de naissance (facultatif)"
        inline
        options={[
          { value: BIRTH_PLACES.france, label: "Né(e) en France" },
          { value: BIRTH_PLACES.abroad, label: "Né(e) à l'étranger" },
        ]}
        value={values.birthPlace}
        error={errors.birthPlace}
      />
      <div class="conditional" data-condition-on="birthPlace" data-condition-values={JSON.stringify([BIRTH_PLACES.france])}>
        <TextInput
          name="birthCommune"
          label="Commune de naissance, si vous êtes né(e) en France"
          hint="Son nom ; si plusieurs communes portent ce nom, ajoutez le département ou le code postal, par exemple « Saint-Denis (93) » ou « Saint-Denis 97400 »."
          value={values.birthCommune}
          error={errors.birthCommune}
          maxLength={100}
        />
      </div>
      <div class="conditional" data-condition-on="birthPlace" data-condition-values={JSON.stringify([BIRTH_PLACES.abroad])}>
        <Select
          name="birthCountry"
          label="Pays de naissance, si vous êtes né(e) à l'étranger"
          placeholder="Choisissez un pays"
          options={listCountriesAbroad().map((country) => ({
            value: country.code,
            label: country.endedIn ? `${country.name} (jusqu'en ${country.endedIn})` : country.name,
          }))}
          value={values.birthCountry}
          error={errors.birthCountry}
        />
      </div>

      <Radios
        name="sex"
        legend="Sexe (facultatif)"
        hint="Tel qu'il figure sur votre acte de naissance."
        inline
        options={[
          { value: "F", label: "Féminin" },
          { value: "M", label: "Masculin" },
        ]}
        value={values.sex}
        error={errors.sex}
      />
    </>
  );
}
