import type { Db } from "../../platform/db/database.ts";
import type { Civility, Sex } from "../../platform/db/schema.ts";
import { findCommune } from "../../platform/french/communes.ts";
import { findCountry } from "../../platform/french/countries.ts";
import { findCivilIdentityRow } from "./queries/identity.ts";

/** What the portal knows of a person's civil identity, with the names of the birth place. */
export interface CivilIdentity {
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  /** "1984-12-03", or null when not given. */
  birthDate: string | null;
  /** INSEE code of the commune of birth ("76451", "2A004"); null when born abroad or not given. */
  birthCommuneCode: string | null;
  /** The commune's name in the official list ("Mont-Saint-Aignan"), null when unknown. */
  birthCommuneName: string | null;
  /** INSEE country code, "99100" for France. */
  birthCountryCode: string | null;
  /** "France", "Maroc"; null when not given. */
  birthCountryName: string | null;
  sex: Sex | null;
  /** NIR, 15 characters without spaces. */
  nir: string | null;
  /** Names, birth date and place and sex came from FranceConnect: they may not be changed. */
  verified: boolean;
}

/**
 * Reads an account's civil identity, for "Mon compte" and to prefill a procedure's fields
 * ("dites-le-nous une fois"); undefined when the account does not exist.
 */
export async function findCivilIdentity(db: Db, accountId: string): Promise<CivilIdentity | undefined> {
  const row = await findCivilIdentityRow(db, accountId);
  return row ? civilIdentityOf(row) : undefined;
}

/** The identity of the account's columns, with the names of its birth place (a query that read them with something else). */
export function civilIdentityOf(row: NonNullable<Awaited<ReturnType<typeof findCivilIdentityRow>>>): CivilIdentity {
  const { identityVerifiedAt, ...identity } = row;
  return {
    ...identity,
    birthCommuneName: row.birthCommuneCode ? (findCommune(row.birthCommuneCode)?.nom ?? null) : null,
    birthCountryName: row.birthCountryCode ? (findCountry(row.birthCountryCode)?.name ?? null) : null,
    verified: identityVerifiedAt !== null,
  };
}
