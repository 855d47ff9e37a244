const BASE = "http://guichet.invalid";

/**
 * A return address a visitor handed us (`?retour=`, a hidden field), made safe to send back in
 * a Location or Refresh header; `undefined` when it is not one of our own paths.
 *
 * Only a path starting with a single "/" is accepted: "//evil.example" is another site, and
 * browsers drop tabs and newlines and read a backslash as "/", so "/\t/evil.example" and
 * "/\evil.example" would be too. Control characters (C0, DEL, C1) and the line and paragraph
 * separators U+2028/U+2029 are refused outright: no legitimate link holds them and some parsers
 * split on them. The answer is the path as a browser resolves it, with every character outside
 * ASCII percent-encoded as UTF-8 ("/€" becomes "/%E2%82%AC"): Node refuses a header holding a
 * character above U+00FF, and a browser reads a raw Latin-1 byte in Location as broken UTF-8.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.length > 500) return undefined;
  if ([...value].some(refused)) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (resolved.origin !== BASE) return undefined;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // URL serialises non-ASCII as %XX already; this guards the header against anything it kept.
  return /^\/[\x21-\x7e]*$/.test(path) && !path.startsWith("//") ? path : undefined;
}

function refused(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return character === "\\" || code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

