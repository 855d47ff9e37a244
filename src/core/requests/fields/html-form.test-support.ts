/**
 * Reads rendered HTML as a browser would: the form controls and their state, what submitting
 * the form posts, and which elements exist by id. Tests only (htmlparser2 comes with mailparser).
 */
import { Parser } from "htmlparser2";
import type { PostedForm } from "../../procedures/answers/values.ts";

export interface Control {
  tag: "input" | "select" | "textarea" | "button";
  attributes: Record<string, string>;
  name: string;
  type: string;
  /** input / button: its value; textarea: its text; select: the selected option's value. */
  value: string;
  checked: boolean;
  /** select: every option's value. */
  options: string[];
  /** Inside an element with the `hidden` attribute. */
  hidden: boolean;
}

export interface ParsedPage {
  controls: Control[];
  /** Every element's attributes, by id. */
  ids: Map<string, Record<string, string>>;
  /** Text of each element with an id (its whole content). */
  textOf: Map<string, string>;
  /** `<label for>` → its text. */
  labels: Map<string, string>;
}

const VOID = new Set(["input", "br", "img", "meta", "link", "hr", "col", "area", "base", "source", "wbr"]);

export function parsePage(html: string): ParsedPage {
  const controls: Control[] = [];
  const ids = new Map<string, Record<string, string>>();
  const textOf = new Map<string, string>();
  const labels = new Map<string, string>();
  const stack: { tag: string; attributes: Record<string, string>; text: string }[] = [];
  let select: Control | undefined;
  let option: { value: string | undefined; selected: boolean; text: string } | undefined;
  let firstOption: string | undefined;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (attributes.id !== undefined) ids.set(attributes.id, attributes);
        const hidden = stack.some((element) => "hidden" in element.attributes) || "hidden" in attributes;
        const base = { attributes, name: attributes.name ?? "", type: attributes.type ?? "", checked: "checked" in attributes, options: [], hidden };
        if (tag === "input") controls.push({ ...base, tag, type: attributes.type ?? "text", value: attributes.value ?? "" });
        else if (tag === "button") controls.push({ ...base, tag, type: attributes.type ?? "submit", value: attributes.value ?? "" });
        else if (tag === "select") {
          select = { ...base, tag, value: "", options: [] };
          firstOption = undefined;
          controls.push(select);
        } else if (tag === "option") option = { value: attributes.value, selected: "selected" in attributes, text: "" };
        else if (tag === "textarea") controls.push({ ...base, tag, value: "" });
        if (!VOID.has(tag)) stack.push({ tag, attributes, text: "" });
      },
      ontext(text) {
        for (const element of stack) element.text += text;
        if (option) option.text += text;
      },
      onclosetag(tag) {
        if (VOID.has(tag)) return;
        const element = stack.pop();
        if (!element) return;
        if (element.attributes.id !== undefined) textOf.set(element.attributes.id, element.text.replace(/\s+/g, " ").trim());
        if (tag === "label" && element.attributes.for) labels.set(element.attributes.for, element.text.replace(/\s+/g, " ").trim());
        if (tag === "textarea") {
          const control = controls.findLast((candidate) => candidate.tag === "textarea");
          if (control) control.value = element.text.replace(/^\n/, "");
        }
        if (tag === "option" && option && select) {
          const value = option.value ?? option.text;
          select.options.push(value);
          firstOption ??= value;
          if (option.selected) select.value = value;
          option = undefined;
        }
        if (tag === "select" && select) {
          if (!select.options.includes(select.value) || select.value === "") select.value = select.options.find((_, i) => i === 0) ?? "";
          select = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: false },
  );
  parser.write(html);
  parser.end();
  return { controls, ids, textOf, labels };
}

/** What submitting the form posts (without pressing any button): successful controls only. */
export function submittedForm(controls: Control[]): PostedForm {
  const form: PostedForm = {};
  const add = (name: string, value: string) => {
    const previous = form[name];
    if (previous === undefined) form[name] = value;
    else form[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  };
  for (const control of controls) {
    if (control.name === "" || control.tag === "button" || "disabled" in control.attributes) continue;
    if ((control.type === "radio" || control.type === "checkbox") && !control.checked) continue;
    add(control.name, control.value);
  }
  return form;
}
