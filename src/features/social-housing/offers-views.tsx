import { Alert, ButtonLink, DataTable, DateText, ErrorSummary, FieldError, fieldId } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { BarChart } from "../../ui/charts.tsx";
import type { StockRow } from "../../core/housing/queries.ts";
import { ELIGIBILITY_PATH, FILE_REQUEST_PATH, OFFERS_PATH, offersUrl } from "./paths.ts";

const TITLE = "Offres de logement social par commune";
const numbers = new Intl.NumberFormat("fr-FR");
const months = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

export type OffersResult =
  | { kind: "choose"; postalCode: string; communes: { code: string; name: string; hasData: boolean }[] }
  | { kind: "commune"; commune: { code: string; name: string }; stock: StockRow | undefined };

export interface OffersPageProps {
  search: string;
  error?: string;
  result?: OffersResult;
  /** The last stock load: its date, and whether its figures are the demo's. */
  load?: { demo: boolean; loadedAt: Date } | undefined;
}

/** The dwellings of a commune by size, in the order the table and the chart show them. */
export function dwellingsBySize(stock: StockRow) {
  return [
    { label: "T1", value: stock.dwellingsT1 },
    { label: "T2", value: stock.dwellingsT2 },
    { label: "T3", value: stock.dwellingsT3 },
    { label: "T4", value: stock.dwellingsT4 },
    { label: "T5 et +", value: stock.dwellingsT5 },
  ];
}

/** "Offres par commune": a search by name or postal code, then the commune's social housing stock. */
export function OffersPage({ ctx, search, error, result, load }: OffersPageProps & { ctx: PageContext }) {
  const id = fieldId("commune");
  const title = result?.kind === "commune" ? `${TITLE} : ${result.commune.name}` : TITLE;
  return (
    <Layout ctx={ctx} title={title} hasErrors={Boolean(error)} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Offres par commune" }]}>
      <h1>{TITLE}</h1>
      {error ? <ErrorSummary errors={{ commune: error }} /> : null}
      <p class="lead">Combien de logements sociaux compte une commune, de quelles tailles, combien de demandes attendent et depuis combien de temps en moyenne.</p>
      {load?.demo ? (
        <Alert type="info" title="Chiffres de démonstration">
          <p>Les chiffres de cette page sont fictifs : ils servent à présenter le portail et ne décrivent pas le parc réel.</p>
        </Alert>
      ) : null}
      <form method="get" action={OFFERS_PATH} role="search" class="housing-search" novalidate>
        <div class={`field${error ? " field--error" : ""}`}>
          <label class="field__label" for={id}>Commune</label>
          <p class="field__hint" id={`${id}-hint`}>Son nom ou son code postal, par exemple « Montreuil (93) » ou 95000.</p>
          <FieldError id={id} error={error} />
          <input
            class="field__input"
            id={id}
            name="commune"
            type="text"
            value={search}
            maxlength={100}
            autocomplete="off"
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            aria-invalid={error ? "true" : undefined}
          />
        </div>
        <button type="submit" class="button button--primary">Rechercher</button>
      </form>
      {result?.kind === "choose" ? <Choices result={result} /> : null}
      {result?.kind === "commune" ? <CommuneStock result={result} load={load} /> : null}
    </Layout>
  );
}

function Choices({ result }: { result: Extract<OffersResult, { kind: "choose" }> }) {
  return (
    <section aria-labelledby="communes-du-code">
      <h2 id="communes-du-code">Communes du code postal {result.postalCode}</h2>
      <p>Ce code postal dessert plusieurs communes : choisissez la vôtre.</p>
      <ul class="link-list">
        {result.communes.map((commune) => (
          <li>
            <a href={offersUrl(commune.code)}>{commune.name}</a>
            {commune.hasData ? null : <span class="field__hint"> (aucune donnée chargée)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CommuneStock({ result, load }: { result: Extract<OffersResult, { kind: "commune" }>; load: OffersPageProps["load"] }) {
  const { commune, stock } = result;
  if (!stock) {
    return (
      <section aria-labelledby="offres-commune">
        <h2 id="offres-commune">{commune.name}</h2>
        <p>Aucune donnée sur le logement social n'a été chargée pour {commune.name}.</p>
      </section>
    );
  }
  const bars = dwellingsBySize(stock);
  const total = bars.reduce((sum, bar) => sum + bar.value, 0);
  const demo = load?.demo ? " (chiffres de démonstration)" : "";
  return (
    <section aria-labelledby="offres-commune">
      <h2 id="offres-commune">
        {commune.name} ({commune.code.slice(0, 2)})
      </h2>
      <ul class="housing-figures">
        <li>
          <strong>{numbers.format(total)}</strong> logements sociaux
        </li>
        <li>
          <strong>{numbers.format(stock.pendingRequests)}</strong> demandes en attente
        </li>
        <li>
          <strong>{months.format(stock.averageWaitTenths / 10)} mois</strong> d'attente en moyenne
        </li>
      </ul>
      <DataTable
        id="parc"
        caption={<>Logements sociaux à {commune.name} par taille{demo}</>}
        rows={bars}
        footer={{ label: "Total", value: total }}
        columns={[
          { header: "Taille", rowHeader: true, cell: (bar) => bar.label },
          { header: "Nombre de logements", kind: "number", cell: (bar) => numbers.format(bar.value) },
        ]}
      />
      <figure class="housing-chart">
        <BarChart
          id="graphique-parc"
          title={`Logements sociaux à ${commune.name} par taille${demo}`}
          description={bars.map((bar) => `${bar.label} : ${numbers.format(bar.value)}`).join(", ") + "."}
          bars={bars}
        />
        <figcaption>Les mêmes chiffres que le tableau ci-dessus, en graphique.</figcaption>
      </figure>
      {load ? (
        <p class="field__hint">
          Chiffres chargés le <DateText date={load.loadedAt} />.
        </p>
      ) : null}
      <p class="button-group">
        <ButtonLink href={ELIGIBILITY_PATH} variant="secondary">Suis-je éligible ?</ButtonLink>
        <ButtonLink href={FILE_REQUEST_PATH}>Déposer une demande</ButtonLink>
      </p>
    </section>
  );
}
