import type { Child } from "hono/jsx";
import { describeTypes, FILE_TYPES, type FileTypeName } from "../platform/uploads/file-types.ts";
import { formatFileSize } from "../platform/uploads/uploads.ts";
import { Button, FieldError, fieldId, Form } from "./components.tsx";

/** The `accept` list of a set of formats, every extension of each (".jpg,.jpeg" for JPEG). */
export function acceptOf(formats: readonly FileTypeName[]): string {
  return formats.flatMap((format) => FILE_TYPES[format].extensions.map((extension) => `.${extension}`)).join(",");
}

export interface FileFieldProps {
  name: string;
  /** Defaults to the name's field id, so that an error summary reaches it. */
  id?: string;
  label: Child;
  /** Read after the label by screen readers only, when a page has several file fields (the document they are for). */
  document?: string;
  /** The accepted formats: the `accept` list and, without `hint`, the hint. */
  formats?: readonly FileTypeName[];
  /** Maximum size, in the hint written from `formats`. */
  maxMb?: number;
  /** `accept` when the formats are not document types (CSV imports). */
  accept?: string;
  /** Replaces the hint written from the formats and size (which it must then state itself). */
  hint?: Child;
  optional?: boolean;
  required?: boolean;
  error?: string | undefined;
  /** Other elements describing the input (a file dropped by a refused form…). */
  describedBy?: string[];
  /** The field's own red frame; off when its section already carries the error state. */
  framesError?: boolean;
}

/**
 * A file field in French: a real `<input type=file>` (focusable, labelled, described by its hint and
 * error) and a second label, "Choisir un fichier", shaped as a button, which opens the browser's
 * file chooser without any script and shows the focus ring when the input has focus. Without
 * JavaScript the browser's own text next to it says which file is chosen; with it
 * (src/ui/client/file-field.ts) the input is hidden but still focusable, a live text says
 * "Aucun fichier choisi" or the chosen name, and a file can be dropped onto the field.
 */
export function FileField(props: FileFieldProps) {
  const id = props.id ?? fieldId(props.name);
  const { error } = props;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null, ...(props.describedBy ?? [])].filter(Boolean).join(" ");
  const hint =
    props.hint === undefined ? (
      <p class="field__hint" id={`${id}-hint`}>
        {props.formats ? `Formats acceptés : ${describeTypes(props.formats)}.` : null}
        {props.maxMb !== undefined ? ` Taille maximale : ${props.maxMb} Mo.` : null}
      </p>
    ) : (
      <div class="field__hint" id={`${id}-hint`}>
        {props.hint}
      </div>
    );
  return (
    <div class={`field file-field${error && props.framesError !== false ? " field--error" : ""}`} data-file-field>
      <label class="field__label" for={id}>
        {props.label}
        {props.optional ? <span class="field__optional"> (facultatif)</span> : null}
        {props.document ? <span class="visually-hidden"> : {props.document}</span> : null}
      </label>
      {hint}
      <FieldError id={id} error={error} />
      <div class="file-field__control" data-file-drop>
        <input
          type="file"
          class="file-field__input"
          id={id}
          name={props.name}
          accept={props.accept ?? (props.formats ? acceptOf(props.formats) : undefined)}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          aria-required={props.required ? "true" : undefined}
        />
        <label class="file-field__button" for={id}>
          Choisir un fichier
        </label>
        <span class="file-field__status" data-file-status aria-live="polite" />
      </div>
    </div>
  );
}

/** A file kept by the portal, as its row shows it. */
export interface UploadedFileInfo {
  name: string;
  size: number;
  type: FileTypeName;
  uploadedAt: Date;
}

/** Where a row's forms post, with the hidden fields they carry besides the token. */
interface RowAction {
  action: string;
  csrfToken: string;
  hidden?: Record<string, string>;
}

const uploadDay = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

function hiddenFields(hidden: Record<string, string> | undefined) {
  return Object.entries(hidden ?? {}).map(([name, value]) => <input type="hidden" name={name} value={value} />);
}

/**
 * One uploaded file: its name (a download link when there is one), size, type and date of upload,
 * then "Remplacer" and "Supprimer", both named after the file for screen readers. "Remplacer"
 * discloses a file field and its button (a `<details>`, so no script is needed); each action is
 * its own form. The row stacks on a phone.
 */
export function UploadedFile(props: {
  file: UploadedFileInfo;
  href?: string | undefined;
  /** The replacing form: posts the new file as `input.name`. */
  replace?: RowAction & { input: { id: string; name: string; formats: readonly FileTypeName[]; maxMb: number } };
  remove?: RowAction;
}) {
  const { file, replace, remove } = props;
  return (
    <li class="file-row">
      <div class="file-row__file">
        {props.href ? (
          <a class="file-row__name" href={props.href}>
            {file.name}
            <span class="visually-hidden"> (télécharger)</span>
          </a>
        ) : (
          <span class="file-row__name">{file.name}</span>
        )}
        <p class="file-row__meta">
          <span>{formatFileSize(file.size)}</span>
          <span aria-hidden="true"> · </span>
          <span>{FILE_TYPES[file.type].label}</span>
          <span aria-hidden="true"> · </span>
          <span>
            déposé le <time datetime={file.uploadedAt.toISOString()}>{uploadDay.format(file.uploadedAt)}</time>
          </span>
        </p>
      </div>
      {replace || remove ? (
        <div class="file-row__actions">
          {replace ? (
            <details class="file-row__replace">
              <summary class="button button--secondary">
                Remplacer<span class="visually-hidden"> {file.name}</span>
              </summary>
              <Form action={replace.action} csrfToken={replace.csrfToken} enctype="multipart/form-data" class="file-row__replace-form">
                {hiddenFields(replace.hidden)}
                <FileField
                  id={replace.input.id}
                  name={replace.input.name}
                  label="Nouveau fichier"
                  document={`remplace ${file.name}`}
                  formats={replace.input.formats}
                  maxMb={replace.input.maxMb}
                />
                <Button>
                  Remplacer le fichier<span class="visually-hidden"> {file.name}</span>
                </Button>
              </Form>
            </details>
          ) : null}
          {remove ? (
            <Form action={remove.action} csrfToken={remove.csrfToken} class="inline-form">
              {hiddenFields(remove.hidden)}
              <Button variant="secondary">
                Supprimer<span class="visually-hidden"> {file.name}</span>
              </Button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** The rows of a list of uploaded files. */
export function UploadedFiles(props: { children?: Child }) {
  return <ul class="file-list">{props.children}</ul>;
}
