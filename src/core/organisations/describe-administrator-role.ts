import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { addressLines } from "../../platform/letters/letters.ts";
import { CODE_MAX_ATTEMPTS } from "./activation-code.ts";
import { legalRepresentativeAddress } from "./administrator-letter.ts";
import { findRegisterEntryOf } from "./queries/organisations.ts";
import { listCodesOf, type CodeWithLetter } from "./queries/administrators.ts";
import { listAdministrators } from "./queries/organisations.ts";

export type AdministratorRole =
  /** The person administers the organisation. */
  | { kind: "administrator" }
  /** Someone else does: they validate the person's requests. */
  | { kind: "taken"; administrators: { civility: string; firstName: string; lastName: string }[] }
  /** Nobody does. `letter`: the person's latest code, if any, with its letter's state. */
  | { kind: "open"; destination: string[] | null; latest: (CodeWithLetter & { live: boolean; expired: boolean; attemptsLeft: number }) | null };

/** What the "Rôle d'administrateur" page shows the person, for an organisation they belong to. */
export async function describeAdministratorRole(
  deps: { db: Db; clock: Clock },
  input: { organisationId: string; accountId: string; isAdmin: boolean; active: boolean },
): Promise<AdministratorRole> {
  if (input.isAdmin) return { kind: "administrator" };
  const administrators = await listAdministrators(deps.db, input.organisationId);
  // Their names are for validated members: anyone who knows the SIRET may ask to join.
  if (administrators.length > 0) return { kind: "taken", administrators: input.active ? administrators : [] };
  const entry = await findRegisterEntryOf(deps.db, input.organisationId);
  const [code] = await listCodesOf(deps.db, input.organisationId, input.accountId);
  const now = deps.clock.now();
  return {
    kind: "open",
    destination: entry ? addressLines(legalRepresentativeAddress(entry)) : null,
    latest: code
      ? {
          ...code,
          live: code.usedAt === null && code.cancelledAt === null,
          expired: code.expiresAt <= now,
          attemptsLeft: Math.max(0, CODE_MAX_ATTEMPTS - code.attempts),
        }
      : null,
  };
}
