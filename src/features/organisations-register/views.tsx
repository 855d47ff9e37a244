import { Alert, Button, ButtonLink, DataTable, ErrorSummary, fieldId, Form, RejectedLinesTable } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { FileField } from "../../ui/file-field.tsx";
import { Layout } from "../../ui/layout.tsx";
import { formatSiret } from "../../platform/french/siret.ts";
import { REGISTER_COLUMNS } from "./csv.ts";
import type { RegisterImportReport } from "./import-organisations-register.ts";
import type { RegisterSummary } from "../../core/organisations/queries/register.ts";
import { MAX_REGISTER_FILE_MEGABYTES, registerListUrl } from "./paths.ts";

const home = { label: "Accueil", href: "/" };
const LIST_TITLE = "Registre des structures";
const IMPORT_TITLE = "Importer le registre des structures";

const dayFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

function plural(count: number, one: string, many: string) {
  return `${count.toLocaleString("fr-FR")} ${count > 1 ? many : one}`;
}

export interface ImportPageProps {
  report?: RegisterImportReport;
  /** Why the file could not be used (the page is then answered with 422). */
  error?: string;
}

/** The import form, and after a POST the report of what was imported and what was rejected. */
export function ImportPage({ ctx, report, error }: ImportPageProps & { ctx: PageContext }) {
  const id = fieldId("fichier");
  return (
    <Layout ctx={ctx} title={report ? `${IMPORT_TITLE} : compte rendu` : IMPORT_TITLE} hasErrors={Boolean(error)} breadcrumb={[home, { label: LIST_TITLE, href: registerListUrl("") }, { label: IMPORT_TITLE }]}>
      <h1>{IMPORT_TITLE}</h1>
      {error ? <ErrorSummary errors={{ fichier: error }} /> : null}
      {report ? <ImportReport report={report} /> : null}
      <p class="lead">
        Le registre liste les structures clientes connues du portail. Chaque ligne du fichier ajoute une structure, ou met à
        jour celle qui a le même numéro client ; les structures absentes du fichier restent dans le registre.
      </p>
      <Form action="/administration/structures/import" csrfToken={ctx.csrfToken} enctype="multipart/form-data">
        <FileField
          id={id}
          name="fichier"
          label="Fichier du registre (CSV)"
          accept=".csv,text/csv"
          required
          error={error}
          hint={
            <>
              <p>
                Fichier CSV encodé en UTF-8, séparé par des points-virgules ou des virgules, de {MAX_REGISTER_FILE_MEGABYTES} Mo au maximum. Sa
                première ligne nomme les colonnes :
              </p>
              <ul>
                <li><code>{REGISTER_COLUMNS.clientNumber}</code> : numéro client, les zéros en tête sont facultatifs ;</li>
                <li><code>{REGISTER_COLUMNS.siret}</code> : numéro SIRET à 14 chiffres ;</li>
                <li><code>{REGISTER_COLUMNS.name}</code> : raison sociale ;</li>
                <li><code>{REGISTER_COLUMNS.legalRepresentative}</code> : représentant légal ;</li>
                <li><code>{REGISTER_COLUMNS.addressLine}</code> : numéro et voie ;</li>
                <li><code>{REGISTER_COLUMNS.postalCode}</code> et <code>{REGISTER_COLUMNS.commune}</code>.</li>
              </ul>
            </>
          }
        />
        <Button variant="primary">Importer le fichier</Button>
      </Form>
    </Layout>
  );
}

function ImportReport({ report }: { report: RegisterImportReport }) {
  const rejected = report.rejected.length;
  return (
    <section aria-labelledby="compte-rendu">
      <Alert type={rejected > 0 ? "warning" : "success"}>
        <h2 id="compte-rendu" class="alert__title">Compte rendu de l'import</h2>
        <ul>
          <li>{plural(report.lineCount, "ligne lue", "lignes lues")}</li>
          <li>{plural(report.created, "structure ajoutée", "structures ajoutées")}</li>
          <li>{plural(report.updated, "structure mise à jour", "structures mises à jour")}</li>
          <li>{plural(report.unchanged, "structure déjà à jour", "structures déjà à jour")}</li>
          <li>{plural(rejected, "ligne rejetée", "lignes rejetées")}</li>
        </ul>
        {report.ignoredColumns.length > 0 ? (
          <p>Colonnes ignorées : {report.ignoredColumns.join(", ")}.</p>
        ) : null}
      </Alert>
      {rejected > 0 ? (
        <RejectedLinesTable
          id="lignes-rejetees"
          caption={`Lignes rejetées (${rejected}) : corrigez-les dans le fichier puis importez-le de nouveau`}
          keyHeader="Numéro client"
          reasonsHeader="Motifs du rejet"
          lines={report.rejected.map((line) => ({ line: line.line, key: line.clientNumber, reasons: line.reasons }))}
        />
      ) : null}
      <p>
        <a href={registerListUrl("")}>Consulter le registre des structures</a>
      </p>
    </section>
  );
}

export interface RegisterListPageProps {
  entries: RegisterSummary[];
  total: number;
  search: string;
  page: number;
  pageCount: number;
}

/** The register, 50 structures per page, searchable by client number, SIRET or name. */
export function RegisterListPage({ ctx, entries, total, search, page, pageCount }: RegisterListPageProps & { ctx: PageContext }) {
  const count = plural(total, "structure", "structures");
  const pageNote = pageCount > 1 ? `, page ${page} sur ${pageCount}` : "";
  const searchNote = search ? ` pour « ${search} »` : "";
  return (
    <Layout ctx={ctx} title={`${LIST_TITLE}${search ? ` : recherche « ${search} »` : ""}${pageNote}`} breadcrumb={[home, { label: LIST_TITLE }]}>
      <h1>{LIST_TITLE}</h1>
      <p>
        <ButtonLink href="/administration/structures/import" variant="secondary">Importer un fichier CSV</ButtonLink>
      </p>
      <form method="get" action="/administration/structures" role="search">
        <div class="field">
          <label class="field__label" for="champ-recherche">Rechercher une structure</label>
          <p class="field__hint" id="champ-recherche-hint">Numéro client, SIRET ou raison sociale.</p>
          <input class="field__input" id="champ-recherche" name="recherche" type="search" value={search} aria-describedby="champ-recherche-hint" />
        </div>
        <Button variant="secondary">Rechercher</Button>
      </form>
      {total === 0 ? (
        <p>{search ? `Aucune structure ne correspond à « ${search} ».` : "Le registre est vide : importez un fichier CSV pour le remplir."}</p>
      ) : (
        <>
          <DataTable
            id="registre"
            caption={`Structures du registre${searchNote}, par raison sociale (${count}${pageNote})`}
            rows={entries}
            columns={[
              { header: "Raison sociale", rowHeader: true, cell: (entry) => entry.name },
              { header: "Numéro client", kind: "number", cell: (entry) => entry.clientNumber },
              { header: "SIRET", kind: "number", cell: (entry) => formatSiret(entry.siret) },
              { header: "Représentant légal", cell: (entry) => entry.legalRepresentative },
              {
                header: "Adresse",
                cell: (entry) => (
                  <>
                    {entry.addressLine}
                    <br />
                    {entry.postalCode} {entry.communeName}
                  </>
                ),
              },
              {
                header: "Importée le",
                kind: "date",
                cell: (entry) => <time datetime={entry.importedAt.toISOString()}>{dayFormat.format(entry.importedAt)}</time>,
              },
            ]}
          />
          {pageCount > 1 ? (
            <nav class="pagination" aria-label="Pagination">
              <ul>
                {page > 1 ? <li><a href={registerListUrl(search, page - 1)}>Page précédente</a></li> : null}
                <li><span aria-current="page">Page {page} sur {pageCount}</span></li>
                {page < pageCount ? <li><a href={registerListUrl(search, page + 1)}>Page suivante</a></li> : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </Layout>
  );
}
