import type { Child } from "hono/jsx";
import type { FieldErrors } from "./context.ts";

/** A POST form carrying the CSRF token. `novalidate`: the server's French messages are the reference. */
export function Form(props: { action: string; csrfToken: string; children?: Child; id?: string; class?: string; enctype?: "multipart/form-data"; autosave?: boolean }) {
  // With multipart, the token still comes first: the upload routes parse the whole form before checking it.
  // `autosave`: with JavaScript, the form is saved as it is typed (src/ui/client/autosave.ts).
  return (
    <form method="post" action={props.action} novalidate id={props.id} class={props.class} enctype={props.enctype} data-autosave={props.autosave ? "" : undefined}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.children}
    </form>
  );
}

/** Lists every error at the top, each linking to its field; receives focus when shown (enhance.ts). */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-error-summary>
      <h2 id="error-summary-title" class="error-summary__title">
        {entries.length === 1 ? "Le formulaire contient une erreur" : `Le formulaire contient ${entries.length} erreurs`}
      </h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${fieldId(field)}`}>{labels?.[field] ? `${labels[field]} : ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Field names map to stable element ids, so the summary's links reach them. */
export function fieldId(name: string): string {
  return `champ-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

interface InputProps {
  name: string;
  label: string;
  hint?: Child;
  value?: string | undefined;
  error?: string | undefined;
  type?: "text" | "email" | "tel" | "password" | "date" | "number";
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  spellcheck?: boolean;
  inputmode?: "email" | "search" | "tel" | "text" | "url" | "none" | "numeric" | "decimal";
  /** Extra element ids that describe the input (e.g. live password rules). */
  describedBy?: string[];
}

/** What every single-control field shares: its name, label, hint, error and whether it is optional. */
interface FieldProps {
  name: string;
  label: string;
  hint?: Child;
  error?: string | undefined;
  required?: boolean;
}

/** A field's error, `${id}-error` being the id its control's `aria-describedby` lists; nothing without an error. */
export function FieldError({ id, error }: { id: string; error?: string | null | undefined }) {
  if (!error) return null;
  return (
    <p class="field__error" id={`${id}-error`}>
      <span class="visually-hidden">Erreur : </span>
      {error}
    </p>
  );
}

/**
 * The frame of a field: label, hint and error around one control, tied to it by ids as RGAA 11.1
 * and 11.10 require. `control` receives the ids that describe it.
 */
function Field(props: FieldProps & { extraDescriptions?: string[]; control: (ids: { id: string; describedBy: string | undefined }) => Child }) {
  const id = fieldId(props.name);
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null, ...(props.extraDescriptions ?? [])].filter(Boolean);
  return (
    <div class={`field${props.error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>
        {props.label}
        {props.required === false ? <span class="field__optional"> (facultatif)</span> : null}
      </label>
      {props.hint ? <p class="field__hint" id={`${id}-hint`}>{props.hint}</p> : null}
      <FieldError id={id} error={props.error} />
      {props.control({ id, describedBy: describedBy.length > 0 ? describedBy.join(" ") : undefined })}
    </div>
  );
}

/** The state attributes every control carries. */
const controlState = (props: FieldProps) => ({
  "aria-invalid": props.error ? ("true" as const) : undefined,
  "aria-required": props.required === false ? undefined : ("true" as const),
});

/** A text input with its label, hint and error. */
export function TextInput(props: InputProps) {
  return (
    <Field
      {...props}
      extraDescriptions={props.describedBy}
      control={({ id, describedBy }) => (
        <input
          class="field__input"
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          value={props.type === "password" ? undefined : props.value}
          autocomplete={props.autocomplete}
          aria-describedby={describedBy}
          {...controlState(props)}
          maxlength={props.maxLength}
          spellcheck={props.spellcheck}
          inputmode={props.inputmode}
        />
      )}
    />
  );
}

/** A multi-line text field. */
export function TextArea(props: FieldProps & { value?: string | undefined; maxLength?: number; rows?: number; spellcheck?: boolean }) {
  return (
    <Field
      {...props}
      control={({ id, describedBy }) => (
        <textarea
          id={id}
          name={props.name}
          rows={props.rows ?? 5}
          maxlength={props.maxLength}
          spellcheck={props.spellcheck}
          aria-describedby={describedBy}
          {...controlState(props)}
        >
          {props.value ?? ""}
        </textarea>
      )}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A select; `groups` become optgroups, `placeholder` the empty first option. */
export function Select(
  props: FieldProps & { value?: string | undefined; options?: SelectOption[]; groups?: { label: string; options: SelectOption[] }[]; placeholder?: string },
) {
  const option = (item: SelectOption) => (
    <option value={item.value} selected={props.value === item.value}>
      {item.label}
    </option>
  );
  return (
    <Field
      {...props}
      control={({ id, describedBy }) => (
        <select id={id} name={props.name} aria-describedby={describedBy} {...controlState(props)}>
          {props.placeholder !== undefined ? (
            <option value="" selected={!props.value}>
              {props.placeholder}
            </option>
          ) : null}
          {(props.options ?? []).map(option)}
          {(props.groups ?? []).map((group) => <optgroup label={group.label}>{group.options.map(option)}</optgroup>)}
        </select>
      )}
    />
  );
}

/** An e-mail address input: the right keyboard, autocomplete and length, no spell-check. */
export function EmailInput(props: Omit<InputProps, "type" | "autocomplete" | "maxLength" | "spellcheck">) {
  return <TextInput {...props} type="email" autocomplete="email" maxLength={254} spellcheck={false} />;
}

/** The password rules, listed beside the field; enhance.ts ticks them live as the person types. */
export const passwordRules = [
  { id: "min", text: "8 caractères au minimum" },
  { id: "classes", text: "au moins 3 types de caractères parmi : minuscules, majuscules, chiffres, caractères spéciaux" },
  { id: "strength", text: "une robustesse d'au moins 50 bits (recommandation CNIL) : 8 caractères suffisent avec les 4 types, il en faut en général 9 avec 3 types" },
  { id: "max", text: "128 caractères au maximum" },
] as const;

/**
 * A password input with a show / hide button (added by enhance.ts, so without JavaScript it is a
 * plain password field) and, for new passwords, the rules shown beside it.
 */
export function PasswordInput(props: Omit<InputProps, "type" | "value"> & { showRules?: boolean }) {
  const id = fieldId(props.name);
  return (
    <div class="password" data-password>
      <TextInput {...props} type="password" describedBy={props.showRules ? [`${id}-rules`] : []} />
      {props.showRules ? (
        <div class="password__rules" id={`${id}-rules`} data-password-rules={id}>
          <p class="password__rules-title">Votre mot de passe doit contenir :</p>
          <ul>
            {passwordRules.map((rule) => (
              <li data-rule={rule.id}>{rule.text}</li>
            ))}
          </ul>
          <p class="field__hint">
            Il ne doit pas contenir votre identifiant, ni figurer parmi les mots de passe les plus courants, ni
            reprendre l'un de vos 5 derniers mots de passe.
          </p>
        </div>
      ) : null}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** Radio buttons in a fieldset whose legend is the question. */
export function Radios(props: { name: string; legend: string; options: Option[]; value?: string | undefined; error?: string | undefined; hint?: string; inline?: boolean }) {
  const id = fieldId(props.name);
  return (
    <fieldset
      class={`fieldset${props.error ? " field--error" : ""}${props.inline ? " fieldset--inline" : ""}`}
      id={id}
      aria-describedby={[props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
      tabindex={-1}
    >
      <legend class="fieldset__legend">{props.legend}</legend>
      {props.hint ? <p class="field__hint" id={`${id}-hint`}>{props.hint}</p> : null}
      <FieldError id={id} error={props.error} />
      {props.options.map((option, index) => (
        <div class="radio">
          <input type="radio" id={`${id}-${index}`} name={props.name} value={option.value} checked={props.value === option.value} />
          <label for={`${id}-${index}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox (terms acceptance…); its id is the field id so the summary can reach it. */
export function Checkbox(props: { name: string; label: Child; checked?: boolean; error?: string | undefined; value?: string }) {
  const id = fieldId(props.name);
  return (
    <div class={`field checkbox${props.error ? " field--error" : ""}`}>
      <FieldError id={id} error={props.error} />
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? "oui"}
        checked={props.checked}
        aria-describedby={props.error ? `${id}-error` : undefined}
        aria-invalid={props.error ? "true" : undefined}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

export function Button(props: { children?: Child; variant?: "primary" | "secondary" | "danger"; name?: string; value?: string; type?: "submit" | "button" }) {
  return (
    <button type={props.type ?? "submit"} class={`button button--${props.variant ?? "primary"}`} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

export function ButtonLink(props: { href: string; children?: Child; variant?: "primary" | "secondary" }) {
  return (
    <a class={`button button--${props.variant ?? "primary"}`} href={props.href}>
      {props.children}
    </a>
  );
}

/** Alerts: errors are announced at once (role=alert), others politely (role=status). */
export function Alert(props: { type: "success" | "error" | "info" | "warning"; title?: string; children?: Child }) {
  return (
    <div class={`alert alert--${props.type}`} role={props.type === "error" ? "alert" : "status"}>
      {props.title ? <h2 class="alert__title">{props.title}</h2> : null}
      {props.children}
    </div>
  );
}

export function Tag(props: { children?: Child; tone?: "neutral" | "success" | "warning" | "error" | "info" }) {
  return <span class={`tag tag--${props.tone ?? "neutral"}`}>{props.children}</span>;
}

/** Label / value pairs ("Mes informations"): a description list, one row per pair. */
export function SummaryList({ rows }: { rows: [label: string, value: Child][] }) {
  return (
    <dl class="summary-list">
      {rows.map(([label, value]) => (
        <div class="summary-list__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One column of a data table: its header (also shown as the cell's label when rows become cards
 * on a phone), how a row fills its cell, and what the cell holds:
 * - `rowHeader`: the cell names the row (`<th scope="row">`, the card's title on a phone);
 * - `kind: "actions"`: buttons and links, stacked so they never widen the table;
 * - `kind: "date"`: kept on one line; `kind: "number"`: kept on one line, aligned right at desktop widths.
 * Other cells wrap, even inside a long word or address, so a table always fits its container.
 */
export interface TableColumn<Row> {
  header: string;
  /** Said to screen readers after the header ("(réponses Oui)"), not shown. */
  headerDetail?: string;
  cell: (row: Row, index: number) => Child;
  rowHeader?: boolean;
  kind?: "actions" | "date" | "number";
}

/**
 * The portal's data table (RGAA 5.4 caption, header cells scoped to their column or row). Below
 * 48em each row becomes a card whose cells show their column's name (`data-label`, drawn by CSS;
 * the header row is then visually hidden but still read by screen readers, the markup stays a
 * table). At wider screens the table fits its container: cells wrap, actions stack. The wrapper
 * only scrolls as a last resort (it never should: the layout journeys check it).
 * `columns` may hold `false` for a column shown only in some cases; `footer`: a last row (a total)
 * in `<tfoot>`, filled by the same columns.
 */
export function DataTable<Row>(props: {
  id: string;
  caption: Child;
  columns: readonly (TableColumn<Row> | false | null | undefined)[];
  rows: readonly Row[];
  footer?: Row;
  /** The caption is read by screen readers only (a heading just above already says it). */
  captionHidden?: boolean;
}) {
  const captionId = `${props.id}-caption`;
  const columns = props.columns.filter((column): column is TableColumn<Row> => Boolean(column));
  const cells = (row: Row, index: number) =>
    columns.map((column) => {
      const attributes = { "data-label": column.header, class: column.kind ? `table__cell--${column.kind}` : undefined };
      const content = column.cell(row, index);
      return column.rowHeader ? (
        <th scope="row" {...attributes}>
          {content}
        </th>
      ) : (
        <td {...attributes}>{content}</td>
      );
    });
  return (
    <div class="table-wrapper">
      <table class="table table--cards">
        <caption id={captionId} class={props.captionHidden ? "visually-hidden" : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.kind ? `table__cell--${column.kind}` : undefined}>
                {column.header}
                {column.headerDetail ? <span class="visually-hidden"> {column.headerDetail}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr>{cells(row, index)}</tr>
          ))}
        </tbody>
        {props.footer !== undefined ? (
          <tfoot>
            <tr>{cells(props.footer, props.rows.length)}</tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/**
 * A data table given as rows of cells, one per header (see `DataTable`); `rowHeader`: the first
 * cell of each row names it. `kinds` gives a column's kind by its header.
 */
export function Table(props: {
  caption: string;
  headers: string[];
  rows: Child[][];
  id?: string;
  rowHeader?: boolean;
  kinds?: Record<string, TableColumn<Child[]>["kind"]>;
}) {
  return (
    <DataTable
      id={props.id ?? slug(props.caption)}
      caption={props.caption}
      rows={props.rows}
      columns={props.headers.map((header, column) => ({
        header,
        cell: (row: Child[]) => row[column],
        rowHeader: props.rowHeader === true && column === 0,
        kind: props.kinds?.[header],
      }))}
    />
  );
}

/**
 * The lines of an uploaded file that were refused, each with its reasons (the operators' CSV
 * imports): the line number heads its row, an optional column names what the line was about.
 */
export function RejectedLinesTable(props: {
  id: string;
  caption: Child;
  keyHeader?: string;
  reasonsHeader?: string;
  lines: { line: number; key?: Child; reasons: readonly string[] }[];
}) {
  return (
    <DataTable
      id={props.id}
      caption={props.caption}
      rows={props.lines}
      columns={[
        { header: "Ligne", cell: (line) => line.line, rowHeader: true, kind: "number" },
        props.keyHeader ? { header: props.keyHeader, cell: (line) => line.key } : null,
        {
          header: props.reasonsHeader ?? "Motifs",
          cell: (line) => (
            <ul>
              {line.reasons.map((reason) => (
                <li>{reason}</li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

function slug(text: string) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });
const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

/** A date in words ("5 décembre 2026", with the time when asked), machine-readable in `datetime`. */
export function DateText({ date, withTime }: { date: Date; withTime?: boolean }) {
  return <time datetime={date.toISOString()}>{(withTime ? dateTimeFormat : dateFormat).format(date)}</time>;
}
