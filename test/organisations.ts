import { randomInt, randomUUID } from "node:crypto";
import type { Db } from "../src/platform/db/database.ts";
import type { MembershipStatus, Organisation } from "../src/platform/db/schema.ts";

const CREATED_AT = new Date("2026-03-01T09:00:00Z");

/** Appends the Luhn digit that makes the number valid. */
function withLuhnKey(digits: string): string {
  for (let key = 0; key <= 9; key++) {
    const candidate = digits + key;
    let sum = 0;
    for (let index = 0; index < candidate.length; index++) {
      let digit = Number(candidate[candidate.length - 1 - index]);
      if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

/** A random SIRET whose SIREN and SIRET keys are both right (never a La Poste one). */
export function randomSiret(): string {
  const siren = withLuhnKey(String(randomInt(10_000_000, 99_999_999)));
  return withLuhnKey(siren + String(randomInt(0, 9999)).padStart(4, "0"));
}

/** A random client number of 6 digits, as the register holds it (no leading zero). */
export function randomClientNumber(): string {
  return String(randomInt(100_000, 999_999));
}

export interface RegisterEntryFields {
  clientNumber?: string;
  siret?: string;
  name?: string;
  legalRepresentative?: string;
  addressLine?: string;
  postalCode?: string;
  communeName?: string;
  communeInseeCode?: string | null;
}

/**
 * A line of the operator's register, as an import would write it. A random client number (one in
 * 900,000) meets another test's now and then: another is drawn then, so the line is always written.
 */
export async function buildRegisterEntry(db: Db, fields: RegisterEntryFields = {}) {
  for (let attempt = 0; ; attempt += 1) {
    const entry = await insertRegisterEntry(db, fields);
    if (entry) return entry;
    if (fields.clientNumber !== undefined || attempt === 9) throw new Error(`Ligne du registre déjà présente : numéro client ${fields.clientNumber ?? "tiré au hasard"} ou SIRET pris.`);
  }
}

async function insertRegisterEntry(db: Db, fields: RegisterEntryFields) {
  const clientNumber = fields.clientNumber ?? randomClientNumber();
  const siret = fields.siret ?? randomSiret();
  return db
    .insertInto("organisationsRegister")
    .values({
      clientNumber,
      clientNumberAsTyped: clientNumber.padStart(8, "0"),
      siret,
      siren: siret.slice(0, 9),
      name: fields.name ?? "COMMUNE D'EUS",
      legalRepresentative: fields.legalRepresentative ?? "Monsieur le Maire",
      addressLine: fields.addressLine ?? "1 place de la Mairie",
      postalCode: fields.postalCode ?? "66500",
      communeInseeCode: fields.communeInseeCode === undefined ? "66074" : fields.communeInseeCode,
      communeName: fields.communeName ?? "Eus",
      createdAt: CREATED_AT,
      importedAt: CREATED_AT,
      importBatchId: randomUUID(),
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** An organisation already on the portal (created from a register line), with no member yet. */
export async function buildOrganisation(db: Db, fields: RegisterEntryFields = {}): Promise<Organisation> {
  const entry = await buildRegisterEntry(db, fields);
  return db
    .insertInto("organisations")
    .values({
      registerId: entry.id,
      clientNumber: entry.clientNumber,
      siret: entry.siret,
      siren: entry.siren,
      name: entry.name,
      addressStreet: entry.addressLine,
      postalCode: entry.postalCode,
      communeInseeCode: entry.communeInseeCode,
      communeName: entry.communeName,
      addressRecipient: null,
      addressBuilding: null,
      addressDistribution: null,
      country: null,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      updatedBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Makes the account a member of the organisation (active unless told), optionally its administrator. */
export async function addMember(
  db: Db,
  organisation: { id: string },
  account: { id: string },
  fields: { status?: MembershipStatus; isAdmin?: boolean; function?: string | null; email?: string | null; phone?: string | null } = {},
) {
  const status = fields.status ?? "active";
  return db
    .insertInto("memberships")
    .values({
      organisationId: organisation.id,
      accountId: account.id,
      status,
      isAdmin: fields.isAdmin ?? false,
      function: fields.function ?? null,
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      createdAt: CREATED_AT,
      decidedAt: status === "pending" ? null : CREATED_AT,
      decidedBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
