import { Button, ErrorSummary, Select } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { StatisticsChart } from "./charts.tsx";
import type { PeriodParam, StatisticsTable } from "./statistics.ts";

export interface StatisticsPageProps {
  /** Where the page and its CSV files live: /administration/statistiques or /instruction/<slug>/statistiques. */
  basePath: string;
  /** The procedure the figures are about; null: the whole platform. */
  procedure: { slug: string; title: string } | null;
  /** The admin's choice of procedure; absent for an agent (their procedure is in the address). */
  procedures?: { slug: string; title: string }[];
  values: { demarche: string; periode: string };
  errors: FieldErrors;
  /** Null when the filters were refused. */
  tables: StatisticsTable[] | null;
  today: string;
  back: { label: string; href: string }[];
}

const PERIOD_OPTIONS: { value: PeriodParam; label: string }[] = [
  { value: "mois", label: "Par mois (12 derniers mois)" },
  { value: "semaine", label: "Par semaine (12 dernières semaines)" },
];

const numbers = new Intl.NumberFormat("fr-FR");
const dayLong = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });

/** The query string of the current filters, for the CSV links. */
export function filterQuery(values: { demarche: string; periode: string }): string {
  const query = new URLSearchParams();
  if (values.demarche) query.set("demarche", values.demarche);
  query.set("periode", values.periode);
  return query.toString();
}

/** Statistics of a procedure or of the platform: five charts, each with its table and its CSV. */
export function StatisticsPage({ ctx, basePath, procedure, procedures, values, errors, tables, today, back }: StatisticsPageProps & { ctx: PageContext }) {
  const title = procedure ? `Statistiques : ${procedure.title}` : "Statistiques du portail";
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={title} hasErrors={hasErrors} breadcrumb={[...back, { label: "Statistiques" }]}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p class="lead">
        Chiffres au {dayLong.format(new Date(`${today}T00:00:00Z`))}, tenus à jour à chaque changement de statut d'une demande. Chaque graphique est suivi
        du tableau de ses chiffres, téléchargeable au format CSV.
      </p>
      <form method="get" action={basePath} class="stats-filters">
        {procedures ? (
          <Select
            name="demarche"
            label="Démarche"
            required={false}
            value={values.demarche}
            error={errors.demarche}
            placeholder="Toutes les démarches (le portail)"
            options={procedures.map((item) => ({ value: item.slug, label: item.title }))}
          />
        ) : null}
        <Select name="periode" label="Période" value={values.periode} error={errors.periode} options={PERIOD_OPTIONS} />
        <Button variant="secondary">Afficher</Button>
      </form>
      {tables ? (
        <>
          <nav aria-labelledby="stats-contents">
            <h2 id="stats-contents" class="visually-hidden">
              Sommaire des statistiques
            </h2>
            <ul class="link-list">
              {tables.map((table) => (
                <li>
                  <a href={`#${table.id}`}>{table.title}</a>
                </li>
              ))}
            </ul>
          </nav>
          {tables.map((table) => (
            <section class="stats-section" aria-labelledby={table.id}>
              <h2 id={table.id}>{table.title}</h2>
              <p>{table.description}</p>
              <StatisticsChart id={`graphique-${table.id}`} title={table.title} description={table.description} chart={table.chart} />
              <div class="table-wrapper">
                <table class="table table--cards">
                  <caption>{table.title} (chiffres du graphique)</caption>
                  <thead>
                    <tr>
                      {table.columns.map((column) => (
                        <th scope="col">{column}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {table.rows.length === 0 ? (
                      <tr>
                        <td colspan={table.columns.length}>Aucune demande à traiter.</td>
                      </tr>
                    ) : (
                      table.rows.map((row) => (
                        <tr>
                          {row.map((cell, index) =>
                            index === 0 ? (
                              <th scope="row" data-label={table.columns[0]}>
                                {cell}
                              </th>
                            ) : (
                              <td data-label={table.columns[index]} class="table__cell--number">
                                {typeof cell === "number" ? numbers.format(cell) : cell}
                              </td>
                            ),
                          )}
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </div>
              <p>
                <a href={`${basePath}/csv/${table.id}?${filterQuery(values)}`} download>
                  Télécharger le tableau « {table.title} » (CSV)
                </a>
              </p>
            </section>
          ))}
        </>
      ) : null}
    </Layout>
  );
}
