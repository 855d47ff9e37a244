/**
 * What every check of this folder returns: the normalised value, or the sentence to show the
 * user under the field (French, ends with a full stop). Errors are data, never exceptions, so
 * a form can collect them all and re-render with status 422.
 */
export type Check<T = string> = { ok: true; value: T } | { ok: false; message: string };

export const valid = <T>(value: T): Check<T> => ({ ok: true, value });
export const invalid = (message: string): { ok: false; message: string } => ({ ok: false, message });

/**
 * Removes what people put between groups of characters when they copy or type an identifier:
 * spaces (including no-break and narrow no-break spaces from copied documents), dots, dashes.
 */
export function stripSeparators(input: string): string {
  return input.replace(/[\s.\-‐‑‒–—_]/g, "");
}
