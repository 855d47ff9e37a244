import type { RequestStatus } from "../../platform/db/schema.ts";
import { stripSeparators } from "../../platform/french/check.ts";
import { parseRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { REQUEST_NUMBER_ALPHABET, REQUEST_NUMBER_MESSAGES } from "../../platform/request-numbers/request-numbers.ts";
import { DEFAULT_SORT, type RequestAskFilter, type RequestAssignment, type RequestListFilter, type RequestSearch, type RequestSort } from "../../core/requests/queries/agents.ts";

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

/** The shortest part of a number searched for (trigrams need three; four keep the matches few). */
export const NUMBER_PART_MIN = 4;

/** Digits typed for the letters they look like (as parseRequestNumber reads them). */
const LOOK_ALIKES: Readonly<Record<string, string>> = { "0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B" };

/**
 * What the search box holds: a request number (typed with spaces, dashes, in lower case…), part of
 * one (the last six characters "C4W DSP", with or without spaces), or part of a name. Text that
 * can only be a number attempt (a digit, 18 characters in one piece, groups of three) but is not a
 * valid one gets the sentence saying why.
 */
export function parseSearch(raw: unknown): { search: RequestSearch; text: string; error: string | null } {
  const text = typeof raw === "string" ? raw.trim().slice(0, SEARCH_MAX) : "";
  if (text === "") return { search: { kind: "none" }, text, error: null };
  const number = parseRequestNumber(text);
  if (number.ok) return { search: { kind: "number", number: number.value }, text, error: null };
  const compact = stripSeparators(text.normalize("NFKC")).toUpperCase();
  if (looksLikeNumber(text)) {
    if (compact.length >= REQUEST_NUMBER_LENGTH) return { search: { kind: "none" }, text, error: number.message };
    const part = [...compact].map((char) => LOOK_ALIKES[char] ?? char).join("");
    if (![...part].every((char) => REQUEST_NUMBER_ALPHABET.includes(char))) return { search: { kind: "none" }, text, error: REQUEST_NUMBER_MESSAGES.characters };
    if (part.length < NUMBER_PART_MIN) return { search: { kind: "none" }, text, error: `Saisissez au moins ${NUMBER_PART_MIN} caractères du numéro de demande (par exemple ses 6 derniers), ou le numéro complet.` };
    return { search: { kind: "number-part", part }, text, error: null };
  }
  if (compact.length < 2) return { search: { kind: "none" }, text, error: "Saisissez au moins 2 lettres du nom recherché, ou le numéro de la demande." };
  // Letters that may be part of a number without a digit ("TGD PJN" in groups, or "tgdpjn": a number's
  // body has no vowel): a name or that part, both looked for. A plain name ("Martin") stays a name only.
  const part = [...compact].map((char) => LOOK_ALIKES[char] ?? char).join("");
  const numberShaped = /^([a-z0-9]{3}[\s.-])+[a-z0-9]{1,3}$/i.test(text) || !/[AEIOUY]/.test(part);
  if (numberShaped && part.length >= NUMBER_PART_MIN && [...part].every((char) => REQUEST_NUMBER_ALPHABET.includes(char))) {
    return { search: { kind: "name", text, numberPart: part }, text, error: null };
  }
  return { search: { kind: "name", text }, text, error: null };
}

const REQUEST_NUMBER_LENGTH = 18;

function looksLikeNumber(text: string): boolean {
  return /\d/.test(text) || /^[a-z]{18}$/i.test(text) || /^([a-z0-9]{3}[\s.-]){5}[a-z0-9]{3}$/i.test(text);
}

/** "Agent" filter: everyone's requests, the viewer's ("moi"), nobody's ("aucun") or a named agent's (their id). */
export const ASSIGNMENT_ANYONE = "";
export const ASSIGNMENT_ME = "moi";
export const ASSIGNMENT_NOBODY = "aucun";

/** Where the requests stand with the applicant. */
export const askFilters = {
  "": { label: "Toutes", asks: "any" },
  "en-attente": { label: "En attente du demandeur", asks: "waiting" },
  "reponse-recue": { label: "Réponse reçue", asks: "answered" },
} as const satisfies Record<string, { label: string; asks: RequestAskFilter }>;
export type AskFilterValue = keyof typeof askFilters;

/** The orders of the list (the first is the default: the queue processed in order). */
export const sortOptions = {
  "depot-croissant": { label: "Date de dépôt, la plus ancienne d'abord", caption: "par date de dépôt, de la plus ancienne à la plus récente", sort: DEFAULT_SORT },
  "depot-decroissant": { label: "Date de dépôt, la plus récente d'abord", caption: "par date de dépôt, de la plus récente à la plus ancienne", sort: { by: "filed", direction: "desc" } },
  "activite-decroissant": { label: "Dernière activité, la plus récente d'abord", caption: "par dernière activité, de la plus récente à la plus ancienne", sort: { by: "activity", direction: "desc" } },
  "activite-croissant": { label: "Dernière activité, la plus ancienne d'abord", caption: "par dernière activité, de la plus ancienne à la plus récente", sort: { by: "activity", direction: "asc" } },
} as const satisfies Record<string, { label: string; caption: string; sort: RequestSort }>;
export type SortValue = keyof typeof sortOptions;
export const DEFAULT_SORT_VALUE: SortValue = "depot-croissant";

/** The list's parameters as the address and the form hold them (canonical values). */
export interface RequestListValues {
  statut: StatusFilter;
  agent: string;
  echange: AskFilterValue;
  tri: SortValue;
  recherche: string;
}

export interface RequestListQuery {
  /** The selection to list (or export): defaults where a parameter was wrong. */
  filter: RequestListFilter;
  values: RequestListValues;
  page: number;
  /** Why a parameter was refused, by field name (`recherche`, `agent`), in French; empty when all is well. */
  errors: Partial<Record<"recherche" | "agent", string>>;
}

const pick = <T extends string>(options: Record<T, unknown>, raw: unknown, fallback: T): T =>
  typeof raw === "string" && Object.hasOwn(options, raw) ? (raw as T) : fallback;

/**
 * The one reading of an agents' list address (`?statut=…&agent=moi&echange=en-attente&tri=…
 * &recherche=…&page=…`) into the selection it names: what the list shows and an export exports.
 * `viewerId` is the agent looking ("moi", "Réponse reçue"); `agentIds` the procedure's agents (a
 * named agent must be one of them). A status, ask filter or order out of the allowed set falls
 * back to its default; a search or an agent that cannot be used is left out of the filter and
 * explained in `errors`.
 */
export function parseRequestListQuery(query: unknown, context: { viewerId: string; agentIds: readonly string[] }): RequestListQuery {
  const source = (typeof query === "object" && query !== null ? query : {}) as Record<string, unknown>;
  const first = (name: string) => (Array.isArray(source[name]) ? (source[name] as unknown[])[0] : source[name]);
  const errors: RequestListQuery["errors"] = {};
  const statut = parseFilter(first("statut"));
  const echange = pick(askFilters, first("echange"), "");
  const tri = pick(sortOptions, first("tri"), DEFAULT_SORT_VALUE);
  const { search, text, error } = parseSearch(first("recherche"));
  if (error) errors.recherche = error;
  const rawAgent = typeof first("agent") === "string" ? (first("agent") as string).trim() : "";
  let agent = rawAgent;
  let assignment: RequestAssignment = { kind: "anyone" };
  if (rawAgent === ASSIGNMENT_ME) assignment = { kind: "agent", agentId: context.viewerId };
  else if (rawAgent === ASSIGNMENT_NOBODY) assignment = { kind: "nobody" };
  else if (rawAgent !== ASSIGNMENT_ANYONE) {
    if (context.agentIds.includes(rawAgent)) assignment = { kind: "agent", agentId: rawAgent };
    else {
      errors.agent = "Choisissez un agent instructeur de cette démarche dans la liste.";
      agent = ASSIGNMENT_ANYONE;
    }
  }
  return {
    filter: { statuses: statusFilters[statut].statuses, search, assignment, asks: askFilters[echange].asks, sort: sortOptions[tri].sort },
    values: { statut, agent, echange, tri, recherche: text },
    page: parsePage(first("page")),
    errors,
  };
}

/** The list's address for its parameters and page, leaving defaults out. */
export function requestListUrl(slug: string, options: Partial<RequestListValues> & { page?: number } = {}): string {
  const query = new URLSearchParams();
  if (options.statut && options.statut !== DEFAULT_FILTER) query.set("statut", options.statut);
  if (options.agent) query.set("agent", options.agent);
  if (options.echange) query.set("echange", options.echange);
  if (options.tri && options.tri !== DEFAULT_SORT_VALUE) query.set("tri", options.tri);
  if (options.recherche) query.set("recherche", options.recherche);
  if (options.page && options.page > 1) query.set("page", String(options.page));
  const search = query.toString();
  return `/instruction/${slug}${search ? `?${search}` : ""}`;
}

/** How the « Agent » filter reads: « Tous les agents », « Assignées à moi », « Non assignées », « Assignées à Jeanne Martin ». */
export function assignmentLabel(agent: string, agents: readonly { id: string; firstName: string | null; lastName: string | null }[], viewerId: string): string {
  if (agent === ASSIGNMENT_ANYONE) return "Tous les agents";
  if (agent === ASSIGNMENT_ME || agent === viewerId) return "Assignées à moi";
  if (agent === ASSIGNMENT_NOBODY) return "Non assignées";
  const named = agents.find((candidate) => candidate.id === agent);
  return named ? `Assignées à ${[named.firstName, named.lastName].filter(Boolean).join(" ") || "un agent sans nom"}` : "Un agent qui n'instruit plus cette démarche";
}

/** Every filter of a list's selection, as label and value: what an export says it applies. */
export function describeListValues(values: RequestListValues, agents: readonly { id: string; firstName: string | null; lastName: string | null }[], viewerId: string): [string, string][] {
  return [
    ["Statut", statusFilters[values.statut].label],
    ["Agent", assignmentLabel(values.agent, agents, viewerId)],
    ["Échanges avec le demandeur", askFilters[values.echange].label],
    ["Ordre", sortOptions[values.tri].label],
    ["Recherche", values.recherche === "" ? "Aucune" : values.recherche],
  ];
}

/**
 * The list's parameters as an export recorded them (columns of request_exports), read back with
 * the list's defaults: a value out of the set (an older row, a hand-edited one) is its default.
 */
export function storedListValues(row: { statusFilter: string; agentFilter: string; askFilter: string; sortOrder: string; search: string }): RequestListValues {
  return {
    statut: parseFilter(row.statusFilter),
    agent: row.agentFilter,
    echange: pick(askFilters, row.askFilter, ""),
    tri: pick(sortOptions, row.sortOrder, DEFAULT_SORT_VALUE),
    recherche: row.search,
  };
}
