import type { Civility, Sex } from "../../platform/db/schema.ts";
import { NAME_MAX_LENGTH } from "../../core/accounts/identifiers.ts";

/** FranceConnect's identity pivot, as Guichet keeps it. */
export interface PivotIdentity {
  /** All first names, space separated. */
  givenName: string;
  /** Birth name. */
  familyName: string;
  /** YYYY-MM-DD */
  birthdate: string;
  gender: "female" | "male";
  /** INSEE code of the commune of birth; "" when born abroad. */
  birthplace: string;
  /** INSEE code of the country of birth, 99100 for France. */
  birthcountry: string;
  email: string;
  /** Nom d'usage, "" when none. */
  preferredUsername: string;
}

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
// eslint-disable-next-line no-control-regex
const acceptableName = (value: string) => value !== "" && [...value].length <= NAME_MAX_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);

/** 'YYYY-MM-DD' naming a day that exists (Date.parse takes 1962-02-30 for 2 March; the database refuses it). */
function isExistingDay(value: string): boolean {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) : Number.NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The pivot read from FranceConnect's (verified) userinfo, or null when a claim is missing or malformed. */
export function readPivot(claims: Record<string, unknown>): PivotIdentity | null {
  const identity: PivotIdentity = {
    givenName: text(claims.given_name),
    familyName: text(claims.family_name),
    birthdate: text(claims.birthdate),
    gender: claims.gender === "female" ? "female" : "male",
    birthplace: text(claims.birthplace),
    birthcountry: text(claims.birthcountry),
    email: text(claims.email),
    preferredUsername: text(claims.preferred_username),
  };
  if (!acceptableName(identity.givenName) || !acceptableName(identity.familyName)) return null;
  if (claims.gender !== "female" && claims.gender !== "male") return null;
  if (!isExistingDay(identity.birthdate)) return null;
  if (!/^\d{5}$/.test(identity.birthcountry)) return null;
  // Born in France: a commune (2A/2B for Corsica); born abroad: none.
  if (identity.birthcountry === "99100" ? !/^(\d{5}|2[AB]\d{3})$/.test(identity.birthplace) : identity.birthplace !== "") return null;
  if ([...identity.preferredUsername].length > NAME_MAX_LENGTH || identity.email.length > 254) return null;
  return identity;
}

/** The account's columns written from the pivot: names, civility, birth data, sex. */
export function identityColumns(identity: PivotIdentity) {
  return {
    civility: (identity.gender === "female" ? "Mme" : "M.") as Civility,
    firstName: identity.givenName,
    lastName: identity.familyName,
    birthDate: identity.birthdate,
    birthCommuneCode: identity.birthplace === "" ? null : identity.birthplace,
    birthCountryCode: identity.birthcountry,
    sex: (identity.gender === "female" ? "F" : "M") as Sex,
  };
}
