import type { Child } from "hono/jsx";
import type { GrantStatus } from "../../platform/db/schema.ts";
import { fieldId, Tag } from "../../ui/components.tsx";
import { grantStatusLabels } from "./grant-status.ts";

/** Small pieces the feature's pages share. */

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });
const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

export function DateText({ date, withTime }: { date: Date; withTime?: boolean }) {
  return <time datetime={date.toISOString()}>{(withTime ? dateTimeFormat : dateFormat).format(date)}</time>;
}

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

const tones: Record<GrantStatus, "info" | "success" | "error" | "neutral"> = {
  pending: "info",
  granted: "success",
  refused: "error",
  revoked: "neutral",
};

/** "en cours de validation", "validée", "refusée", "désactivée". */
export function GrantStatusTag({ status }: { status: GrantStatus }) {
  return <Tag tone={tones[status]}>{grantStatusLabels[status]}</Tag>;
}

/** A multi-line text field, tied to its label, hint and error as TextInput is. */
export function TextArea(props: { name: string; label: string; hint?: Child; value?: string | undefined; error?: string | undefined; maxLength?: number; rows?: number; required?: boolean }) {
  const id = fieldId(props.name);
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div class={`field${props.error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>
        {props.label}
        {props.required === false ? <span class="field__optional"> (facultatif)</span> : null}
      </label>
      {props.hint ? <p class="field__hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {props.error ? (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">Erreur : </span>
          {props.error}
        </p>
      ) : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        maxlength={props.maxLength}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? "true" : undefined}
        aria-required={props.required === false ? undefined : "true"}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

/** Paragraphs of text kept as typed: blank lines separate them, single line breaks stay. */
export function Paragraphs({ paragraphs }: { paragraphs: string[] }) {
  return (
    <>
      {paragraphs.map((paragraph) => (
        <p>
          {paragraph.split("\n").map((line, index) => (
            <>
              {index > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}
