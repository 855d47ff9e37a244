import type { Db } from "../../platform/db/database.ts";
import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import { checkSiret } from "../../platform/french/siret.ts";
import { stripSeparators } from "../../platform/french/check.ts";
import { normaliseClientNumber } from "./client-number.ts";
import { findRegisterEntry, listRegisterEntriesBySiret } from "./queries/register.ts";

export type AttachBy = "client" | "siret";

export type AttachLookup = { ok: true; entry: OrganisationsRegisterEntry } | { ok: false; message: string };

/**
 * Finds the register line a person means by the number printed on their documents: the client
 * number ("code tiers", leading zeros optional as seed 002 warns) or the SIRET. Only
 * organisations of the operator's register can be attached: the administrator's code goes by
 * post to the address the operator holds, never to one typed by the person asking.
 */
export async function findOrganisationToAttach(db: Db, by: AttachBy, typed: string): Promise<AttachLookup> {
  if (by === "client") {
    const formatError = clientNumberFormatError(typed);
    if (formatError !== null) return { ok: false, message: formatError };
    const clientNumber = normaliseClientNumber(stripSeparators(typed))!;
    const entry = await findRegisterEntry(db, clientNumber);
    if (!entry) {
      return {
        ok: false,
        message: "Aucune structure ne porte ce numéro client. Vérifiez-le sur vos courriers (contrats, échéanciers…) ; les zéros placés devant le numéro peuvent être omis.",
      };
    }
    return { ok: true, entry };
  }
  const siret = checkSiret(typed);
  if (!siret.ok) return siret;
  // Two are enough to know the SIRET is ambiguous.
  const entries = await listRegisterEntriesBySiret(db, siret.value, 2);
  if (entries.length === 0) {
    return { ok: false, message: "Aucune structure cliente ne porte ce numéro SIRET. Essayez avec votre numéro client, ou contactez-nous." };
  }
  if (entries.length > 1) {
    return { ok: false, message: "Plusieurs numéros client correspondent à ce SIRET : rattachez-vous avec le numéro client figurant sur vos courriers." };
  }
  return { ok: true, entry: entries[0]! };
}

/** What is wrong with a typed client number's form, before any lookup: it says nothing about the register. */
export function clientNumberFormatError(typed: string): string | null {
  if (typed === "") return "Saisissez le numéro client de votre structure.";
  if (normaliseClientNumber(stripSeparators(typed)) === null) return "Le numéro client ne doit comporter que des chiffres.";
  return null;
}
