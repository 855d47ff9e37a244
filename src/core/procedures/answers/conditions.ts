import type { Condition } from "../definition/schema.ts";
import type { AnswerValue } from "./values.ts";

/** Whether an answer counts as given: an empty list (no box ticked, no item) does not. */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  return value !== "";
}

/**
 * Whether a field (or step, or document) with this condition is shown, given how the answer it
 * depends on is read. A field whose own condition hides it has no answer, so what depends on it
 * is hidden too.
 */
export function conditionHolds(condition: Condition | undefined, answerOf: (fieldId: string) => AnswerValue | undefined): boolean {
  if (!condition) return true;
  const answer = answerOf(condition.champ);
  if (condition.renseigné) return isAnswered(answer);
  const wanted = condition.égal !== undefined ? [condition.égal] : (condition.parmi ?? []);
  const given = comparable(answer);
  return given.some((value) => wanted.includes(value));
}

/** Choice answers as the strings a condition names: "oui" / "non" for yes/no. */
function comparable(answer: AnswerValue | undefined): string[] {
  if (typeof answer === "boolean") return [answer ? "oui" : "non"];
  if (typeof answer === "string") return [answer];
  if (Array.isArray(answer)) return answer.filter((item): item is string => typeof item === "string");
  return [];
}
