/**
 * Shows a request's conditional fields only when the answer they depend on matches, as the
 * person answers. The server renders them all, each wrapped in an element with
 * `data-condition-on` (the input name it depends on) and `data-condition-values` (the values
 * that show it, as JSON; absent: any answer shows it), with a sentence saying when it applies;
 * without JavaScript they stay visible and the server ignores those whose condition fails.
 */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isControl = (element: Element): element is Control =>
  element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;

/** The values an input name currently gives; none when its own field is hidden (so is what depends on it). */
function answerOf(form: HTMLFormElement, name: string): string[] {
  const controls = [...form.elements].filter(isControl).filter((control) => control.name === name);
  if (controls.some((control) => control.closest("[data-condition-on][hidden]"))) return [];
  return controls.flatMap((control) => {
    if (control instanceof HTMLInputElement && (control.type === "radio" || control.type === "checkbox")) return control.checked ? [control.value] : [];
    const value = control.value.trim();
    return value === "" ? [] : [value];
  });
}

function holds(wrapper: HTMLElement, form: HTMLFormElement): boolean {
  const answer = answerOf(form, wrapper.dataset.conditionOn ?? "");
  const wanted = wrapper.dataset.conditionValues;
  if (wanted === undefined) return answer.length > 0;
  let values: unknown;
  try {
    values = JSON.parse(wanted);
  } catch {
    return true;
  }
  return Array.isArray(values) && answer.some((value) => values.includes(value));
}

/** Hides or shows every conditional field of the forms on the page, now and at each change. */
export function enhanceConditions(root: ParentNode = document): void {
  const forms = new Set<HTMLFormElement>();
  for (const wrapper of root.querySelectorAll<HTMLElement>("[data-condition-on]")) {
    const form = wrapper.closest("form");
    if (form) forms.add(form);
  }
  for (const form of forms) {
    // In document order, so that a field depending on one just hidden is hidden too.
    const update = () => {
      for (const wrapper of form.querySelectorAll<HTMLElement>("[data-condition-on]")) wrapper.hidden = !holds(wrapper, form);
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
}
