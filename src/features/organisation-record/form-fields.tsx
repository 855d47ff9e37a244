import type { Child } from "hono/jsx";
import { FieldError, fieldId, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues } from "../../ui/context.ts";

/** A French phone number field: the phone keyboard, the expected format in the hint. */
export function PhoneInput(props: { name: string; label: string; value?: string | undefined; error?: string | undefined; required?: boolean; autocomplete?: string; hint?: string }) {
  return (
    <TextInput
      name={props.name}
      label={props.label}
      type="tel"
      inputmode="tel"
      autocomplete={props.autocomplete ?? "off"}
      hint={props.hint ?? "Format attendu : 01 23 45 67 89"}
      value={props.value}
      error={props.error}
      required={props.required}
      maxLength={30}
    />
  );
}

/** A checkbox with a hint read with it (the legal-representative flag explains what it moves). */
export function CheckboxWithHint(props: { name: string; label: string; hint: Child; checked: boolean; error?: string | undefined }) {
  const id = fieldId(props.name);
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div class={`field checkbox${props.error ? " field--error" : ""}`}>
      <FieldError id={id} error={props.error} />
      <input type="checkbox" id={id} name={props.name} value="oui" checked={props.checked} aria-describedby={describedBy} />
      <label for={id}>{props.label}</label>
      <p class="field__hint" id={`${id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

/**
 * The lines of a French postal address (NF Z10-011) in a fieldset. Organisation addresses are not
 * the person's own: no autocomplete tokens, so a browser does not fill in the person's home.
 */
export function AddressFields(props: { legend: string; values: FormValues; errors: FieldErrors; optional?: boolean }) {
  const { values, errors } = props;
  const id = fieldId("adresse");
  return (
    <fieldset class="fieldset" aria-describedby={`${id}-hint`}>
      <legend class="fieldset__legend fieldset__legend--large">{props.legend}</legend>
      <p class="field__hint" id={`${id}-hint`}>
        {props.optional
          ? "Facultative. Si vous la renseignez, le numéro et la voie, le code postal et la commune sont obligatoires. "
          : null}
        En France, le code postal et la commune sont vérifiés avec les listes officielles de La Poste et de l'Insee. À l'étranger,
        indiquez le pays : le code postal et la localité sont alors pris tels quels.
      </p>
      <TextInput name="addressRecipient" label="Destinataire (service, personne)" value={values.addressRecipient} error={errors.addressRecipient} required={false} maxLength={114} autocomplete="off" />
      <TextInput name="addressBuilding" label="Bâtiment, entrée, étage" value={values.addressBuilding} error={errors.addressBuilding} required={false} maxLength={114} autocomplete="off" />
      <TextInput
        name="addressStreet"
        label="Numéro et voie"
        hint="Par exemple : 1 place de la Mairie"
        value={values.addressStreet}
        error={errors.addressStreet}
        required={props.optional ? false : undefined}
        maxLength={114}
        autocomplete="off"
      />
      <TextInput
        name="addressDistribution"
        label="Boîte postale, lieu-dit"
        hint="Par exemple : BP 12, ou le nom du lieu-dit"
        value={values.addressDistribution}
        error={errors.addressDistribution}
        required={false}
        maxLength={114}
        autocomplete="off"
      />
      <TextInput
        name="postalCode"
        label="Code postal"
        hint="5 chiffres en France, par exemple 46000"
        value={values.postalCode}
        error={errors.postalCode}
        required={props.optional ? false : undefined}
        inputmode="numeric"
        maxLength={20}
        autocomplete="off"
      />
      <TextInput
        name="communeName"
        label="Commune (localité à l'étranger)"
        value={values.communeName}
        error={errors.communeName}
        required={props.optional ? false : undefined}
        maxLength={100}
        autocomplete="off"
      />
      <TextInput name="country" label="Pays" hint="France si vous n'indiquez rien d'autre" value={values.country} error={errors.country} maxLength={60} required={false} autocomplete="off" />
    </fieldset>
  );
}
