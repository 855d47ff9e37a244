/**
 * Saved answers as the form a person would post to give them: the page renders every field from
 * a posted-form shape, whether it comes from the browser (a 422 re-render keeps what was typed)
 * or from the database. Posting this form back through `checkStep` gives the same answers.
 */
import { formatIban } from "../../../platform/french/iban.ts";
import { formatNir } from "../../../platform/french/nir.ts";
import { checkFrenchPhone } from "../../../platform/french/phone.ts";
import { formatSiret } from "../../../platform/french/siret.ts";
import type { AnswerableLeafField, Field } from "../../procedures/definition/schema.ts";
import type { AddressValue, Answers, CommuneValue, LeafValue, PostedForm } from "../../procedures/answers/values.ts";

/** The four inputs of a postal address, after the field's name (`adresse.code_postal`). */
export const ADDRESS_PARTS = ["ligne", "complement", "code_postal", "commune"] as const;

/** Input name of a group item's sub-field: `menage[0].nom`. */
export const itemInputName = (groupId: string, index: number, subId: string) => `${groupId}[${index}].${subId}`;

/** The form that gives these answers to these fields (a step's `champs`). */
export function answersToForm(fields: readonly Field[], answers: Answers): PostedForm {
  const form: PostedForm = {};
  for (const field of fields) {
    const answer = answers[field.id];
    if (field.type === "explication" || answer === undefined) continue;
    if (field.type === "groupe") {
      if (!Array.isArray(answer)) continue;
      answer.forEach((item, index) => {
        if (typeof item !== "object" || item === null || Array.isArray(item)) return;
        for (const sub of field.sous_champs) {
          const value = (item as Record<string, LeafValue>)[sub.id];
          if (sub.type !== "explication" && value !== undefined) writeLeaf(form, sub, itemInputName(field.id, index, sub.id), value);
        }
      });
      continue;
    }
    writeLeaf(form, field, field.id, answer as LeafValue);
  }
  return form;
}

function writeLeaf(form: PostedForm, field: AnswerableLeafField, name: string, value: LeafValue): void {
  switch (field.type) {
    case "adresse": {
      const address = value as AddressValue;
      form[`${name}.ligne`] = address.ligne;
      form[`${name}.complement`] = address.complément;
      form[`${name}.code_postal`] = address.codePostal;
      form[`${name}.commune`] = address.commune;
      return;
    }
    case "cases-a-cocher":
      form[name] = Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
      return;
    case "commune": {
      const commune = value as CommuneValue;
      // The département in brackets names it without doubt, as the hint tells people to type it.
      form[name] = `${commune.nom} (${commune.departement})`;
      return;
    }
    default:
      form[name] = leafText(field, value);
  }
}

/** A stored leaf value as a person would type it in its single input. */
function leafText(field: AnswerableLeafField, value: LeafValue): string {
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value === "number") return field.type === "montant" ? centsToInput(value) : String(value).replace(".", ",");
  if (typeof value !== "string") return "";
  switch (field.type) {
    case "date":
      return isoToFrench(value);
    case "telephone": {
      const phone = checkFrenchPhone(value);
      return phone.ok ? phone.value.national : value;
    }
    case "siret":
      return formatSiret(value);
    case "nir":
      return formatNir(value);
    case "iban":
      return formatIban(value);
    default:
      return value;
  }
}

/** 65050 → "650,50"; 65000 → "650": what people type, without the sign shown beside the input. */
export function centsToInput(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  const euros = Math.trunc(absolute / 100);
  const rest = absolute % 100;
  return `${sign}${euros}${rest === 0 ? "" : `,${String(rest).padStart(2, "0")}`}`;
}

/** "2026-10-03" → "03/10/2026". */
export function isoToFrench(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}
