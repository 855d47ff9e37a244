import { shownAnswers } from "../../core/procedures/answers/check-answers.ts";
import { conditionHolds } from "../../core/procedures/answers/conditions.ts";
import type { Answers, LeafValue } from "../../core/procedures/answers/values.ts";
import type { Field, ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { stepOfField } from "../../core/requests/completeness.ts";
import type { ProvidedDocument } from "../../core/requests/queries/requests.ts";
import { missingItems } from "../../core/requests/completeness.ts";
import { answerText } from "../../core/requests/changes.ts";

/**
 * A contribution edits only the steps the agent unlocked, yet conditions reach across steps: in
 * the aid procedure « Nature de l'aide » (step « Projet ») decides which budget document step
 * « Budget » asks for; in the housing one, the number of co-applicants shows or hides a whole
 * group of the next step. These checks say what a contribution would do beyond the unlocked
 * steps, and what it would leave missing that a filed request must have.
 */

/** Something a contribution may not do, in words, with the edited field that brings it about. */
export interface ContributionProblem {
  /** The applicant's edited field at the origin, when one is found. */
  causeFieldId: string | null;
  /** The step of that field (or of what is missing): where the applicant can act. */
  stepId: string | null;
  message: string;
}

/** One thing a step shows (an information, an item's information, a document) and the fields its showing depends on. */
interface ShownThing {
  words: string;
  dependsOn: (string | undefined)[];
}

/** What a step shows given the answers, each thing by a stable key. */
function shownInStep(step: Step, shown: Answers): { stepShown: boolean; things: Map<string, ShownThing> } {
  const answerOf = (id: string) => shown[id];
  const things = new Map<string, ShownThing>();
  const stepShown = conditionHolds(step.condition, answerOf);
  if (!stepShown) return { stepShown, things };
  const stepDependency = step.condition?.champ;
  for (const field of step.champs) {
    if (field.type === "explication" || !conditionHolds(field.condition, answerOf)) continue;
    things.set(`champ:${field.id}`, { words: `l'information « ${field.libellé} »`, dependsOn: [stepDependency, field.condition?.champ] });
    if (field.type !== "groupe") continue;
    const items = Array.isArray(shown[field.id]) ? (shown[field.id] as Record<string, LeafValue>[]) : [];
    const inside = new Set(field.sous_champs.map((sub) => sub.id));
    items.forEach((item, index) => {
      const itemAnswer = (id: string) => (inside.has(id) ? item[id] : answerOf(id));
      for (const sub of field.sous_champs) {
        if (sub.type === "explication" || !conditionHolds(sub.condition, itemAnswer)) continue;
        // A condition on a sibling reads the item itself, which a locked step keeps as it was.
        const outside = sub.condition && !inside.has(sub.condition.champ) ? sub.condition.champ : undefined;
        things.set(`champ:${field.id}[${index}].${sub.id}`, {
          words: `l'information « ${field.libellé_élément ?? field.libellé} ${index + 1} : ${sub.libellé} »`,
          dependsOn: [stepDependency, field.condition?.champ, outside],
        });
      }
    });
  }
  for (const document of step.pièces ?? []) {
    if (!conditionHolds(document.condition, answerOf)) continue;
    things.set(`piece:${document.id}`, { words: `la pièce « ${document.libellé} »`, dependsOn: [stepDependency, document.condition?.champ] });
  }
  return { stepShown, things };
}

function findField(definition: ProcedureDefinition, fieldId: string): { step: Step; field: Field } | undefined {
  const step = stepOfField(definition, fieldId);
  const field = step?.champs.find((candidate) => candidate.id === fieldId);
  return step && field ? { step, field } : undefined;
}

/**
 * The edited fields of unlocked steps a showing depends on, following conditions back through
 * fields that are themselves shown or hidden by another (a chain of conditions).
 */
function causesOf(definition: ProcedureDefinition, dependsOn: (string | undefined)[], edited: ReadonlySet<string>): string[] {
  const causes: string[] = [];
  const seen = new Set<string>();
  const visit = (fieldId: string | undefined) => {
    if (!fieldId || seen.has(fieldId)) return;
    seen.add(fieldId);
    if (edited.has(fieldId)) {
      causes.push(fieldId);
      return;
    }
    const found = findField(definition, fieldId);
    if (!found) return;
    visit(found.step.condition?.champ);
    visit(found.field.condition?.champ);
  };
  dependsOn.forEach(visit);
  return causes;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface ContributionCheckInput {
  unlockedSteps: readonly string[];
  /** The request's answers as filed (before the contribution). */
  before: Answers;
  /** The answers the contribution would leave (the unlocked steps edited). */
  after: Answers;
  /** The request's documents (a contribution adds none). */
  documents: ProvidedDocument[];
  /**
   * "send": everything a filed request must have is checked. "step": while one step is saved,
   * a required information of another unlocked step may still be on its way (it is checked at
   * sending); anything else is refused at once.
   */
  moment: "send" | "step";
}

/**
 * What a contribution may not do: show or hide any information or document of a step the agent
 * did not unlock (its answers would be dropped, or new ones asked that cannot be given), or leave
 * the request without something the filing checks require that it had (minimal information,
 * required fields, required documents — a contribution cannot add documents). Empty: allowed.
 * What was already missing before the contribution is not held against it.
 */
export function contributionProblems(definition: ProcedureDefinition, input: ContributionCheckInput): ContributionProblem[] {
  const before = shownAnswers(definition, input.before);
  const after = shownAnswers(definition, input.after);
  const unlocked = new Set(input.unlockedSteps);
  const edited = new Set(
    definition.étapes
      .filter((step) => unlocked.has(step.id))
      .flatMap((step) => step.champs)
      .filter((field) => field.type !== "explication" && !sameValue(before[field.id], after[field.id]))
      .map((field) => field.id),
  );
  const problems: ContributionProblem[] = [];
  const advice = (causes: string[], ending: string) => {
    const kept = causes.flatMap((id) => {
      const found = findField(definition, id);
      return found && found.field.type !== "explication" ? [`« ${found.field.libellé} » (réponse d'origine : ${answerText(found.field, before[id])})`] : [];
    });
    return kept.length > 0 ? `Gardez la réponse d'origine à ${kept.join(" et à ")}, ou ${ending}` : `Reprenez vos réponses d'origine, ou ${ending}`;
  };
  const placed = (causes: string[]) => {
    const cause = causes[0] ?? null;
    return { causeFieldId: cause, stepId: cause ? (stepOfField(definition, cause)?.id ?? null) : null };
  };

  const changedLockedSteps = new Set<string>();
  for (const step of definition.étapes) {
    if (unlocked.has(step.id)) continue;
    const was = shownInStep(step, before);
    const will = shownInStep(step, after);
    const effects: string[] = [];
    const dependsOn: (string | undefined)[] = [];
    if (was.stepShown !== will.stepShown) {
      effects.push(will.stepShown ? "elle serait ajoutée à votre demande et devrait être remplie" : "elle serait retirée de votre demande, avec ses réponses");
      dependsOn.push(step.condition?.champ);
    } else {
      for (const [key, thing] of will.things) {
        if (was.things.has(key)) continue;
        effects.push(`${thing.words} serait demandée`);
        dependsOn.push(...thing.dependsOn);
      }
      for (const [key, thing] of was.things) {
        if (will.things.has(key)) continue;
        effects.push(`${thing.words} ne serait plus demandée${key.startsWith("champ:") ? ", et sa réponse effacée" : ""}`);
        dependsOn.push(...thing.dependsOn);
      }
    }
    if (effects.length === 0) continue;
    changedLockedSteps.add(step.id);
    const causes = causesOf(definition, dependsOn, edited);
    problems.push({
      ...placed(causes),
      message: `Vos modifications changeraient l'étape « ${step.titre} », que l'agent n'a pas ouverte à la modification : ${effects.join(" ; ")}. ${advice(causes, "écrivez à l'agent pour qu'il ouvre aussi cette étape.")}`,
    });
  }

  const keyOf = (item: { kind: string; stepId: string; label: string }) => `${item.kind}|${item.stepId}|${item.label}`;
  const missingBefore = new Set(missingItems(definition, { answers: before }, input.documents).map(keyOf));
  for (const item of missingItems(definition, { answers: after }, input.documents)) {
    if (missingBefore.has(keyOf(item)) || changedLockedSteps.has(item.stepId)) continue;
    const step = definition.étapes.find((candidate) => candidate.id === item.stepId);
    if (item.kind === "document") {
      const document = step?.pièces?.find((candidate) => candidate.libellé === item.label);
      const causes = causesOf(definition, [step?.condition?.champ, document?.condition?.champ], edited);
      problems.push({
        ...placed(causes),
        message: `La pièce « ${item.label} » (étape « ${item.stepTitle} ») serait demandée, mais une contribution ne permet pas de déposer de pièce. ${advice(causes, "écrivez à l'agent.")}`,
      });
    } else if (unlocked.has(item.stepId)) {
      if (input.moment === "step") continue;
      problems.push({ causeFieldId: null, stepId: item.stepId, message: `Renseignez « ${item.label} » à l'étape « ${item.stepTitle} » : cette information est obligatoire.` });
    } else {
      problems.push({ causeFieldId: null, stepId: null, message: `Il manquerait « ${item.label} » à l'étape « ${item.stepTitle} », que l'agent n'a pas ouverte à la modification. ${advice([...edited], "écrivez à l'agent.")}` });
    }
  }
  return problems;
}

/** Problems as form errors, several on one place joined: `keyOf` says where each one goes. */
export function problemErrors(problems: readonly ContributionProblem[], keyOf: (problem: ContributionProblem) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const key = keyOf(problem);
    errors[key] = errors[key] ? `${errors[key]} ${problem.message}` : problem.message;
  }
  return errors;
}

/** The key of an unlocked step's place on the contribution page (its section). */
export const stepErrorKey = (stepId: string) => `etape-${stepId}`;
