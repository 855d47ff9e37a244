import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { AccountRole, Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { looksLikePartnerIdentifier, PARTNER_SHAPE_RESERVED } from "./partner-identifier.ts";
import { checkIdentity, IDENTIFIER_PATTERN, isValidEmail, normalizeLogin } from "./identifiers.ts";
import * as accounts from "./queries/accounts.ts";
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LIFETIME_MS } from "./generate-temporary-password.ts";

/**
 * Accounts an operator creates (platform admins, case workers): same identifier and address
 * rules as registration, active at once, with a temporary password valid 24 hours.
 */
export interface StaffAccount {
  identifier: string;
  email: string;
  civility: string;
  lastName: string;
  firstName: string;
}

/** The problems of the identifier, address and names, keyed by field, in French. */
export function checkStaffAccount(input: StaffAccount): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.identifier === "") errors.identifier = "Indiquez un identifiant.";
  else if (!IDENTIFIER_PATTERN.test(input.identifier))
    errors.identifier = "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).";
  else if (looksLikePartnerIdentifier(input.identifier)) errors.identifier = PARTNER_SHAPE_RESERVED;
  if (input.email === "") errors.email = "Indiquez une adresse électronique.";
  else if (!isValidEmail(input.email)) errors.email = "L'adresse électronique n'est pas valide (exemple : nom@exemple.fr).";
  Object.assign(errors, checkIdentity(input, "other"));
  if (errors.civility || (input.civility !== "M." && input.civility !== "Mme")) errors.civility = "La civilité doit être « M. » ou « Mme ».";
  return errors;
}

/** Throws a FormError when the identifier or the address already has an account. */
export async function assertStaffAccountFree(db: Db, input: Pick<StaffAccount, "identifier" | "email">): Promise<void> {
  if (await accounts.findAccountByIdentifier(db, normalizeLogin(input.identifier)))
    throw new FormError({ identifier: `L'identifiant « ${input.identifier} » est déjà utilisé.` });
  if (await accounts.findAccountByEmail(db, normalizeLogin(input.email)))
    throw new FormError({ email: `Un compte existe déjà avec l'adresse ${input.email}.` });
}

/** A new temporary password, its hash and its expiry, hashed before any transaction opens. */
export async function newTemporaryPassword(clock: Clock, identifier: string) {
  const password = generateTemporaryPassword(identifier);
  const passwordHash = await hashPassword(password);
  const now = clock.now();
  return { password, passwordHash, now, expiresAt: new Date(now.getTime() + TEMPORARY_PASSWORD_LIFETIME_MS) };
}

/** Inserts the account; undefined when the identifier or address was taken meanwhile. */
export async function insertStaffAccount(
  db: Db,
  input: StaffAccount & { role: AccountRole },
  temporary: { passwordHash: string; now: Date; expiresAt: Date },
) {
  const { now } = temporary;
  return accounts.insertAccount(db, {
    identifier: input.identifier,
    email: input.email,
    civility: input.civility as Civility,
    lastName: input.lastName,
    firstName: input.firstName,
    passwordHash: temporary.passwordHash,
    role: input.role,
    status: "active",
    mustChangePassword: true,
    temporaryPasswordExpiresAt: temporary.expiresAt,
    termsAcceptedAt: now,
    activatedAt: now,
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
}

/** Said when the unique indexes had the last word between the checks and the insert. */
export const STAFF_ACCOUNT_TAKEN = "L'identifiant ou l'adresse électronique vient d'être pris par un autre compte.";
