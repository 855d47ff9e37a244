/**
 * The fields of one step of a procedure as an accessible form body (RGAA / WCAG 2.1 AA). Input
 * names are what `checkStep` reads: the field's id, `id.ligne`… for an address, `menage[0].nom`
 * inside a repeatable group. Every label, hint and error is tied to its input by ids, and every
 * error's element id is `fieldId(name)`, so the error summary's links reach it.
 *
 * A field whose condition names an earlier step is rendered only when that answer matches. One
 * whose condition names a field of the same step is always rendered, with a visible sentence
 * saying when it applies and `data-condition-*` attributes: src/ui/client/conditions.ts hides or
 * shows it as the person answers, and without JavaScript the server ignores it when its
 * condition does not hold.
 */
import type { Child } from "hono/jsx";
import { FieldError, fieldId } from "../../../ui/components.tsx";
import { postedList, postedText } from "../../procedures/answers/check-field.ts";
import { shownAnswers } from "../../procedures/answers/check-answers.ts";
import { conditionHolds } from "../../procedures/answers/conditions.ts";
import type { AnswerValue, Answers, LeafValue, PostedForm } from "../../procedures/answers/values.ts";
import type { AnswerableLeafField, Condition, Field, GroupField, LeafField, ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";
import { answersToForm, itemInputName } from "./form-values.ts";
import { GROUP_ACTION, addRowValue, groupLimits, groupRows, removeRowValue } from "./group-action.ts";
import type { PrefillNote } from "../prefill/apply-prefill.ts";
import { LeafAnswer } from "./step-summary.tsx";
import { HelpArticleLink } from "./help-article-link.tsx";

export interface StepFieldsProps {
  definition: ProcedureDefinition;
  step: Step;
  /** The request's saved answers (every step): values shown when nothing was posted, and what earlier-step conditions read. */
  answers: Answers;
  /** The form as posted, on a 422 or after a group button: shown instead of the saved answers. */
  posted?: PostedForm | undefined;
  /** Messages by input name, as `checkStep` returns them. */
  errors?: Record<string, string>;
  /** Input (or group) name to focus on load, as `applyGroupAction` returns it. */
  autofocus?: string | undefined;
  /**
   * The name and value Enter in a text input submits, on a step with a group (e.g. the page's
   * "Poursuivre plus tard"); without it that hidden default button posts no name.
   */
  defaultSubmit?: { name: string; value: string } | undefined;
  /** Where prefilled answers came from, by field id; a locked field is shown as text, not as an input. */
  prefill?: Record<string, PrefillNote> | undefined;
  /** Titles of the help articles the fields link to (`article_aide`), by address. */
  helpArticles?: Record<string, string> | undefined;
}

/** What every field renderer needs besides its field. */
interface Scope {
  form: PostedForm;
  errors: Record<string, string>;
  autofocus: string | undefined;
  /** Labels and options of the fields a same-step condition may name, by id. */
  siblings: readonly Field[];
  /** The shown answers of the other steps, for conditions naming them. */
  earlier: (id: string) => AnswerValue | undefined;
  prefill: Record<string, PrefillNote>;
  /** The saved answers: what a locked field shows, whatever was posted. */
  answers: Answers;
  helpArticles: Record<string, string>;
}

/**
 * Renders the step's fields in order. Put it inside the page's `<Form>`; when the step has a
 * repeatable group, its buttons are submit buttons named `_groupe`: call `applyGroupAction`
 * first when handling the post.
 */
export function StepFields({ definition, step, answers, posted, errors = {}, autofocus, defaultSubmit, prefill = {}, helpArticles = {} }: StepFieldsProps) {
  const form = posted ?? answersToForm(step.champs, answers);
  const earlier = shownAnswers(definition, answers);
  const ownIds = new Set(step.champs.map((field) => field.id));
  const scope: Scope = { form, errors, autofocus, siblings: step.champs, earlier: (id) => earlier[id], prefill, answers, helpArticles };
  const hasGroup = step.champs.some((field) => field.type === "groupe");
  return (
    <div class="step-fields">
      {/* Enter in a text input presses the form's first submit button: without this one, that would be a group's "Supprimer". */}
      {hasGroup ? (
        <button type="submit" hidden tabindex={-1} name={defaultSubmit?.name} value={defaultSubmit?.value}>
          Enregistrer
        </button>
      ) : null}
      {step.champs.map((field) => {
        const condition = field.condition;
        if (condition && !ownIds.has(condition.champ)) return conditionHolds(condition, (id) => earlier[id]) ? <FieldView field={field} name={field.id} scope={scope} /> : null;
        if (condition) return <Conditional condition={condition} controlName={condition.champ} fieldName={field.id} scope={scope} render={(extra) => <FieldView field={field} name={field.id} scope={scope} describedBy={extra} />} />;
        return <FieldView field={field} name={field.id} scope={scope} />;
      })}
    </div>
  );
}

/** A field shown according to an answer of the same page: live with JavaScript, always without. */
function Conditional(props: { condition: Condition; controlName: string; fieldName: string; scope: Scope; render: (describedBy: string[]) => Child; siblings?: readonly Field[] }) {
  const { condition } = props;
  const control = (props.siblings ?? props.scope.siblings).find((field) => field.id === condition.champ);
  const hintId = `${fieldId(props.fieldName)}-condition`;
  const values = condition.renseigné ? undefined : condition.égal !== undefined ? [condition.égal] : condition.parmi;
  return (
    <div class="conditional" data-condition-on={props.controlName} data-condition-values={values ? JSON.stringify(values) : undefined}>
      <p class="conditional__hint" id={hintId}>
        {conditionSentence(condition, control)}
      </p>
      {props.render([hintId])}
    </div>
  );
}

/** "À renseigner si vous avez répondu « Oui » à « Le loyer du mois a-t-il été payé ? »." */
export function conditionSentence(condition: Condition, control: Field | undefined): string {
  const question = control && "libellé" in control && control.libellé ? ` à « ${control.libellé} »` : "";
  if (condition.renseigné) return `À renseigner si vous avez répondu${question || " à la question précédente"}.`;
  const wanted = condition.égal !== undefined ? [condition.égal] : (condition.parmi ?? []);
  const labels = wanted.map((value) => `« ${optionLabel(control, value)} »`);
  const listed = labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} ou ${labels.at(-1)}`;
  return `À renseigner si vous avez répondu ${listed}${question}.`;
}

function optionLabel(control: Field | undefined, value: string): string {
  if (control?.type === "oui-non") return value === "oui" ? "Oui" : value === "non" ? "Non" : value;
  if (control && "options" in control) return control.options.find((option) => option.valeur === value)?.libellé ?? value;
  return value;
}

/** A field, then "En savoir plus : <article>" when it links to a help article. */
function FieldView(props: { field: Field; name: string; scope: Scope; describedBy?: string[] }) {
  const slug = props.field.article_aide;
  if (!slug) return <FieldBody {...props} />;
  return (
    <>
      <FieldBody {...props} />
      <HelpArticleLink slug={slug} titles={props.scope.helpArticles} />
    </>
  );
}

function FieldBody({ field, name, scope, describedBy = [] }: { field: Field; name: string; scope: Scope; describedBy?: string[] }) {
  const note = scope.prefill[field.id];
  if (note?.locked && field.type !== "groupe" && field.type !== "explication") return <LockedField field={field} name={name} note={note} value={scope.answers[field.id] as LeafValue | undefined} />;
  const noteId = `${fieldId(name)}-prefill`;
  const described = note ? [...describedBy, noteId] : describedBy;
  const view = field.type === "groupe" ? <Group group={field} scope={scope} describedBy={described} /> : <Leaf field={field} name={name} scope={scope} describedBy={described} />;
  if (!note) return view;
  // A carried-over list says so before its items; a single answer, right under its input.
  return (
    <div class="prefilled">
      {field.type === "groupe" ? <PrefillSentence id={noteId} note={note} /> : null}
      {view}
      {field.type === "groupe" ? null : <PrefillSentence id={noteId} note={note} />}
    </div>
  );
}

/** "Prérempli depuis la fiche de votre structure." and, for a locked field, where its source is changed. */
function PrefillSentence({ id, note }: { id: string; note: PrefillNote }) {
  return (
    <p class={`prefill-note${note.locked ? " prefill-note--locked" : ""}`} id={id}>
      {note.text}
      {note.link ? (
        <>
          {" "}
          <a href={note.link.href}>{note.link.label}</a>
        </>
      ) : null}
    </p>
  );
}

/**
 * A locked prefilled field: its label and value as text (read by screen readers in the page's
 * order, unlike a disabled input they skip), the sentence saying where it comes from, and hidden
 * inputs with the value so that the page's conditions read it. The server ignores what is posted
 * for it and keeps the source's value.
 */
function LockedField({ field, name, note, value }: { field: AnswerableLeafField; name: string; note: PrefillNote; value: LeafValue | undefined }) {
  const id = fieldId(name);
  const inputs = Object.entries(answersToForm([field], value === undefined ? {} : { [field.id]: value }));
  return (
    <div class="field field--locked" id={id} role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-prefill`}>
      <p class="field__label" id={`${id}-label`}>
        {field.libellé}
      </p>
      <p class="field__locked-value">
        <LeafAnswer field={field} value={value} />
      </p>
      <PrefillSentence id={`${id}-prefill`} note={note} />
      {inputs.flatMap(([inputName, inputValue]) => (Array.isArray(inputValue) ? inputValue : [inputValue]).map((item) => <input type="hidden" name={inputName} value={String(item)} />))}
    </div>
  );
}

function Leaf({ field, name, scope, describedBy }: { field: LeafField; name: string; scope: Scope; describedBy: string[] }) {
  if (field.type === "explication") return <Explanation field={field} />;
  const common = { field, name, scope, describedBy };
  switch (field.type) {
    case "texte-long":
      return <LongText {...common} field={field} />;
    case "choix-unique":
      return <Choices {...common} options={field.options.map((option) => ({ value: option.valeur, label: option.libellé }))} kind="radio" />;
    case "oui-non":
      return (
        <Choices
          {...common}
          options={[
            { value: "oui", label: "Oui" },
            { value: "non", label: "Non" },
          ]}
          kind="radio"
          inline
        />
      );
    case "cases-a-cocher":
      return <Choices {...common} options={field.options.map((option) => ({ value: option.valeur, label: option.libellé }))} kind="checkbox" />;
    case "liste-deroulante":
      return <Select {...common} options={field.options} />;
    case "adresse":
      return <Address {...common} field={field} />;
    default:
      return <SingleInput {...common} field={field} />;
  }
}

/** "(facultatif)" after the label of a field that may be left empty, as the kit's inputs do. */
const Optional = ({ field }: { field: { obligatoire?: boolean } }) => (field.obligatoire ? null : <span class="field__optional"> (facultatif)</span>);

/** Hint then error, with the ids the input's `aria-describedby` lists. */
function HintAndError({ id, hint, error }: { id: string; hint?: Child; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </>
  );
}

const describedByOf = (id: string, hint: unknown, error: unknown, extra: string[] = []) => {
  const ids = [...extra, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
};

interface InputSpec {
  type?: "text" | "email" | "tel";
  inputmode?: "decimal" | "numeric" | "email" | "tel" | "text";
  autocomplete?: string;
  spellcheck?: boolean;
  /** Shown after the input: "€", "pièces". */
  suffix?: string;
  /** A short input (postal code, number, amount). */
  width?: "short" | "medium";
  /** Hint when the definition gives none. */
  hint?: string;
}

/** How each single-input type is typed: the right keyboard, the expected format as a hint. */
function inputSpec(field: Exclude<AnswerableLeafField, { type: "texte-long" | "choix-unique" | "oui-non" | "cases-a-cocher" | "liste-deroulante" | "adresse" }>): InputSpec {
  switch (field.type) {
    case "texte-court":
      return {};
    case "nombre":
      return { inputmode: field.décimal ? "decimal" : "numeric", width: "short", ...(field.unité ? { suffix: field.unité } : {}) };
    case "montant":
      return { inputmode: "decimal", width: "short", suffix: "€", hint: "En euros, par exemple 650,50." };
    case "date":
      return { inputmode: "text", width: "short", hint: "Au format jour/mois/année, par exemple 15/03/2025." };
    case "email":
      return { type: "email", inputmode: "email", spellcheck: false, hint: "Par exemple nom@exemple.fr." };
    case "telephone":
      return { type: "tel", inputmode: "tel", width: "medium", hint: "Par exemple 01 23 45 67 89." };
    case "commune":
      return {
        width: "medium",
        hint: "Le nom de la commune ; s'il existe plusieurs communes de ce nom, ajoutez le numéro du département entre parenthèses, par exemple « Saint-Denis (93) ».",
      };
    case "siret":
      return { inputmode: "numeric", width: "medium", spellcheck: false, hint: "14 chiffres, par exemple 849 719 976 00011." };
    case "nir":
      return { width: "medium", spellcheck: false, hint: "15 caractères, clé comprise, par exemple 2 85 05 78 006 084 41." };
    case "rna":
      return { width: "medium", spellcheck: false, hint: "W suivi de 9 caractères, par exemple W723007219." };
    case "iban":
      return { spellcheck: false, hint: field.france_uniquement ? "Il commence par FR, par exemple FR76 3000 6000 0112 3456 7890 189." : "Par exemple FR76 3000 6000 0112 3456 7890 189." };
  }
}

type SingleInputField = Parameters<typeof inputSpec>[0];

function SingleInput({ field, name, scope, describedBy }: { field: SingleInputField; name: string; scope: Scope; describedBy: string[] }) {
  const id = fieldId(name);
  const spec = inputSpec(field);
  const hint = field.aide ?? spec.hint;
  const error = scope.errors[name];
  const suffixId = spec.suffix ? `${id}-suffix` : undefined;
  const input = (
    <input
      class={`field__input${spec.width ? ` field__input--${spec.width}` : ""}`}
      id={id}
      name={name}
      type={spec.type ?? "text"}
      value={postedText(scope.form, name)}
      inputmode={spec.inputmode}
      autocomplete={spec.autocomplete}
      spellcheck={spec.spellcheck}
      aria-describedby={[describedByOf(id, hint, error, describedBy), suffixId].filter(Boolean).join(" ")}
      aria-invalid={error ? "true" : undefined}
      aria-required={field.obligatoire ? "true" : undefined}
      autofocus={scope.autofocus === name ? true : undefined}
    />
  );
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>
        {field.libellé}
        <Optional field={field} />
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {spec.suffix ? (
        <div class="field__control">
          {input}
          <span class="field__suffix" id={suffixId}>
            {spec.suffix}
          </span>
        </div>
      ) : (
        input
      )}
    </div>
  );
}

function LongText({ field, name, scope, describedBy }: { field: Extract<LeafField, { type: "texte-long" }>; name: string; scope: Scope; describedBy: string[] }) {
  const id = fieldId(name);
  const error = scope.errors[name];
  const raw = scope.form[name];
  const value = typeof raw === "string" ? raw : Array.isArray(raw) && typeof raw[0] === "string" ? raw[0] : "";
  const hint = field.aide;
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>
        {field.libellé}
        <Optional field={field} />
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        rows={field.longueur_max !== undefined && field.longueur_max <= 1000 ? 4 : 8}
        aria-describedby={describedByOf(id, hint, error, describedBy)}
        aria-invalid={error ? "true" : undefined}
        aria-required={field.obligatoire ? "true" : undefined}
        autofocus={scope.autofocus === name ? true : undefined}
      >
        {value}
      </textarea>
    </div>
  );
}

function Select({ field, name, scope, describedBy, options }: { field: AnswerableLeafField; name: string; scope: Scope; describedBy: string[]; options: { valeur: string; libellé: string }[] }) {
  const id = fieldId(name);
  const error = scope.errors[name];
  const value = postedText(scope.form, name);
  const hint = field.aide;
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>
        {field.libellé}
        <Optional field={field} />
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      <select
        id={id}
        name={name}
        aria-describedby={describedByOf(id, hint, error, describedBy)}
        aria-invalid={error ? "true" : undefined}
        aria-required={field.obligatoire ? "true" : undefined}
        autofocus={scope.autofocus === name ? true : undefined}
      >
        <option value="" selected={value === ""}>
          Sélectionnez une option
        </option>
        {options.map((option) => (
          <option value={option.valeur} selected={value === option.valeur}>
            {option.libellé}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset whose legend is the question; the fieldset carries the error's target id. */
function Choices(props: { field: AnswerableLeafField; name: string; scope: Scope; describedBy: string[]; options: { value: string; label: string }[]; kind: "radio" | "checkbox"; inline?: boolean }) {
  const { field, name, scope } = props;
  const id = fieldId(name);
  const error = scope.errors[name];
  const chosen = props.kind === "checkbox" ? postedList(scope.form, name) : [postedText(scope.form, name)];
  const hint = field.aide;
  return (
    <fieldset
      class={`fieldset${error ? " field--error" : ""}${props.inline ? " fieldset--inline" : ""}`}
      id={id}
      tabindex={-1}
      aria-describedby={describedByOf(id, hint, error, props.describedBy)}
      aria-invalid={error ? "true" : undefined}
      autofocus={scope.autofocus === name ? true : undefined}
    >
      <legend class="fieldset__legend">
        {field.libellé}
        <Optional field={field} />
      </legend>
      <HintAndError id={id} hint={hint} error={error} />
      {props.options.map((option, index) => (
        <div class={props.kind}>
          <input type={props.kind} id={`${id}-${index}`} name={name} value={option.value} checked={chosen.includes(option.value)} />
          <label for={`${id}-${index}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

const addressParts = [
  { part: "ligne", label: "Numéro et voie", hint: "Par exemple 12 rue des Lilas.", width: undefined, inputmode: undefined },
  { part: "complement", label: "Complément d'adresse", hint: "Bâtiment, escalier, étage, lieu-dit…", width: undefined, inputmode: undefined },
  { part: "code_postal", label: "Code postal", hint: undefined, width: "short", inputmode: "numeric" },
  { part: "commune", label: "Commune", hint: undefined, width: "medium", inputmode: undefined },
] as const;

/** The standard French lines of a postal address, in a fieldset named after the field. */
function Address({ field, name, scope, describedBy }: { field: Extract<LeafField, { type: "adresse" }>; name: string; scope: Scope; describedBy: string[] }) {
  const id = fieldId(name);
  const hint = field.aide;
  return (
    <fieldset class="fieldset address" id={id} tabindex={-1} aria-describedby={describedByOf(id, hint, undefined, describedBy)}>
      <legend class="fieldset__legend">
        {field.libellé}
        <Optional field={field} />
      </legend>
      <HintAndError id={id} hint={hint} />
      {addressParts.map(({ part, label, hint: partHint, width, inputmode }) => {
        const partName = `${name}.${part}`;
        const partId = fieldId(partName);
        const error = scope.errors[partName];
        // The complement is never required; the other lines are, once any line is given.
        const optional = part === "complement" || !field.obligatoire;
        return (
          <div class={`field${error ? " field--error" : ""}`}>
            <label class="field__label" for={partId}>
              {label}
              {optional ? <span class="field__optional"> (facultatif)</span> : null}
            </label>
            <HintAndError id={partId} hint={partHint} error={error} />
            <input
              class={`field__input${width ? ` field__input--${width}` : ""}`}
              id={partId}
              name={partName}
              type="text"
              value={postedText(scope.form, partName)}
              inputmode={inputmode}
              aria-describedby={describedByOf(partId, partHint, error)}
              aria-invalid={error ? "true" : undefined}
              aria-required={optional ? undefined : "true"}
              autofocus={scope.autofocus === partName ? true : undefined}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

/** Explanatory text: an optional title and paragraphs separated by blank lines. */
function Explanation({ field }: { field: Extract<LeafField, { type: "explication" }> }) {
  return (
    <div class="explanation">
      {field.libellé ? <p class="explanation__title">{field.libellé}</p> : null}
      {field.texte
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== "")
        .map((paragraph) => (
          <p>{paragraph}</p>
        ))}
    </div>
  );
}

/** A repeatable group: one fieldset per item, and the buttons to add and remove items. */
function Group({ group, scope, describedBy }: { group: GroupField; scope: Scope; describedBy: string[] }) {
  const id = fieldId(group.id);
  const error = scope.errors[group.id];
  const rows = groupRows(group, scope.form);
  const { minimum, maximum } = groupLimits(group);
  const itemLabel = group.libellé_élément ?? group.libellé;
  const hint = group.aide;
  return (
    <fieldset
      class={`fieldset group${error ? " field--error" : ""}`}
      id={id}
      tabindex={-1}
      aria-describedby={describedByOf(id, hint, error, describedBy)}
      autofocus={scope.autofocus === group.id ? true : undefined}
    >
      <legend class="fieldset__legend fieldset__legend--large">
        {group.libellé}
        <Optional field={{ obligatoire: minimum > 0 }} />
      </legend>
      <HintAndError id={id} hint={hint} error={error} />
      {rows.length === 0 ? <p class="group__empty">Aucune ligne pour l'instant.</p> : null}
      {rows.map((index, position) => (
        <fieldset class="fieldset group__item" id={fieldId(`${group.id}[${index}]`)}>
          <legend class="fieldset__legend group__item-legend">
            {itemLabel} {position + 1}
          </legend>
          {group.sous_champs.map((sub) => {
            const name = itemInputName(group.id, index, sub.id);
            const condition = sub.condition;
            const sibling = condition && group.sous_champs.some((other) => other.id === condition.champ);
            if (condition && sibling) {
              return (
                <Conditional
                  condition={condition}
                  controlName={itemInputName(group.id, index, condition.champ)}
                  fieldName={name}
                  scope={scope}
                  siblings={group.sous_champs}
                  render={(extra) => <Leaf field={sub} name={name} scope={scope} describedBy={extra} />}
                />
              );
            }
            if (condition && scope.siblings.some((field) => field.id === condition.champ)) {
              return <Conditional condition={condition} controlName={condition.champ} fieldName={name} scope={scope} render={(extra) => <Leaf field={sub} name={name} scope={scope} describedBy={extra} />} />;
            }
            if (condition && !conditionHolds(condition, scope.earlier)) return null;
            return <Leaf field={sub} name={name} scope={scope} describedBy={[]} />;
          })}
          {rows.length > minimum ? (
            <button type="submit" class="button button--secondary group__remove" name={GROUP_ACTION} value={removeRowValue(group, index)}>
              Supprimer cette ligne<span class="visually-hidden"> ({itemLabel} {position + 1})</span>
            </button>
          ) : null}
        </fieldset>
      ))}
      {rows.length < maximum ? (
        <button type="submit" class="button button--secondary group__add" name={GROUP_ACTION} value={addRowValue(group)}>
          Ajouter une ligne<span class="visually-hidden"> ({itemLabel})</span>
        </button>
      ) : (
        <p class="field__hint">
          Vous avez atteint le nombre maximum de lignes ({maximum}).
        </p>
      )}
    </fieldset>
  );
}
