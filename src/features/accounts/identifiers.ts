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
