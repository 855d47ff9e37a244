import type { RequestStatus } from "../../platform/db/schema.ts";
import { stripSeparators } from "../../platform/french/check.ts";
import { parseRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import type { RequestSearch } from "../../core/requests/queries/agents.ts";

/** Each status as agents read it, singular. */
export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: "Brouillon",
  filed: "Déposée",
  in_instruction: "En instruction",
  accepted: "Acceptée",
  refused: "Refusée",
  closed: "Classée sans suite",
  abandoned: "Abandonnée",
  expired: "Expirée",
};

/**
 * The list's filters, as they appear in its address (`?statut=deposees`). An abandoned request
 * leaves the default queue but keeps its own filter (with its history).
 */
export const statusFilters = {
  toutes: { label: "Toutes, sauf les abandonnées", statuses: ["filed", "in_instruction", "accepted", "refused", "closed"] },
  "a-traiter": { label: "À traiter (déposées et en instruction)", statuses: ["filed", "in_instruction"] },
  deposees: { label: "Déposées", statuses: ["filed"] },
  "en-instruction": { label: "En instruction", statuses: ["in_instruction"] },
  acceptees: { label: "Acceptées", statuses: ["accepted"] },
  refusees: { label: "Refusées", statuses: ["refused"] },
  "classees-sans-suite": { label: "Classées sans suite", statuses: ["closed"] },
  abandonnees: { label: "Abandonnées", statuses: ["abandoned"] },
  expirees: { label: "Expirées", statuses: ["expired"] },
} as const satisfies Record<string, { label: string; statuses: readonly RequestStatus[] }>;

export type StatusFilter = keyof typeof statusFilters;

export const DEFAULT_FILTER: StatusFilter = "toutes";

export function parseFilter(raw: unknown): StatusFilter {
  return typeof raw === "string" && Object.hasOwn(statusFilters, raw) ? (raw as StatusFilter) : DEFAULT_FILTER;
}

export function parsePage(raw: unknown): number {
  const page = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return page >= 1 ? page : 1;
}

/** The longest search kept: a name or a number with its separators. */
const SEARCH_MAX = 100;

/**
 * What the search box holds: a request number (typed with spaces, dashes, in lower case…) or
 * part of a name. Text that can only be a number attempt (a digit, 18 characters in one
 * piece or in groups of three) gets the sentence saying why it is not a valid one.
 */
export function parseSearch(raw: unknown): { search: RequestSearch; text: string; error: string | null } {
  const text = typeof raw === "string" ? raw.trim().slice(0, SEARCH_MAX) : "";
  if (text === "") return { search: { kind: "none" }, text, error: null };
  const number = parseRequestNumber(text);
  if (number.ok) return { search: { kind: "number", number: number.value }, text, error: null };
  if (looksLikeNumber(text)) return { search: { kind: "none" }, text, error: number.message };
  const compact = stripSeparators(text);
  if (compact.length < 2) return { search: { kind: "none" }, text, error: "Saisissez au moins 2 lettres du nom recherché, ou le numéro de la demande." };
  return { search: { kind: "name", text }, text, error: null };
}

function looksLikeNumber(text: string): boolean {
  return /\d/.test(text) || /^[a-z]{18}$/i.test(text) || /^([a-z0-9]{3}[\s.-]){5}[a-z0-9]{3}$/i.test(text);
}

/** The list's address for a filter, search and page, leaving defaults out. */
export function requestListUrl(slug: string, options: { filter?: StatusFilter; search?: string; page?: number } = {}): string {
  const query = new URLSearchParams();
  if (options.filter && options.filter !== DEFAULT_FILTER) query.set("statut", options.filter);
  if (options.search) query.set("recherche", options.search);
  if (options.page && options.page > 1) query.set("page", String(options.page));
  const search = query.toString();
  return `/instruction/${slug}${search ? `?${search}` : ""}`;
}
