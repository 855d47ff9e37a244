import { FormatRegistry, Type, type Static, type StringOptions, type TLiteral, type TObject, type TSchema, type TString, type TUnion } from "@sinclair/typebox";
import { ValueErrorType } from "@sinclair/typebox/errors";
import { Value } from "@sinclair/typebox/value";

/**
 * Form bodies arrive as whatever a client sends (url-encoded, JSON, repeated keys). Use cases
 * only ever see trimmed strings: anything else becomes "" or its first value, never a crash.
 */
export function readForm<const K extends string>(body: unknown, names: readonly K[], options: { keepSpaces?: readonly K[] } = {}): Record<K, string> {
  const source = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const form = {} as Record<K, string>;
  for (const name of names) {
    let value = source[name];
    if (Array.isArray(value)) value = value[0];
    const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
    // Passwords keep their spaces: they are part of the secret.
    form[name] = options.keepSpaces?.includes(name) ? text : text.trim();
  }
  return form;
}

/** Values sent back on a 422: every typed field except secrets. */
export function withoutSecrets<T extends Record<string, string>>(form: T, secrets: readonly (keyof T)[]): Record<string, string> {
  const copy: Record<string, string> = { ...form };
  for (const secret of secrets) delete copy[secret as string];
  return copy;
}

/**
 * Declared forms: each field says once what it accepts and, in French, what to tell the person
 * when it does not (the messages the pages show). The TypeBox schema of a field checks the value
 * once `readForm`'s rules made it a string, so a hostile body (arrays, objects, numbers) is still
 * never a crash. Rules that need the database or several fields stay in the use case, which
 * throws a `FormError` the route answers the same way.
 */
export interface Field<S extends TSchema = TSchema> {
  readonly schema: S;
  /** Passwords and captcha solutions: never sent back on a 422. */
  readonly secret: boolean;
  /** Passwords: read as sent, spaces are part of the secret. */
  readonly keepSpaces: boolean;
  readonly messages: { readonly required?: string; readonly tooLong?: string; readonly invalid?: string };
}

interface TextOptions {
  /** The message when the field is empty; without it the field may be left empty. */
  required?: string;
  /** Length in UTF-16 units, as `String.length` counts. */
  max?: number;
  /** Defaults to "Votre saisie est trop longue : <max> caractères au maximum." */
  tooLong?: string;
  pattern?: RegExp;
  /** A rule a pattern cannot say (an address, a web address…), checked as a TypeBox format. */
  check?: (value: string) => boolean;
  /** The message when `pattern` or `check` refuses the value. */
  invalid?: string;
}

let formats = 0;

function textField(options: TextOptions, kind: { secret: boolean; keepSpaces: boolean }): Field<TString> {
  const schema: StringOptions = {};
  if (options.required !== undefined) schema.minLength = 1;
  if (options.max !== undefined) schema.maxLength = options.max;
  if (options.pattern) {
    // TypeBox reads patterns without flags: a flagged one would silently change meaning.
    if (options.pattern.flags !== "") throw new Error(`Form patterns take no flags: ${options.pattern}`);
    schema.pattern = options.pattern.source;
  }
  if (options.check) {
    schema.format = `guichet-form-${++formats}`;
    FormatRegistry.Set(schema.format, options.check);
  }
  const tooLong = options.max !== undefined ? (options.tooLong ?? `Votre saisie est trop longue : ${options.max} caractères au maximum.`) : undefined;
  return {
    schema: Type.String(schema),
    ...kind,
    messages: { ...(options.required !== undefined ? { required: options.required } : {}), ...(tooLong ? { tooLong } : {}), ...(options.invalid ? { invalid: options.invalid } : {}) },
  };
}

export const field = {
  /** A text, trimmed. */
  text: (options: TextOptions = {}) => textField(options, { secret: false, keepSpaces: false }),
  /**
   * Several optional texts at once, for the long forms whose rules need the database or several
   * fields together and so stay in the use case (which reads them in the order of its list).
   */
  texts: <const K extends string>(names: readonly K[]): Record<K, Field<TString>> =>
    Object.fromEntries(names.map((name) => [name, textField({}, { secret: false, keepSpaces: false })])) as Record<K, Field<TString>>,
  /** A password: spaces kept, never sent back. */
  password: (options: Pick<TextOptions, "required" | "max" | "tooLong"> = {}) => textField(options, { secret: true, keepSpaces: true }),
  /** A captcha solution: trimmed, never sent back (it is used up). */
  captcha: () => textField({}, { secret: true, keepSpaces: false }),
  /**
   * One of a list (radio buttons, a select, a checkbox's "oui"). An empty or unknown value gets
   * `required`, or `invalid` when given; put "" in the list for an optional choice.
   */
  choice: <const V extends string>(values: readonly [V, ...V[]], messages: { required: string; invalid?: string }): Field<TUnion<TLiteral<V>[]>> => ({
    schema: Type.Union(values.map((value) => Type.Literal(value))),
    secret: false,
    keepSpaces: false,
    messages,
  }),
};

export interface FormDefinition<F extends Record<string, Field> = Record<string, Field>> {
  readonly fields: F;
  /** The fields as one TypeBox object: the type of the values a valid form gives. */
  readonly schema: TObject<{ [K in keyof F]: F[K]["schema"] }>;
}

export type FormValues<D extends FormDefinition> = Static<D["schema"]>;

/** What was read: typed values when valid; otherwise the messages. `sent` is what a 422 shows again. */
export type ParsedForm<D extends FormDefinition> =
  | { valid: true; values: FormValues<D>; sent: Record<string, string> }
  | { valid: false; errors: Record<string, string>; sent: Record<string, string> };

export function defineForm<const F extends Record<string, Field>>(fields: F): FormDefinition<F> {
  const properties = Object.fromEntries(Object.entries(fields).map(([name, declared]) => [name, declared.schema])) as { [K in keyof F]: F[K]["schema"] };
  return { fields, schema: Type.Object(properties) };
}

/** The field's message for a value its schema refuses: emptiness first, then length, then shape. */
function messageFor(declared: Field, value: string): string {
  const { required, tooLong, invalid } = declared.messages;
  if (value === "" && required !== undefined) return required;
  const error = Value.Errors(declared.schema, value).First();
  if (error?.type === ValueErrorType.StringMaxLength && tooLong) return tooLong;
  return invalid ?? required ?? "Cette valeur n'est pas acceptée.";
}

/**
 * Reads a body against a declared form, never throwing: every field as `readForm` reads it, then
 * checked by its schema. Errors come in the order of the declaration, one per field, as the
 * error summary lists them.
 */
export function parseForm<D extends FormDefinition>(form: D, body: unknown): ParsedForm<D> {
  const names = Object.keys(form.fields);
  const secrets = names.filter((name) => form.fields[name]!.secret);
  const read = readForm(body, names, { keepSpaces: names.filter((name) => form.fields[name]!.keepSpaces) });
  const sent = withoutSecrets(read, secrets);
  const errors: Record<string, string> = {};
  for (const name of names) {
    const declared = form.fields[name]!;
    // A field without a "required" message may be left empty, whatever its pattern says.
    if (read[name] === "" && declared.messages.required === undefined) continue;
    if (!Value.Check(declared.schema, read[name])) errors[name] = messageFor(declared, read[name]);
  }
  if (Object.keys(errors).length > 0) return { valid: false, errors, sent };
  return { valid: true, values: read as FormValues<D>, sent };
}
