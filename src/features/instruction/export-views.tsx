import type { Child } from "hono/jsx";
import type { AgentProcedure } from "../../core/requests/queries/agents.ts";
import type { RequestExport } from "../../core/requests/queries/export.ts";
import type { RequestExportFormat } from "../../platform/db/schema.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ButtonLink, Checkbox, DateText, ErrorSummary, fieldId, Form, Radios, SummaryList } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { describeListValues, requestListUrl, storedListValues, type RequestListValues } from "./filters.ts";

const home = { label: "Accueil", href: "/" };
const instructionCrumb = { label: "Instruction", href: "/instruction" };

export const FORMAT_OPTIONS: { value: RequestExportFormat; label: string; hint?: string }[] = [
  { value: "xlsx", label: "Classeur Excel (.xlsx)" },
  { value: "ods", label: "Classeur OpenDocument (.ods), pour LibreOffice" },
  { value: "csv", label: "Texte CSV (.csv), séparateur point-virgule" },
];

/** The export's form, with the list's parameters (defaults left out, as in the list's address). */
export const exportUrl = (slug: string, list?: Partial<RequestListValues>) => {
  const listUrl = requestListUrl(slug, list);
  const query = listUrl.indexOf("?");
  return `/instruction/${slug}/export${query >= 0 ? listUrl.slice(query) : ""}`;
};
export const exportStatusUrl = (slug: string, exportId: string) => `/instruction/${slug}/exports/${exportId}`;
export const exportFileUrl = (slug: string, exportId: string) => `/instruction/${slug}/exports/${exportId}/fichier`;

type NamedAgent = { id: string; firstName: string | null; lastName: string | null };

export interface ExportPageProps {
  procedure: AgentProcedure;
  /** The list's parameters, as parseRequestListQuery read them (a refused one at its default, its reason in `errors`). */
  list: RequestListValues;
  agents: readonly NamedAgent[];
  viewerId: string;
  /** When the agent last exported this procedure's requests. */
  previousExport: Date | null;
  values: { format: string; depuis: boolean };
  errors: FieldErrors;
  directMax: number;
}

/** The list's parameters carried by the form, as hidden fields. */
function ListFields({ list }: { list: RequestListValues }) {
  return (
    <>
      <input type="hidden" name="statut" value={list.statut} />
      <input type="hidden" name="agent" value={list.agent} />
      <input type="hidden" name="echange" value={list.echange} />
      <input type="hidden" name="tri" value={list.tri} />
      <input type="hidden" name="recherche" value={list.recherche} />
    </>
  );
}

/**
 * GET /instruction/:slug/export: the filters of the list it comes from (every one of them: status,
 * agent, exchanges, order, search), the format, "since my last export". A filter the list refuses
 * (a malformed number, an agent not of the procedure) is explained with a link back to the list,
 * and no export is offered: exporting without it would export more than the agent asked for.
 */
export function ExportPage({ ctx, procedure, list, agents, viewerId, previousExport, values, errors, directMax }: ExportPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0;
  const listErrors = (["agent", "recherche"] as const).filter((name) => errors[name] !== undefined);
  const listUrl = requestListUrl(procedure.slug, list);
  return (
    <Layout ctx={ctx} title={`Exporter les demandes : ${procedure.title}`} hasErrors={hasErrors} breadcrumb={[home, instructionCrumb, { label: procedure.title, href: listUrl }, { label: "Exporter" }]}>
      <h1>Exporter les demandes</h1>
      {hasErrors ? <ErrorSummary errors={errors} labels={{ format: "Format du fichier", agent: "Agent", recherche: "Recherche" }} /> : null}
      <p>
        Démarche « {procedure.title} » : une ligne par demande, avec son numéro, son statut, ses dates, le demandeur, la structure, chaque réponse
        du formulaire, le nom des pièces jointes et les versements.
      </p>
      <h2>Filtres appliqués</h2>
      <p>L'export contient les demandes de la liste avec ces filtres, dans cet ordre :</p>
      <SummaryList rows={describeListValues(list, agents, viewerId)} />
      {listErrors.map((name) => (
        <p id={fieldId(name)} class="field__error" tabindex={-1}>
          {errors[name]}
        </p>
      ))}
      <p>
        <a href={listUrl}>Modifier les filtres dans la liste des demandes</a>
      </p>
      {listErrors.length > 0 ? null : (
        <Form action={exportUrl(procedure.slug)} csrfToken={ctx.csrfToken}>
          <ListFields list={list} />
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
      )}
    </Layout>
  );
}

/**
 * GET /instruction/:slug/exports/:id: a large export's progress (rows written out of all), then
 * its link; a failed one says so and offers to start it again with the same filters.
 */
export function ExportStatusPage({ ctx, procedure, requestExport, agents, viewerId }: { ctx: PageContext; procedure: AgentProcedure; requestExport: RequestExport; agents: readonly NamedAgent[]; viewerId: string }) {
  const { status } = requestExport;
  const list = storedListValues(requestExport);
  const title = status === "ready" ? "Votre export est prêt" : status === "failed" ? "L'export a échoué" : status === "expired" ? "Cet export n'est plus disponible" : "Export en préparation";
  return (
    <Layout ctx={ctx} title={`${title} : ${procedure.title}`} breadcrumb={[home, instructionCrumb, { label: procedure.title, href: requestListUrl(procedure.slug, list) }, { label: "Export" }]}>
      <h1>{title}</h1>
      {status === "failed" ? (
        <Alert type="error">
          <p>
            Le fichier n'a pas pu être préparé. Vous pouvez relancer l'export avec les mêmes filtres ; si l'erreur se reproduit, signalez-la à
            l'administrateur du portail.
          </p>
        </Alert>
      ) : null}
      <SummaryList
        rows={[
          ["Démarche", procedure.title],
          ["Demandé le", <DateText date={requestExport.createdAt} withTime />],
          ["Format", requestExport.format.toUpperCase()],
          ...(describeListValues(list, agents, viewerId) as [string, Child][]),
          ...(requestExport.since ? ([["Modifiées depuis le", <DateText date={requestExport.since} withTime />]] as [string, Child][]) : []),
        ]}
      />
      {status === "queued" || status === "running" ? (
        <>
          <p role="status">
            {status === "queued"
              ? "L'export attend son tour : il commencera dans quelques instants."
              : `${requestExport.rowsWritten.toLocaleString("fr-FR")} demandes écrites sur ${requestExport.rowsExpected.toLocaleString("fr-FR")}.`}
          </p>
          {status === "running" ? (
            <progress max={Math.max(requestExport.rowsExpected, 1)} value={Math.min(requestExport.rowsWritten, requestExport.rowsExpected)} aria-label="Avancement de l'export">
              {progressPercent(requestExport)} %
            </progress>
          ) : null}
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
        // The same filters and format again; « depuis mon dernier export » skips failed exports, so it selects the same requests.
        <Form action={exportUrl(procedure.slug)} csrfToken={ctx.csrfToken}>
          <ListFields list={list} />
          <input type="hidden" name="format" value={requestExport.format} />
          {requestExport.since ? <input type="hidden" name="depuis" value="oui" /> : null}
          <Button>Relancer l'export</Button>
        </Form>
      ) : null}
      <p>
        <a href={exportUrl(procedure.slug, list)}>Faire un nouvel export</a>
      </p>
    </Layout>
  );
}

function progressPercent(requestExport: RequestExport): number {
  return requestExport.rowsExpected > 0 ? Math.min(100, Math.floor((requestExport.rowsWritten * 100) / requestExport.rowsExpected)) : 0;
}
