import { foldAccents } from "./search-words.ts";

/** An article's address: lower-case letters and digits in words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 80;

/** "Joindre ses pièces : formats acceptés" → "joindre-ses-pieces-formats-acceptes". */
export function slugOf(title: string): string {
  const slug = foldAccents(title)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
  return slug || "article";
}
