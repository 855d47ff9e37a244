import { Radios, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues } from "../../ui/context.ts";
import { NAME_MAX_LENGTH } from "./identifiers.ts";

/** How the interface names each civility. */
export const civilityLabels: Record<string, string> = { Mme: "Madame", "M.": "Monsieur" };

/** Civilité, Nom, Prénom: the same fields at registration and in "Mes informations". */
export function IdentityFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <Radios
        name="civility"
        legend="Civilité"
        inline
        options={Object.entries(civilityLabels).map(([value, label]) => ({ value, label }))}
        value={values.civility}
        error={errors.civility}
      />
      <TextInput name="lastName" label="Nom" value={values.lastName} error={errors.lastName} autocomplete="family-name" maxLength={NAME_MAX_LENGTH} />
      <TextInput name="firstName" label="Prénom" value={values.firstName} error={errors.firstName} autocomplete="given-name" maxLength={NAME_MAX_LENGTH} />
    </>
  );
}

/** "Identifiant ou adresse électronique": how a person names their account when logged out. */
export function LoginInput({ value, error }: { value?: string | undefined; error?: string | undefined }) {
  return (
    <TextInput name="login" label="Identifiant ou adresse électronique" value={value} error={error} autocomplete="username" maxLength={254} spellcheck={false} />
  );
}
