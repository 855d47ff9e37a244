import type { Clock } from "../clock.ts";
import type { Db } from "../db/database.ts";
import type { LetterBlock } from "../db/schema.ts";
import type { Jobs } from "../jobs.ts";
import { outboxProvider, type LetterProvider } from "./providers.ts";
import { insertLetter } from "./queries.ts";

export type { LetterBlock };

/**
 * A French postal address in the lines of standard NF Z10-011 (La Poste), as printed in the
 * envelope's window. Optional lines are left out of the letter when empty.
 */
export interface PostalAddress {
  /** Line 1: the person ("Madame Jeanne Dupont") or the organisation ("Association Les Amis du Lac"). */
  name: string;
  /** Line 2: the person within the organisation, a service, an apartment or floor. */
  detail?: string | null;
  /** Line 3: entrance, building, residence. */
  complement?: string | null;
  /** Line 4: number and street ("12 rue des Lilas"). */
  street: string;
  /** Line 5: BP, lieu-dit or other delivery mention. */
  distribution?: string | null;
  /** Five digits for France. */
  postalCode: string;
  /** Commune, or distribution office ("TOULOUSE CEDEX 9"). */
  commune: string;
  /** Only for letters sent abroad; empty means France. */
  country?: string | null;
}

/** What a use case hands over: the letter's words; the portal adds sender, date, layout and footer. */
export interface LetterContent {
  to: PostalAddress;
  /** Printed after "Objet : ". */
  subject: string;
  body: LetterBlock[];
  /** Printed on the letter and shown in the outbox, so a letter can be traced back to its cause. */
  reference?: string | null;
}

/** La Poste reads at most 38 characters per address line (NF Z10-011). */
export const ADDRESS_LINE_MAX = 38;

const addressFields = ["name", "detail", "complement", "street", "distribution", "postalCode", "commune", "country"] as const;
type AddressField = (typeof addressFields)[number];

export class InvalidLetterError extends Error {
  constructor(readonly problems: Partial<Record<AddressField | "subject" | "body", string>>) {
    super(`Invalid letter: ${Object.entries(problems).map(([field, message]) => `${field}: ${message}`).join("; ")}`);
    this.name = "InvalidLetterError";
  }
}

/**
 * The rules an address must meet to be printed in the window, in French, by field: forms that
 * collect a postal address (organisations, representatives) check it with the same function.
 */
export function checkPostalAddress(address: PostalAddress): Partial<Record<AddressField, string>> {
  const problems: Partial<Record<AddressField, string>> = {};
  for (const field of addressFields) {
    const value = address[field]?.trim() ?? "";
    if (value.length > ADDRESS_LINE_MAX) problems[field] = `Cette ligne de l'adresse doit faire au plus ${ADDRESS_LINE_MAX} caractères.`;
    if (/[\r\n]/.test(value)) problems[field] = "Cette ligne de l'adresse doit tenir sur une seule ligne.";
  }
  if (!address.name.trim()) problems.name = "Le nom du destinataire est obligatoire.";
  if (!address.street.trim()) problems.street = "Le numéro et le libellé de la voie sont obligatoires.";
  if (!address.commune.trim()) problems.commune = "La commune est obligatoire.";
  const abroad = Boolean(address.country?.trim());
  if (!address.postalCode.trim()) problems.postalCode = "Le code postal est obligatoire.";
  else if (!abroad && !/^\d{5}$/.test(address.postalCode.trim())) problems.postalCode = "Le code postal doit comporter 5 chiffres.";
  // The sixth and seventh lines hold together on one line for the sorting machines.
  if (!problems.postalCode && !problems.commune && `${address.postalCode.trim()} ${address.commune.trim()}`.length > ADDRESS_LINE_MAX)
    problems.commune = `Le code postal et la commune doivent tenir ensemble en ${ADDRESS_LINE_MAX} caractères.`;
  return problems;
}

/** The address of a stored letter row. */
export function storedAddress(row: {
  recipientName: string;
  recipientDetail: string | null;
  recipientComplement: string | null;
  recipientStreet: string;
  recipientDistribution: string | null;
  recipientPostalCode: string;
  recipientCommune: string;
  recipientCountry: string | null;
}): PostalAddress {
  return {
    name: row.recipientName,
    detail: row.recipientDetail,
    complement: row.recipientComplement,
    street: row.recipientStreet,
    distribution: row.recipientDistribution,
    postalCode: row.recipientPostalCode,
    commune: row.recipientCommune,
    country: row.recipientCountry,
  };
}

/** The address lines as printed in the window: empty lines left out, line 6 in capitals without accents. */
export function addressLines(address: PostalAddress): string[] {
  const upper = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
  const lines = [address.name, address.detail, address.complement, address.street, address.distribution]
    .map((line) => line?.trim() ?? "")
    .filter((line) => line !== "");
  lines.push(upper(`${address.postalCode.trim()} ${address.commune.trim()}`));
  if (address.country?.trim()) lines.push(upper(address.country.trim()));
  return lines;
}

/** What use cases call: the letter is stored and its generation queued in the caller's transaction. */
export interface Letters {
  /**
   * Stores the letter and queues the job that renders it and hands it to the provider; both
   * happen only if the caller's transaction commits. Throws InvalidLetterError on an address
   * that cannot be printed, so nothing unprintable ever reaches the queue.
   */
  queue(db: Db, content: LetterContent): Promise<{ id: string }>;
  /** Who prints and posts them: the built-in outbox unless a print-and-post service is plugged in. */
  provider: LetterProvider;
}

export function createLetters(deps: { jobs: Jobs; clock: Clock; provider?: LetterProvider }): Letters {
  return {
    provider: deps.provider ?? outboxProvider,
    async queue(db, content) {
      const problems: InvalidLetterError["problems"] = checkPostalAddress(content.to);
      if (!content.subject.trim()) problems.subject = "L'objet du courrier est obligatoire.";
      if (content.body.length === 0) problems.body = "Le courrier doit avoir un contenu.";
      if (Object.keys(problems).length > 0) throw new InvalidLetterError(problems);
      const optional = (value: string | null | undefined) => value?.trim() || null;
      const letter = await insertLetter(db, {
        recipientName: content.to.name.trim(),
        recipientDetail: optional(content.to.detail),
        recipientComplement: optional(content.to.complement),
        recipientStreet: content.to.street.trim(),
        recipientDistribution: optional(content.to.distribution),
        recipientPostalCode: content.to.postalCode.trim(),
        recipientCommune: content.to.commune.trim(),
        recipientCountry: optional(content.to.country),
        subject: content.subject.trim(),
        body: JSON.stringify(content.body),
        reference: optional(content.reference),
        createdAt: deps.clock.now(),
      });
      await deps.jobs.enqueue("generate-letter", { letterId: letter.id }, db);
      return letter;
    },
  };
}
