import { Alert, Button, DataTable, DateText, ErrorSummary, fieldId, Form, RejectedLinesTable } from "../../ui/components.tsx";
import { FileField } from "../../ui/file-field.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { CEILINGS_EXAMPLE } from "../../core/housing/ceilings-file.ts";
import type { findLatestStockLoad, listCeilingTables } from "../../core/housing/queries.ts";
import { STOCK_EXAMPLE } from "../../core/housing/stock-file.ts";
import type { TableImportReport } from "./import-ceilings.ts";
import { ADMIN_CEILINGS_PATH, ADMIN_STOCK_PATH, MAX_TABLE_FILE_MEGABYTES } from "./paths.ts";

const TITLE = "Logement social : plafonds et parc";

export type TableKind = "plafonds" | "parc";

export interface HousingAdminPageProps {
  tables: Awaited<ReturnType<typeof listCeilingTables>>;
  stockLoad: Awaited<ReturnType<typeof findLatestStockLoad>>;
  /** After an upload: which table, and what happened (a refused file is answered with 422). */
  outcome?: { kind: TableKind; report: TableImportReport };
  /** No file chosen, or a file too large. */
  error?: { kind: TableKind; message: string };
}

const who = (identifier: string | null) => identifier ?? "chargement automatique (démonstration)";

/** What is loaded, the two upload forms with the files' format, and the last upload's report. */
export function HousingAdminPage({ ctx, tables, stockLoad, outcome, error }: HousingAdminPageProps & { ctx: PageContext }) {
  const refused = outcome && !outcome.report.ok ? outcome : undefined;
  const summary = error ? { [error.kind]: error.message } : refused && !refused.report.ok ? { [refused.kind]: refused.report.message } : {};
  return (
    <Layout
      ctx={ctx}
      title={TITLE}
      hasErrors={Object.keys(summary).length > 0}
      breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Administration du portail", href: "/administration" }, { label: TITLE }]}
    >
      <h1>{TITLE}</h1>
      <ErrorSummary errors={summary} />
      {outcome?.report.ok ? (
        <Alert type="success" title="Fichier chargé">
          <p>
            {outcome.report.loaded} {outcome.report.lineCount.toLocaleString("fr-FR")} ligne{outcome.report.lineCount > 1 ? "s" : ""} lue{outcome.report.lineCount > 1 ? "s" : ""}.
          </p>
        </Alert>
      ) : null}
      {refused && !refused.report.ok && refused.report.broken.length > 0 ? <BrokenLines kind={refused.kind} report={refused.report} /> : null}
      <p class="lead">
        « Suis-je éligible ? » compare les revenus des visiteurs aux plafonds de ressources de l'année ; « Offres par commune » montre le parc de
        logements sociaux. Chaque fichier est chargé en entier ou pas du tout : une seule ligne en erreur et rien n'est modifié.
      </p>

      <h2>Plafonds de ressources</h2>
      {tables.length === 0 ? (
        <p>Aucun plafond n'est chargé : le test d'éligibilité n'est pas disponible.</p>
      ) : (
        <DataTable
          id="tables-plafonds"
          caption="Plafonds de ressources chargés, par année"
          rows={tables}
          columns={[
            { header: "Année", rowHeader: true, cell: (table) => `${table.year}${table.demo ? " (démonstration)" : ""}` },
            { header: "Lignes", kind: "number", cell: (table) => table.rowCount },
            { header: "Chargés le", kind: "date", cell: (table) => <DateText date={table.loadedAt} withTime /> },
            { header: "Par", cell: (table) => who(table.loadedByIdentifier) },
            { header: "Fichier", cell: (table) => table.fileName ?? "—" },
          ]}
        />
      )}
      <UploadForm
        kind="plafonds"
        action={ADMIN_CEILINGS_PATH}
        ctx={ctx}
        label="Fichier des plafonds (CSV)"
        error={error?.kind === "plafonds" ? error.message : refused?.kind === "plafonds" && !refused.report.ok ? refused.report.message : undefined}
        explanation="Une ligne par année, financement (PLAI, PLUS, PLS) et zone (paris, ile-de-france, autres-regions) : les 9 lignes d'une année sont obligatoires. Les plafonds annuels sont en euros entiers, par catégorie de ménage de 1 à 6, plus le montant par personne supplémentaire. Chaque année du fichier remplace celle qui était chargée."
        example={CEILINGS_EXAMPLE}
        button="Charger les plafonds"
      />

      <h2>Parc de logements sociaux</h2>
      {stockLoad ? (
        <p>
          {stockLoad.rowCount.toLocaleString("fr-FR")} commune{stockLoad.rowCount > 1 ? "s" : ""}, chargées le <DateText date={stockLoad.loadedAt} withTime /> par{" "}
          {who(stockLoad.loadedByIdentifier)}
          {stockLoad.fileName ? ` (fichier ${stockLoad.fileName})` : ""}
          {stockLoad.demo ? " : chiffres de démonstration." : "."}
        </p>
      ) : (
        <p>Aucun parc n'est chargé : « Offres par commune » n'a rien à montrer.</p>
      )}
      <UploadForm
        kind="parc"
        action={ADMIN_STOCK_PATH}
        ctx={ctx}
        label="Fichier du parc (CSV)"
        error={error?.kind === "parc" ? error.message : refused?.kind === "parc" && !refused.report.ok ? refused.report.message : undefined}
        explanation="Une ligne par commune, désignée par son code INSEE : nombre de logements par taille (T1 à T5 et plus), demandes en attente, délai moyen d'attente en mois. La colonne commune est facultative (le nom officiel est repris de la liste des communes). Le fichier remplace tout le parc chargé."
        example={STOCK_EXAMPLE}
        button="Charger le parc"
      />
    </Layout>
  );
}

function UploadForm(props: { kind: TableKind; action: string; ctx: PageContext; label: string; error: string | undefined; explanation: string; example: string; button: string }) {
  const id = fieldId(props.kind);
  return (
    <Form action={props.action} csrfToken={props.ctx.csrfToken} enctype="multipart/form-data">
      <FileField
        id={id}
        name={props.kind}
        label={props.label}
        accept=".csv,text/csv"
        required
        error={props.error}
        hint={
          <>
            <p>
              Fichier CSV encodé en UTF-8, séparé par des points-virgules ou des virgules, de {MAX_TABLE_FILE_MEGABYTES} Mo au maximum. {props.explanation} Exemple :
            </p>
            <pre class="housing-example">{props.example}</pre>
          </>
        }
      />
      <Button variant="primary">{props.button}</Button>
    </Form>
  );
}

function BrokenLines({ kind, report }: { kind: TableKind; report: Extract<TableImportReport, { ok: false }> }) {
  return (
    <RejectedLinesTable
      id="lignes-a-corriger"
      caption={`Lignes à corriger dans le fichier ${kind === "plafonds" ? "des plafonds" : "du parc"} (${report.broken.length}) : rien n'a été chargé`}
      lines={report.broken}
    />
  );
}
