/** Identifier rule of the registration form: 3–64 letters, digits, ".", "_" or "-". */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

/** Addresses: one @, a dotted domain, no spaces, 254 characters at most (RFC 5321). */
const EMAIL_PATTERN = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}

/** Lookups ignore case and surrounding spaces, as the unique indexes do. */
export function normalizeLogin(value: string): string {
  return value.trim().toLowerCase();
}

export const NAME_MAX_LENGTH = 100;

/** Civilité, Nom, Prénom: the same rules at registration, in "Mes informations" and for admins. */
export function checkIdentity(form: { civility: string; lastName: string; firstName: string }, who: "self" | "other" = "self"): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.civility !== "M." && form.civility !== "Mme") errors.civility = "Indiquez votre civilité.";
  return {
    ...errors,
    ...checkName("lastName", form.lastName, who === "self" ? "votre nom" : "le nom"),
    ...checkName("firstName", form.firstName, who === "self" ? "votre prénom" : "le prénom"),
  };
}

function checkName(field: string, value: string, what: string): Record<string, string> {
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (value === "") return { [field]: `Saisissez ${what}.` };
  if ([...value].length > NAME_MAX_LENGTH) return { [field]: `${What} doit contenir au plus ${NAME_MAX_LENGTH} caractères.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return { [field]: `${What} contient des caractères non autorisés.` };
  return {};
}
