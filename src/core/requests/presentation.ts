/**
 * How a request reads to its applicant, as text: statuses in words, answers as sentences, dates
 * and durations. Shared by the pages and the PDFs, so both say the same thing.
 */
import type { RequestStatus } from "../../platform/db/schema.ts";
import { shownAnswers } from "../procedures/answers/check-answers.ts";
import { conditionHolds } from "../procedures/answers/conditions.ts";
import type { AnswerValue, Answers, LeafValue } from "../procedures/answers/values.ts";
import type { AnswerableLeafField, Field, ProcedureDefinition } from "../procedures/definition/schema.ts";
import { formatAnswer } from "./fields/index.ts";
import { askEventLabels } from "./ask-event-labels.ts";
import { paymentEventLabels } from "./payment-event-labels.ts";
import { renewalEventLabels } from "./renewal-event-labels.ts";
import type { RequestEventType } from "./event-types.ts";

export const statusLabels: Record<RequestStatus, string> = {
  draft: "Brouillon",
  filed: "Déposée",
  in_instruction: "Prise en charge",
  accepted: "Acceptée",
  refused: "Refusée",
  closed: "Classée sans suite",
  abandoned: "Abandonnée",
  expired: "Expirée",
};

/** What each history event says to the applicant. */
export const eventLabels: Record<RequestEventType, string> = {
  "request.created": "Demande créée",
  "request.filed": "Demande déposée",
  "request.taken": "Demande prise en charge",
  // Never shown to the applicant (visible_to_applicant is false): the agents' own business.
  "request.assigned": "Demande attribuée à un agent",
  "request.accepted": "Demande acceptée",
  "request.refused": "Demande refusée",
  "request.closed": "Demande classée sans suite",
  "request.abandoned": "Demande abandonnée",
  // Messagerie (src/features/request-messages); internal notes are never in the applicant's history.
  "message.from_applicant": "Message envoyé au service instructeur",
  "message.to_applicant": "Message reçu du service instructeur",
  // Never shown to the applicant (visible_to_applicant is false), labelled all the same.
  "message.internal_note": "Note interne du service instructeur",
  "request.attached": "Demande rattachée à un compte",
  "document.provided": "Pièce justificative ajoutée",
  "document.replaced": "Pièce justificative remplacée",
  "document.removed": "Pièce justificative retirée",
  // Demandes de modification et de pièces (src/features/request-asks).
  ...askEventLabels,
  // Versements de l'aide accordée (src/features/request-payments).
  ...paymentEventLabels,
  // Mises à jour, renouvellements et expiration (issue 12).
  ...renewalEventLabels,
};

/** A history line of a kind this version no longer writes: said in words, never as its code. */
export const UNKNOWN_EVENT_LABEL = "Autre événement de la demande";

/** The applicant's words for a history line (every kind written has its label, see eventLabels). */
export function eventLabel(event: string): string {
  return eventLabels[event as RequestEventType] ?? UNKNOWN_EVENT_LABEL;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days since a date ("ancienneté"): 0 the day it was created. */
export function daysSince(date: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - date.getTime()) / DAY_MS));
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });
const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/** "2 mars 2026". */
export const formatDay = (date: Date) => dateFormat.format(date);
/** "2 mars 2026 à 10:00". */
export const formatDateTime = (date: Date) => dateTimeFormat.format(date);

/**
 * One answer in words, as the step's summary writes it ("650,50 €", "3 octobre 2026",
 * "Cahors (46000)"); ticked boxes by their labels rather than their stored values.
 */
export function leafText(field: AnswerableLeafField, value: LeafValue): string {
  if (field.type === "cases-a-cocher" && Array.isArray(value)) return value.map((valeur) => field.options.find((option) => option.valeur === valeur)?.libellé ?? valeur).join(", ");
  return formatAnswer(field, value);
}

/** A step's answers as label / text rows; group items come as numbered rows of their sub-fields. */
export interface AnswerRow {
  label: string;
  text: string;
  /** Rows of one item of a repeatable group are indented under its heading. */
  level: 0 | 1;
}

/** One field's answer as rows (a group: its count, then each item's sub-fields); shared with the official form. */
export function fieldRows(field: Field, value: AnswerValue | undefined): AnswerRow[] {
  if (field.type === "explication") return [];
  if (field.type === "groupe") {
    const items = Array.isArray(value) ? (value as Record<string, LeafValue>[]) : [];
    if (items.length === 0) return [{ label: field.libellé, text: "Non renseigné", level: 0 }];
    const rows: AnswerRow[] = [{ label: field.libellé, text: `${items.length} ${items.length > 1 ? "éléments" : "élément"}`, level: 0 }];
    items.forEach((item, index) => {
      rows.push({ label: `${field.libellé_élément ?? "Élément"} ${index + 1}`, text: "", level: 1 });
      for (const sub of field.sous_champs) {
        if (sub.type === "explication") continue;
        const subValue = item[sub.id];
        if (subValue === undefined) continue;
        rows.push({ label: sub.libellé, text: leafText(sub, subValue), level: 1 });
      }
    });
    return rows;
  }
  return [{ label: field.libellé, text: value === undefined ? "Non renseigné" : leafText(field, value as LeafValue), level: 0 }];
}

/** Every shown step with its shown fields' answers (hidden steps and fields are left out). */
export function answersByStep(definition: ProcedureDefinition, answers: Answers) {
  const shown = shownAnswers(definition, answers);
  const answerOf = (id: string) => shown[id];
  return definition.étapes
    .filter((step) => conditionHolds(step.condition, answerOf))
    .map((step) => ({
      step,
      rows: step.champs.filter((field) => conditionHolds(field.condition, answerOf)).flatMap((field) => fieldRows(field, shown[field.id])),
    }));
}
