import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { checkIdentity, IDENTIFIER_PATTERN, isValidEmail, normalizeLogin } from "../accounts/identifiers.ts";
import * as accounts from "../accounts/queries.ts";
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LIFETIME_MS } from "./generate-temporary-password.ts";

export interface PlatformAdminInput {
  identifier: string;
  email: string;
  /** The accounts table needs a civility and names; an operator may leave them to the defaults. */
  civility?: string;
  lastName?: string;
  firstName?: string;
}

export const DEFAULT_ADMIN_NAMES = { civility: "M." as Civility, lastName: "Administrateur", firstName: "Portail" };

/**
 * Creates an active platform administrator with a temporary password (valid 24 hours, to be
 * replaced at the first login), under the same identifier and address rules as registration.
 * Throws a FormError keyed by option name on bad input or when the identifier or address is taken.
 */
export async function createPlatformAdmin(
  deps: { db: Db; clock: Clock },
  input: PlatformAdminInput,
  context: { actorId?: string | null; via?: string } = {},
): Promise<{ identifier: string; email: string; password: string; expiresAt: Date }> {
  const civility = input.civility ?? DEFAULT_ADMIN_NAMES.civility;
  const lastName = input.lastName ?? DEFAULT_ADMIN_NAMES.lastName;
  const firstName = input.firstName ?? DEFAULT_ADMIN_NAMES.firstName;
  const errors: Record<string, string> = {};
  if (input.identifier === "") errors.identifier = "Indiquez un identifiant.";
  else if (!IDENTIFIER_PATTERN.test(input.identifier))
    errors.identifier = "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).";
  if (input.email === "") errors.email = "Indiquez une adresse électronique.";
  else if (!isValidEmail(input.email)) errors.email = "L'adresse électronique n'est pas valide (exemple : nom@exemple.fr).";
  Object.assign(errors, checkIdentity({ civility, lastName, firstName }, "other"));
  if (errors.civility) errors.civility = "La civilité doit être « M. » ou « Mme ».";
  if (Object.keys(errors).length > 0 || (civility !== "M." && civility !== "Mme")) throw new FormError(errors);

  if (await accounts.findAccountByIdentifier(deps.db, normalizeLogin(input.identifier)))
    throw new FormError({ identifier: `L'identifiant « ${input.identifier} » est déjà utilisé.` });
  if (await accounts.findAccountByEmail(deps.db, normalizeLogin(input.email)))
    throw new FormError({ email: `Un compte existe déjà avec l'adresse ${input.email}.` });

  const password = generateTemporaryPassword(input.identifier);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_LIFETIME_MS);
  const created = await deps.db.transaction().execute(async (db) => {
    const account = await accounts.insertAccount(db, {
      identifier: input.identifier,
      email: input.email,
      civility,
      lastName,
      firstName,
      passwordHash,
      role: "platform_admin",
      status: "active",
      mustChangePassword: true,
      temporaryPasswordExpiresAt: expiresAt,
      termsAcceptedAt: now,
      activatedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (!account) return null;
    await audit(db, deps.clock, {
      event: "account.created_by_admin",
      accountId: account.id,
      actorId: context.actorId ?? null,
      details: { role: "platform_admin", temporaryPasswordExpiresAt: expiresAt.toISOString(), ...(context.via ? { via: context.via } : {}) },
    });
    return account;
  });
  // Taken between the checks above and the insert: the unique indexes had the last word.
  if (!created) throw new FormError({ identifier: "L'identifiant ou l'adresse électronique vient d'être pris par un autre compte." });
  return { identifier: created.identifier, email: created.email, password, expiresAt };
}
