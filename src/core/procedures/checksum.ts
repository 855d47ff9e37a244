import { createHash } from "node:crypto";

/** JSON with keys sorted at every level: the same definition always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of the definition's canonical JSON: reformatting a file (spaces, key order) does not
 * make a new version; changing any value does.
 */
export function definitionChecksum(definition: unknown): string {
  return createHash("sha256").update(canonicalJson(definition)).digest("hex");
}
