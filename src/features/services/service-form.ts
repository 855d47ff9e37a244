import type { FieldErrors } from "../../ui/context.ts";
import type { GrantDecider } from "../../platform/db/schema.ts";

/** The fields of the service form, as `readForm` returns them. */
export const serviceFields = [
  "name",
  "slug",
  "tileLabel",
  "description",
  "url",
  "requiresOrganisation",
  "requiresFunction",
  "grantedBy",
  "termsText",
] as const;

export type ServiceForm = Record<(typeof serviceFields)[number], string>;

export const grantedByLabels: Record<GrantDecider, string> = {
  automatic: "Automatique",
  organisation_admin: "L'administrateur de la structure",
  platform_admin: "Un administrateur du portail",
};

export const serviceLabels: Record<string, string> = {
  name: "Nom du service",
  slug: "Nom dans l'adresse",
  tileLabel: "Libellé de la tuile",
  description: "Description",
  url: "Adresse du service",
  requiresOrganisation: "Rattachement à une structure",
  requiresFunction: "Fonction au sein de la structure",
  grantedBy: "Qui accorde l'habilitation",
  termsText: "Conditions particulières d'utilisation",
  confirmation: "Confirmation",
};

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const TERMS_MAX_LENGTH = 50_000;

const limits = { name: 120, slug: 60, tileLabel: 60, description: 1000, url: 500 };

export interface ServiceFields {
  name: string;
  slug: string;
  tileLabel: string;
  description: string;
  url: string;
  requiresOrganisation: boolean;
  requiresFunction: boolean;
  grantedBy: GrantDecider;
}

/**
 * Checks the service form (the terms are checked only when `withTerms`: once created, they change
 * through a new version). Returns the typed fields, or the errors in the form's order.
 */
export function checkServiceForm(form: ServiceForm, options: { withTerms: boolean }): { fields: ServiceFields; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const required = (name: keyof typeof limits, message: string) => {
    if (!form[name]) errors[name] = message;
    else if (form[name].length > limits[name]) errors[name] = `${limitMessage(name)} ${limits[name]} caractères au maximum.`;
  };
  required("name", "Indiquez le nom du service.");
  required("slug", "Indiquez le nom du service dans l'adresse.");
  if (!errors.slug && !SLUG_PATTERN.test(form.slug))
    errors.slug = "Le nom dans l'adresse ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple « mes-prets-en-ligne ».";
  required("tileLabel", "Indiquez le libellé de la tuile du tableau de bord.");
  required("description", "Indiquez la description du service.");
  required("url", "Indiquez l'adresse du service.");
  if (!errors.url && !isWebAddress(form.url)) errors.url = "Indiquez une adresse commençant par https:// ou http://, par exemple https://prets.exemple.fr.";

  const requiresOrganisation = form.requiresOrganisation === "oui";
  const requiresFunction = form.requiresFunction === "oui";
  if (requiresFunction && !requiresOrganisation)
    errors.requiresFunction = "La fonction au sein de la structure ne peut être exigée que si le service nécessite le rattachement à une structure.";
  const grantedBy = form.grantedBy in grantedByLabels ? (form.grantedBy as GrantDecider) : null;
  if (!grantedBy) errors.grantedBy = "Indiquez qui accorde l'habilitation.";
  else if (grantedBy === "organisation_admin" && !requiresOrganisation)
    errors.grantedBy = "L'administrateur de la structure ne peut accorder l'habilitation que si le service nécessite le rattachement à une structure.";
  if (options.withTerms) {
    const termsError = checkTermsText(form.termsText);
    if (termsError) errors.termsText = termsError;
  }
  return {
    fields: {
      name: form.name,
      slug: form.slug,
      tileLabel: form.tileLabel,
      description: form.description,
      url: form.url,
      requiresOrganisation,
      requiresFunction,
      grantedBy: grantedBy ?? "automatic",
    },
    errors,
  };
}

export function checkTermsText(text: string): string | null {
  if (!text) return "Indiquez le texte des conditions particulières d'utilisation.";
  if (text.length > TERMS_MAX_LENGTH) return `Les conditions particulières d'utilisation comptent ${TERMS_MAX_LENGTH.toLocaleString("fr-FR")} caractères au maximum.`;
  return null;
}

function limitMessage(name: keyof typeof limits) {
  const subjects = { name: "Le nom compte", slug: "Le nom dans l'adresse compte", tileLabel: "Le libellé compte", description: "La description compte", url: "L'adresse compte" };
  return subjects[name];
}

function isWebAddress(value: string): boolean {
  if (!/^https?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Blank lines separate the paragraphs of the terms. */
export function termsParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
}
