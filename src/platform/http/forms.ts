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
