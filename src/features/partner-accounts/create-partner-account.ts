import { audit } from "../../platform/audit.ts";
import { DAY, type Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Civility } from "../../platform/db/schema.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Letters } from "../../platform/letters/letters.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { generateTemporaryPassword } from "../../core/accounts/generate-temporary-password.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import { generatePartnerIdentifier, normalizeUserNumber } from "../../core/accounts/partner-identifier.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { userNumberTaken } from "../../core/accounts/queries/partners.ts";
import { firstPasswordLetter } from "./letters.ts";
import { checkPartnerInput, type PartnerInput } from "./partner-input.ts";

/** A temporary password that travels by post lives 30 days, not 24 hours. */
export const POSTAL_PASSWORD_LIFETIME_MS = 30 * DAY;

/** The numbers of identifiers tried before giving up: a million identifiers, taken ones retried. */
const IDENTIFIER_TRIES = 20;

const optional = (value: string) => (value.trim() === "" ? null : value.trim());

/**
 * Creates a partner account (seed 004, "Mon Compte Partenaire"), as an operator does on the
 * administration page or the command line: a generated LOG identifier, active at once, with a
 * temporary password valid 30 days that only the letter carries (to the postal address given),
 * to be replaced at the first login. Throws a FormError keyed by field on bad input, or when the
 * address or the user number already has an account. Returns the identifier and the letter's id.
 */
export async function createPartnerAccount(
  deps: { db: Db; clock: Clock; config: Config; letters: Letters },
  input: PartnerInput,
  context: { actorId?: string | null; ip?: string | null; via: "admin" | "cli" | "demo" },
): Promise<{ id: string; identifier: string; userNumber: string; email: string; letterId: string; expiresAt: Date }> {
  const errors = checkPartnerInput(input);
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  const userNumber = normalizeUserNumber(input.userNumber);
  if (await userNumberTaken(deps.db, userNumber)) throw new FormError({ userNumber: `Le numéro utilisateur ${userNumber} a déjà un compte partenaire.` });
  if (await accounts.findAccountByEmail(deps.db, normalizeLogin(input.email))) throw new FormError({ email: `Un compte existe déjà avec l'adresse ${input.email}.` });

  let identifier = generatePartnerIdentifier();
  for (let tries = 1; await accounts.findAccountByIdentifier(deps.db, identifier.toLowerCase()); tries++) {
    if (tries >= IDENTIFIER_TRIES) throw new Error("No free partner identifier found");
    identifier = generatePartnerIdentifier();
  }
  const password = generateTemporaryPassword(identifier);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + POSTAL_PASSWORD_LIFETIME_MS);

  const created = await deps.db.transaction().execute(async (db) => {
    const account = await accounts.insertAccount(db, {
      kind: "partner",
      identifier,
      userNumber,
      email: input.email,
      civility: input.civility as Civility,
      lastName: input.lastName,
      firstName: input.firstName,
      postalDetail: optional(input.postalDetail),
      postalComplement: optional(input.postalComplement),
      postalStreet: input.postalStreet,
      postalDistribution: optional(input.postalDistribution),
      postalCode: input.postalCode,
      postalCommune: input.postalCommune,
      postalCountry: optional(input.postalCountry),
      passwordHash,
      role: "applicant",
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
    const letter = await deps.letters.queue(db, firstPasswordLetter(deps.config, account, { password, expiresAt }));
    await accounts.updateAccount(db, account.id, { postalPasswordLetterId: letter.id });
    await audit(db, deps.clock, {
      event: "account.created_by_admin",
      accountId: account.id,
      actorId: context.actorId ?? null,
      ip: context.ip ?? null,
      details: { kind: "partner", userNumber, letterId: letter.id, temporaryPasswordExpiresAt: expiresAt.toISOString(), via: context.via },
    });
    return { account, letterId: letter.id };
  });
  // Taken between the checks and the insert: the unique indexes had the last word.
  if (!created) throw new FormError({ email: "L'adresse électronique, le numéro utilisateur ou l'identifiant vient d'être pris par un autre compte : recommencez." });
  return { id: created.account.id, identifier, userNumber, email: created.account.email, letterId: created.letterId, expiresAt };
}
