import { extractText, getDocumentProxy } from "unpdf";
import type { Db } from "../src/platform/db/database.ts";

/**
 * Reads a partner letter's PDF as its recipient reads the paper: the identifier and, when the
 * letter carries one, the temporary password (each printed spaced out in its box).
 */
export async function credentialsFromPdf(pdf: Uint8Array): Promise<{ identifier: string; password: string | null; text: string }> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  const compact = text.replace(/\s/g, "");
  const identifier = /Identifiant(LOG\d{6}[A-Z])LOG,6chiffres/.exec(compact)?.[1];
  if (!identifier) throw new Error(`No identifier in the letter:\n${text}`);
  const password = /Motdepasseprovisoire(\S+?)Valablejusqu/.exec(compact)?.[1] ?? null;
  return { identifier, password, text };
}

/** Waits (up to 15 s) for the letter's PDF, rendered by the generate-letter job, and reads it. */
export async function credentialsFromLetter(db: Db, letterId: string) {
  for (let tries = 0; tries < 150; tries++) {
    const letter = await db.selectFrom("letters").select(["pdf"]).where("id", "=", letterId).executeTakeFirstOrThrow();
    if (letter.pdf) return credentialsFromPdf(letter.pdf);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Letter ${letterId} was never generated`);
}

/** The newest letter addressed to a partner account's user number (its reference). */
export async function latestPartnerLetter(db: Db, userNumber: string) {
  return db.selectFrom("letters").selectAll().where("reference", "=", `Utilisateur ${userNumber}`).orderBy("createdAt", "desc").orderBy("id", "desc").executeTakeFirst();
}

/** What an operator types on the admin page; the user number changes at each call. */
let counter = 0;
export function partnerForm(overrides: Record<string, string> = {}) {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}`.toUpperCase();
  return {
    civility: "Mme",
    lastName: "Lambert",
    firstName: "Odile",
    email: `odile.lambert.${suffix.toLowerCase()}@exemple.fr`,
    userNumber: `B${suffix}`.slice(0, 20),
    postalDetail: "",
    postalComplement: "Résidence Les Tilleuls",
    postalStreet: "12 rue des Lilas",
    postalDistribution: "",
    postalCode: "66500",
    postalCommune: "Prades",
    postalCountry: "",
    ...overrides,
  };
}

