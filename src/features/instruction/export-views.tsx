import type { Child } from "hono/jsx";
import type { AgentProcedure } from "../../core/requests/queries/agents.ts";
import type { RequestExport } from "../../core/requests/queries/export.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ButtonLink, Checkbox, DateText, ErrorSummary, Form, Radios, SummaryList } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { requestListUrl, statusFilters, type StatusFilter } from "./filters.ts";

const home = { label: "Accueil", href: "/" };
const instructionCrumb = { label: "Instruction", href: "/instruction" };

export const FORMAT_OPTIONS: { value: RequestExportFormat; label: string; hint?: string }[] = [
  { value: "xlsx", label: "Classeur Excel (.xlsx)" },
  { value: "ods", label: "Classeur OpenDocument (.ods), pour LibreOffice" },
  { value: "csv", label: "Texte CSV (.csv), séparateur point-virgule" },
];

export const exportUrl = (slug: string) => `/instruction/${slug}/export`;
export const exportStatusUrl = (slug: string, exportId: string) => `/instruction/${slug}/exports/${exportId}`;
export const exportFileUrl = (slug: string, exportId: string) => `/instruction/${slug}/exports/${exportId}/fichier`;

export interface ExportPageProps {
  procedure: AgentProcedure;
  filter: StatusFilter;
  search: string;
  /** When the agent last exported this procedure's requests. */
  previousExport: Date | null;
  values: { format: string; depuis: boolean };
  errors: FieldErrors;
  directMax: number;
}

/** GET /instruction/:slug/export: the list's filters, the format, "since my last export". */
export function ExportPage({ ctx, procedure, filter, search, previousExport, values, errors, directMax }: ExportPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      ctx={ctx}
      title={`Exporter les demandes : ${procedure.title}`}
      hasErrors={hasErrors}
      breadcrumb={[home, instructionCrumb, { label: procedure.title, href: requestListUrl(procedure.slug, { statut: filter, recherche: search }) }, { label: "Exporter" }]}
    >
      <h1>Exporter les demandes</h1>
      {hasErrors ? <ErrorSummary errors={errors} labels={{ format: "Format du fichier" }} /> : null}
      <p>
        Démarche « {procedure.title} » : une ligne par demande, avec son numéro, son statut, ses dates, le demandeur, la structure, chaque réponse
        du formulaire, le nom des pièces jointes et les versements.
      </p>
      <SummaryList
        rows={[
          ["Statut", statusFilters[filter].label],
          ["Recherche", search === "" ? "Aucune" : search],
        ]}
      />
      <p>
        <a href={requestListUrl(procedure.slug, { statut: filter, recherche: search })}>Modifier les filtres dans la liste des demandes</a>
      </p>
      <Form action={exportUrl(procedure.slug)} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="statut" value={filter} />
        <input type="hidden" name="recherche" value={search} />
        <Radios name="format" legend="Format du fichier" options={FORMAT_OPTIONS} value={values.format} error={errors.format} />
        <Checkbox
          name="depuis"
          checked={values.depuis}
          label={
            previousExport ? (
              <>
                Seulement les demandes modifiées depuis mon dernier export (<DateText date={previousExport} withTime />)
              </>
            ) : (
              "Seulement les demandes modifiées depuis mon dernier export (vous n'avez pas encore exporté cette démarche : toutes les demandes)"
            )
          }
        />
        <p class="field__hint">
          Jusqu'à {directMax.toLocaleString("fr-FR")} demandes, le fichier est téléchargé aussitôt. Au-delà, il est préparé en arrière-plan : vous
          suivez sa préparation sur une page et recevez un courriel avec le lien dès qu'il est prêt.
        </p>
        <Button>Exporter</Button>
      </Form>
    </Layout>
  );
}

/** GET /instruction/:slug/exports/:id: a large export's progress, then its link. */
export function ExportStatusPage({ ctx, procedure, requestExport }: { ctx: PageContext; procedure: AgentProcedure; requestExport: RequestExport }) {
  const { status } = requestExport;
  const title = status === "ready" ? "Votre export est prêt" : status === "failed" ? "L'export a échoué" : status === "expired" ? "Cet export n'est plus disponible" : "Export en préparation";
  return (
    <Layout ctx={ctx} title={`${title} : ${procedure.title}`} breadcrumb={[home, instructionCrumb, { label: procedure.title, href: requestListUrl(procedure.slug) }, { label: "Export" }]}>
      <h1>{title}</h1>
      <SummaryList
        rows={[
          ["Démarche", procedure.title],
          ["Demandé le", <DateText date={requestExport.createdAt} withTime />],
          ["Format", requestExport.format.toUpperCase()],
          ["Statut des demandes", statusFilters[requestExport.statusFilter as StatusFilter]?.label ?? requestExport.statusFilter],
          ["Recherche", requestExport.search === "" ? "Aucune" : requestExport.search],
          ...(requestExport.since ? ([["Modifiées depuis le", <DateText date={requestExport.since} withTime />]] as [string, Child][]) : []),
        ]}
      />
      {status === "queued" || status === "running" ? (
        <>
          <p role="status">
            {status === "queued"
              ? "L'export attend son tour : il commencera dans quelques instants."
              : `${requestExport.rowsWritten.toLocaleString("fr-FR")} demandes écrites sur environ ${requestExport.rowsExpected.toLocaleString("fr-FR")}.`}
          </p>
          <p>Vous recevrez un courriel avec le lien dès que le fichier sera prêt. Vous pouvez quitter cette page.</p>
          <ButtonLink href={exportStatusUrl(procedure.slug, requestExport.id)} variant="secondary">
            Actualiser
          </ButtonLink>
        </>
      ) : null}
      {status === "ready" && requestExport.expiresAt ? (
        <>
          <p>
            {requestExport.rowsWritten.toLocaleString("fr-FR")} demandes, {formatFileSize(requestExport.size ?? 0)}. Le fichier reste disponible,
            pour vous seul, jusqu'au <DateText date={requestExport.expiresAt} withTime />.
          </p>
          <ButtonLink href={exportFileUrl(procedure.slug, requestExport.id)}>Télécharger l'export</ButtonLink>
        </>
      ) : null}
      {status === "expired" ? <p>Les fichiers d'export sont effacés après 7 jours. Vous pouvez refaire l'export.</p> : null}
      {status === "failed" ? (
        <Alert type="error">
          <p>Le fichier n'a pas pu être préparé. Vous pouvez refaire l'export ; si l'erreur se reproduit, signalez-la à l'administrateur du portail.</p>
        </Alert>
      ) : null}
      <p>
        <a href={exportUrl(procedure.slug)}>Faire un nouvel export</a>
      </p>
    </Layout>
  );
}
