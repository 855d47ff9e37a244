import type { Clock } from "../../platform/clock.ts";
import type { ProcedureStatus } from "../../platform/db/schema.ts";
import type { ProcedureDefinition } from "./definition/schema.ts";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today in Europe/Paris, "AAAA-MM-JJ": the day deadlines and notices' dates are read against. */
export function parisToday(clock: Clock): string {
  return dayFormat.format(clock.now());
}

export type Openness = { open: true } | { open: false; reason: "closed" } | { open: false; reason: "deadline"; deadline: string };

/**
 * Whether new requests may be started: the procedure is published and its `date_limite`, when
 * it has one, is today or later (the last day is included).
 */
export function procedureOpenness(status: ProcedureStatus, definition: Pick<ProcedureDefinition, "date_limite">, today: string): Openness {
  if (status !== "published") return { open: false, reason: "closed" };
  if (definition.date_limite !== undefined && definition.date_limite < today) return { open: false, reason: "deadline", deadline: definition.date_limite };
  return { open: true };
}

const frenchDayFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "2027-09-30" → "30 septembre 2027". */
export function frenchDay(day: string): string {
  return frenchDayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** Who may file, in a sentence for the catalogue (`serviceName`: the grant's service, when the procedure names one). */
export function applicantSentence(applicant: ProcedureDefinition["déposant"], serviceName?: string): string {
  if (applicant.type === "personne") return "Toute personne, avec un compte sur le portail, pour elle-même.";
  if (applicant.service) return `Un membre validé d'une structure, habilité au service « ${serviceName ?? applicant.service} », pour sa structure.`;
  return "Un membre validé d'une structure (association, commune, bailleur…), pour sa structure.";
}

/** Who may file, in two words for a list. */
export const applicantShort = { personne: "Particuliers", "membre-structure": "Structures" } as const;
