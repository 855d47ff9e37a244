import type { LetterStatus } from "../../platform/db/schema.ts";

/** The outbox's filters, as they appear in its address (`?etat=a-poster`), with the states each shows. */
export const letterFilters = {
  "a-envoyer": { label: "À envoyer (en préparation ou à poster)", statuses: ["queued", "generated"] },
  "a-poster": { label: "À poster", statuses: ["generated"] },
  "en-preparation": { label: "En préparation", statuses: ["queued"] },
  postes: { label: "Postés", statuses: ["posted"] },
  annules: { label: "Annulés", statuses: ["cancelled"] },
  tous: { label: "Tous les courriers", statuses: ["queued", "generated", "posted", "cancelled"] },
} as const satisfies Record<string, { label: string; statuses: readonly LetterStatus[] }>;

export type LetterFilter = keyof typeof letterFilters;

/** The letters still to be sent are what an admin comes for; an unknown value falls back to them. */
export const DEFAULT_FILTER: LetterFilter = "a-envoyer";

export function parseFilter(raw: unknown): LetterFilter {
  return typeof raw === "string" && Object.hasOwn(letterFilters, raw) ? (raw as LetterFilter) : DEFAULT_FILTER;
}

export function parsePage(raw: unknown): number {
  const page = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return page >= 1 ? page : 1;
}

/** The list's address for a filter and page, leaving defaults out. */
export function outboxUrl(filter: LetterFilter, page = 1): string {
  const query = new URLSearchParams();
  if (filter !== DEFAULT_FILTER) query.set("etat", filter);
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return `/administration/courriers${search ? `?${search}` : ""}`;
}
