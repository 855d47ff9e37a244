import type { Db } from "../../platform/db/database.ts";
import type { RequestFlow } from "../../platform/db/schema.ts";
import type { Bar } from "../../ui/charts.tsx";
import { listBacklog, listFlowCounts, listProcessingDays, type BacklogAge, type PeriodUnit } from "../../core/requests/queries/statistics.ts";

/*
 * The statistics of a procedure (or of the whole platform): five tables of figures, each drawn
 * as an SVG chart, shown as an HTML table and downloadable as CSV — all three from the same rows.
 */

/** How many periods the charts show: 12 months or 12 weeks, the current one last. */
export const PERIODS = 12;

export const PERIOD_UNITS = { mois: "month", semaine: "week" } as const satisfies Record<string, PeriodUnit>;
export type PeriodParam = keyof typeof PERIOD_UNITS;

export type Chart = { kind: "bars" | "horizontal"; bars: Bar[] } | { kind: "grouped"; series: string[]; groups: { label: string; values: number[] }[] };

export interface StatisticsTable {
  /** Also the CSV's address: /…/statistiques/csv/<id>. */
  id: TableId;
  title: string;
  /** The chart's description (its `<desc>`), a sentence with the main figures. */
  description: string;
  columns: string[];
  rows: (string | number)[][];
  chart: Chart;
}

export const TABLE_IDS = ["demandes", "entonnoir", "delais", "stock", "groupes"] as const;
export type TableId = (typeof TABLE_IDS)[number];

const numbers = new Intl.NumberFormat("fr-FR");
const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });
const monthLong = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });
const monthShort = new Intl.DateTimeFormat("fr-FR", { month: "short", year: "2-digit", timeZone: "UTC" });
const dayLong = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });
const dayShort = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", timeZone: "UTC" });

/** Today in Europe/Paris, 'YYYY-MM-DD'. */
export function parisDay(date: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of each of the last PERIODS months or weeks (weeks start on Monday), oldest first. */
export function periodStarts(unit: PeriodUnit, today: string): string[] {
  const date = utc(today);
  const starts: string[] = [];
  for (let back = PERIODS - 1; back >= 0; back -= 1) {
    if (unit === "month") {
      starts.push(iso(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1))));
    } else {
      const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
      starts.push(iso(new Date(monday.getTime() - back * 7 * 86_400_000)));
    }
  }
  return starts;
}

/** The nearest-rank percentile of a histogram of whole days (sorted by days); null when empty. */
export function histogramPercentile(histogram: readonly { days: number; count: number }[], fraction: number): number | null {
  const total = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * total));
  let seen = 0;
  for (const bucket of histogram) {
    seen += bucket.count;
    if (seen >= rank) return bucket.days;
  }
  return histogram.at(-1)?.days ?? null;
}

const plural = (count: number, one: string, many: string) => `${numbers.format(count)} ${count === 1 || count === 0 ? one : many}`;
const daysText = (days: number | null) => (days === null ? "sans objet" : plural(days, "jour", "jours"));

const FLOW_COLUMNS: [RequestFlow, string][] = [
  ["started", "Commencées"],
  ["filed", "Déposées"],
  ["accepted", "Acceptées"],
  ["refused", "Refusées"],
  ["closed", "Classées sans suite"],
  ["abandoned", "Abandonnées"],
  ["expired", "Expirées"],
];

export const AGE_LABELS: [BacklogAge, string][] = [
  ["0-7", "0 à 7 jours"],
  ["8-30", "8 à 30 jours"],
  ["31-90", "31 à 90 jours"],
  ["90+", "Plus de 90 jours"],
];

const DURATION_BUCKETS: [number, string][] = [
  [7, "0 à 7 jours"],
  [30, "8 à 30 jours"],
  [90, "31 à 90 jours"],
  [Infinity, "Plus de 90 jours"],
];

export interface StatisticsScope {
  /** null: the whole platform. */
  procedure: { id: string; title: string } | null;
  /** Titles of the procedures, by id (the platform's groups are named after their procedure). */
  procedureTitles: Map<string, string>;
  unit: PeriodUnit;
  today: string;
}

/** Reads the summary tables (four queries) and builds the five tables. */
export async function loadStatistics(db: Db, scope: StatisticsScope): Promise<StatisticsTable[]> {
  const starts = periodStarts(scope.unit, scope.today);
  const from = starts[0] ?? scope.today;
  const procedureId = scope.procedure?.id ?? null;
  const [flows, processing, backlog] = await Promise.all([
    listFlowCounts(db, { procedureId, unit: scope.unit, from }),
    listProcessingDays(db, { procedureId, fromMonth: `${from.slice(0, 7)}-01` }),
    listBacklog(db, { procedureId, today: scope.today }),
  ]);
  const periodWord = scope.unit === "month" ? "mois" : "semaine";
  const since = scope.unit === "month" ? monthLong.format(utc(from)) : `la semaine du ${dayLong.format(utc(from))}`;

  // 1. Requests by status over time.
  const byPeriod = new Map(starts.map((start) => [start, new Map<RequestFlow, number>()]));
  for (const row of flows) byPeriod.get(row.period)?.set(row.flow, row.count);
  const flowRows = starts.map((start) => {
    const counts = byPeriod.get(start)!;
    const label = scope.unit === "month" ? monthLong.format(utc(start)) : `Semaine du ${dayLong.format(utc(start))}`;
    return [label, ...FLOW_COLUMNS.map(([flow]) => counts.get(flow) ?? 0)];
  });
  const total = (flow: RequestFlow) => flows.filter((row) => row.flow === flow).reduce((sum, row) => sum + row.count, 0);
  const decidedOf = (counts: Map<RequestFlow, number>) => (counts.get("accepted") ?? 0) + (counts.get("refused") ?? 0) + (counts.get("closed") ?? 0);

  // 2. The funnel.
  const started = total("started");
  const filed = total("filed");
  const decided = total("accepted") + total("refused") + total("closed");
  const abandoned = total("abandoned");
  const share = (count: number) => (started === 0 ? "sans objet" : percent.format(count / started));

  // 3. Processing time.
  const median = histogramPercentile(processing, 0.5);
  const p90 = histogramPercentile(processing, 0.9);
  const decisions = processing.reduce((sum, bucket) => sum + bucket.count, 0);
  const durationBars = DURATION_BUCKETS.map(([upTo, label], index) => {
    const lower = index === 0 ? -1 : DURATION_BUCKETS[index - 1]![0];
    return { label, value: processing.filter((bucket) => bucket.days > lower && bucket.days <= upTo).reduce((sum, bucket) => sum + bucket.count, 0) };
  });

  // 4. Backlog by age.
  const ageBars = AGE_LABELS.map(([age, label]) => ({ label, value: backlog.filter((row) => row.age === age).reduce((sum, row) => sum + row.count, 0) }));
  const backlogTotal = ageBars.reduce((sum, bar) => sum + bar.value, 0);

  // 5. Per group of case workers, or per assigned agent when no procedure has groups.
  const byGroup = backlog.some((row) => row.groupName);
  const prefix = (procedureId: string) => (scope.procedure ? "" : `${scope.procedureTitles.get(procedureId) ?? "Démarche"} — `);
  const groups = new Map<string, Map<BacklogAge, number>>();
  for (const row of backlog) {
    const who =
      row.assignedAgentId === null
        ? `${prefix(row.procedureId)}Non attribuées`
        : byGroup
          ? `${prefix(row.procedureId)}${row.groupName ? `Groupe « ${row.groupName} »` : "Sans groupe"}`
          : `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim() || "Agent";
    const counts = groups.get(who) ?? new Map<BacklogAge, number>();
    counts.set(row.age, (counts.get(row.age) ?? 0) + row.count);
    groups.set(who, counts);
  }
  const groupRows = [...groups.entries()]
    .map(([who, counts]) => {
      const cells = AGE_LABELS.map(([age]) => counts.get(age) ?? 0);
      return [who, ...cells, cells.reduce((sum, count) => sum + count, 0)] as [string, ...number[]];
    })
    .sort((a, b) => (b.at(-1) as number) - (a.at(-1) as number) || String(a[0]).localeCompare(String(b[0]), "fr"));
  const groupWord = byGroup ? "groupe d'instructeurs" : "agent";

  return [
    {
      id: "demandes",
      title: `Demandes par ${periodWord}`,
      description:
        `Depuis ${since} : ${plural(started, "demande commencée", "demandes commencées")}, ${plural(filed, "déposée", "déposées")}, ` +
        `${plural(decided, "décidée", "décidées")}, ${plural(abandoned, "abandonnée", "abandonnées")}.`,
      columns: [scope.unit === "month" ? "Mois" : "Semaine", ...FLOW_COLUMNS.map(([, label]) => label)],
      rows: flowRows,
      chart: {
        kind: "grouped",
        series: ["Commencées", "Déposées", "Décidées", "Abandonnées"],
        groups: starts.map((start) => {
          const counts = byPeriod.get(start)!;
          return {
            label: scope.unit === "month" ? monthShort.format(utc(start)) : dayShort.format(utc(start)),
            values: [counts.get("started") ?? 0, counts.get("filed") ?? 0, decidedOf(counts), counts.get("abandoned") ?? 0],
          };
        }),
      },
    },
    {
      id: "entonnoir",
      title: "Des demandes commencées aux décisions",
      description: `Depuis ${since} : ${plural(started, "demande commencée", "demandes commencées")}, ${plural(filed, "déposée", "déposées")}, ${plural(decided, "décidée", "décidées")} ; taux d'abandon : ${share(abandoned)}.`,
      columns: ["Étape", "Demandes", "Part des demandes commencées"],
      rows: [
        ["Commencées", started, share(started)],
        ["Déposées", filed, share(filed)],
        ["Décidées", decided, share(decided)],
        ["Abandonnées", abandoned, share(abandoned)],
      ],
      chart: {
        kind: "bars",
        bars: [
          { label: "Commencées", value: started },
          { label: "Déposées", value: filed },
          { label: "Décidées", value: decided },
          { label: "Abandonnées", value: abandoned },
        ],
      },
    },
    {
      id: "delais",
      title: "Délai de traitement, du dépôt à la décision",
      description: `Décisions rendues depuis ${since} : ${numbers.format(decisions)} ; délai médian : ${daysText(median)} ; 90 % des décisions en ${daysText(p90)} au plus.`,
      columns: ["Délai", "Décisions"],
      rows: [...durationBars.map((bar) => [bar.label, bar.value]), ["Délai médian (jours)", median ?? "sans objet"], ["90e centile (jours)", p90 ?? "sans objet"]],
      chart: { kind: "bars", bars: durationBars },
    },
    {
      id: "stock",
      title: "Demandes à traiter, par ancienneté du dépôt",
      description: `${plural(backlogTotal, "demande déposée ou en instruction", "demandes déposées ou en instruction")} : ${ageBars.map((bar) => `${bar.label.toLowerCase()} : ${numbers.format(bar.value)}`).join(", ")}.`,
      columns: ["Ancienneté", "Demandes à traiter"],
      rows: ageBars.map((bar) => [bar.label, bar.value]),
      chart: { kind: "bars", bars: ageBars },
    },
    {
      id: "groupes",
      title: `Demandes à traiter, par ${groupWord}`,
      description:
        groupRows.length === 0
          ? "Aucune demande à traiter."
          : `${groupRows
              .slice(0, 5)
              .map((row) => `${row[0]} : ${numbers.format(row.at(-1) as number)}`)
              .join(", ")}${groupRows.length > 5 ? "…" : "."}`,
      columns: [byGroup ? "Groupe" : "Agent", ...AGE_LABELS.map(([, label]) => label), "Total"],
      rows: groupRows,
      chart: { kind: "horizontal", bars: groupRows.slice(0, 10).map((row) => ({ label: shorten(String(row[0])), value: row.at(-1) as number })) },
    },
  ];
}

function shorten(label: string): string {
  return label.length > 40 ? `${label.slice(0, 39)}…` : label;
}
