import type { Db } from "../../platform/db/database.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { normalizeLogin } from "../../core/accounts/identifiers.ts";
import { findAccountByLogin } from "../../core/accounts/queries/accounts.ts";
import type { AuditFilter } from "./queries.ts";

export interface AuditQuery {
  personne?: unknown;
  action?: unknown;
  du?: unknown;
  au?: unknown;
  avant?: unknown;
}

export type AuditValues = { personne: string; action: string; du: string; au: string };

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** Midnight in Europe/Paris on a 'YYYY-MM-DD' day. */
export function parisMidnight(day: string): Date {
  const utc = new Date(`${day}T00:00:00Z`);
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", hourCycle: "h23" }).format(utc));
  return new Date(utc.getTime() - hour * 3_600_000);
}

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The audit trail's filters from the address, checked: the person by identifier or e-mail
 * address, an action among the known codes, a range of days (Europe/Paris). Errors in French,
 * keyed by field; never a crash whatever the address holds.
 */
export async function readAuditFilters(db: Db, query: AuditQuery, knownCodes: ReadonlySet<string>) {
  const values: AuditValues = { personne: text(query.personne), action: text(query.action), du: text(query.du), au: text(query.au) };
  const errors: FieldErrors = {};
  const filter: AuditFilter = {};
  if (values.personne) {
    const account = values.personne.length <= 254 ? await findAccountByLogin(db, normalizeLogin(values.personne)) : undefined;
    if (account) filter.accountId = account.id;
    else errors.personne = "Aucun compte n'a cet identifiant ou cette adresse électronique.";
  }
  if (values.action) {
    if (knownCodes.has(values.action)) filter.event = values.action;
    else errors.action = "Choisissez une action de la liste.";
  }
  if (values.du) {
    if (isDay(values.du)) filter.from = parisMidnight(values.du);
    else errors.du = "Indiquez la date de début au format jj/mm/aaaa.";
  }
  if (values.au) {
    if (isDay(values.au)) filter.to = parisMidnight(new Date(Date.parse(`${values.au}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    else errors.au = "Indiquez la date de fin au format jj/mm/aaaa.";
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.au = "La date de fin doit être le même jour que la date de début ou après.";
  const before = text(query.avant);
  if (/^[1-9]\d{0,17}$/.test(before)) filter.beforeId = Number(before);
  return { values, errors, filter };
}
