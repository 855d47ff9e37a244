/**
 * "Ajouter une ligne" / "Supprimer cette ligne" without JavaScript: both are submit buttons named
 * `_groupe` (value `menage:ajouter` or `menage:supprimer:2`), so the step's form comes back with
 * everything typed so far; the page applies the action to the posted form and renders the step
 * again, without saving and without error messages.
 */
import { DEFAULT_GROUP_MAXIMUM, postedGroupIndexes } from "../../procedures/answers/check-answers.ts";
import type { GroupField, ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";
import type { PostedForm } from "../../procedures/answers/values.ts";
import { ADDRESS_PARTS, itemInputName } from "./form-values.ts";

/** Name of the group buttons' submitted value. */
export const GROUP_ACTION = "_groupe";

export const addRowValue = (group: { id: string }) => `${group.id}:ajouter`;
export const removeRowValue = (group: { id: string }, index: number) => `${group.id}:supprimer:${index}`;

/** Fewest and most items, as `checkStep` counts them. */
export function groupLimits(group: GroupField): { minimum: number; maximum: number } {
  return { minimum: group.minimum ?? (group.obligatoire ? 1 : 0), maximum: group.maximum ?? DEFAULT_GROUP_MAXIMUM };
}

/**
 * The rows a group shows: those posted (or saved), and blank ones up to its minimum, so that a
 * required group starts with a row to fill.
 */
export function groupRows(group: GroupField, form: PostedForm): number[] {
  const rows = postedGroupIndexes(group, form);
  const { minimum } = groupLimits(group);
  let next = rows.length > 0 ? Math.max(...rows) + 1 : 0;
  while (rows.length < minimum) rows.push(next++);
  return rows;
}

export interface GroupActionOutcome {
  /** A group button was pressed: render the step again with `form`, save nothing. */
  requested: boolean;
  /** The posted form with the row added or removed (rows renumbered from 0). */
  form: PostedForm;
  /** Input name (or group field name) to give the focus to on the new page (`autofocus`). */
  focus?: string;
}

/**
 * Applies the group button pressed, if any, to the posted form. Refuses quietly what the page
 * does not offer (adding beyond the maximum, removing below the minimum, an unknown group):
 * the form then comes back unchanged.
 */
export function applyGroupAction(definition: ProcedureDefinition, step: Step, posted: PostedForm): GroupActionOutcome {
  const raw = posted[GROUP_ACTION];
  const action = typeof raw === "string" ? raw : Array.isArray(raw) && typeof raw[0] === "string" ? raw[0] : undefined;
  const form: PostedForm = { ...posted };
  delete form[GROUP_ACTION];
  if (action === undefined) return { requested: false, form };

  const match = /^([a-z][a-z0-9-]*):(ajouter|supprimer:(\d{1,3}))$/.exec(action);
  const group = match ? step.champs.find((field): field is GroupField => field.type === "groupe" && field.id === match[1]) : undefined;
  if (!match || !group || !definition.étapes.some((candidate) => candidate.id === step.id)) return { requested: true, form };

  const rows = groupRows(group, form);
  const { minimum, maximum } = groupLimits(group);
  if (match[3] === undefined) {
    if (rows.length >= maximum) return { requested: true, form, focus: group.id };
    // The rows shown but not posted (blank padding) become real rows, then one more.
    const next = rows.length > 0 ? Math.max(...rows) + 1 : 0;
    for (const index of [...rows, next]) addBlankRow(form, group, index);
    return { requested: true, form: renumber(form, group), focus: firstInputName(group, rows.length) };
  }

  const removed = Number(match[3]);
  if (!rows.includes(removed) || rows.length <= minimum) return { requested: true, form, focus: group.id };
  for (const key of Object.keys(form)) if (key.startsWith(`${group.id}[${removed}].`)) delete form[key];
  return { requested: true, form: renumber(form, group), focus: group.id };
}

/** Gives the row's inputs an empty value where nothing was posted, so the row is counted. */
function addBlankRow(form: PostedForm, group: GroupField, index: number): void {
  for (const sub of group.sous_champs) {
    if (sub.type === "explication") continue;
    const name = itemInputName(group.id, index, sub.id);
    if (sub.type === "adresse") {
      for (const part of ADDRESS_PARTS) if (!(`${name}.${part}` in form)) form[`${name}.${part}`] = "";
    } else if (!(name in form)) form[name] = sub.type === "cases-a-cocher" ? [] : "";
  }
}

/** Rows numbered 0, 1, 2… in their order, so names stay short and legends match indexes. */
function renumber(form: PostedForm, group: GroupField): PostedForm {
  const rows = postedGroupIndexes(group, form);
  const prefix = `${group.id}[`;
  const result: PostedForm = {};
  for (const [key, value] of Object.entries(form)) {
    const match = key.startsWith(prefix) ? /^\[(\d{1,3})\]\.(.*)$/.exec(key.slice(group.id.length)) : null;
    if (!match) result[key] = value;
    else result[itemInputName(group.id, rows.indexOf(Number(match[1])), match[2]!)] = value;
  }
  return result;
}

function firstInputName(group: GroupField, index: number): string | undefined {
  const first = group.sous_champs.find((sub) => sub.type !== "explication");
  if (!first) return undefined;
  const name = itemInputName(group.id, index, first.id);
  return first.type === "adresse" ? `${name}.ligne` : name;
}
