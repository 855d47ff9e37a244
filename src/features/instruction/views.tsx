import type { ProvidedDocument } from "../../core/requests/queries/requests.ts";
import type { Child } from "hono/jsx";
import type { RequestStatus } from "../../platform/db/schema.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { Alert, Button, ButtonLink, DataTable, ErrorSummary, Form, Select, SummaryList, Tag, FieldError, fieldId, type TableColumn } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { isStepShown } from "../../core/procedures/answers/check-answers.ts";
import { StepSummary } from "../../core/requests/fields/index.ts";
import { canApply } from "../../core/requests/state-machine.ts";
import { askEventLabels } from "../../core/requests/ask-event-labels.ts";
import { paymentEventLabels } from "../../core/requests/payment-event-labels.ts";
import { applicantNewsLabels, renewalEventLabels } from "../../core/requests/renewal-event-labels.ts";
import type { Drawing } from "../../ui/panels.ts";
import { ASSIGNMENT_ANYONE, ASSIGNMENT_ME, ASSIGNMENT_NOBODY, askFilters, requestListUrl, sortOptions, STATUS_LABELS, statusFilters, type RequestListValues } from "./filters.ts";
import type { AgentTransition } from "../../core/requests/decision-mail.ts";
import { exportUrl } from "./export-views.tsx";
import {
  COUNT_CAP,
  type AgentProcedure,
  type AgentProcedureWithCounts,
  type InstructionRequest,
  type ProcedureAgent,
  type RequestEventRow,
  type RequestRow,
  type RequestSearch,
} from "../../core/requests/queries/agents.ts";
import type { RequestEventType } from "../../core/requests/event-types.ts";
import { formatSiret } from "../../platform/french/siret.ts";
import { parisDayFormatter } from "../../platform/french/paris-days.ts";
import { decisionsUnavailable, type OpenAsk, type WaitingItem } from "./summary.tsx";

const TITLE = "Instruction";
const home = { label: "Accueil", href: "/" };
const instructionCrumb = { label: TITLE, href: "/instruction" };

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
// A list's dates, a hundred per page (platform/french/paris-days.ts).
const dayInParis = parisDayFormatter(new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeZone: "Europe/Paris" }));

function DateTime({ date, short }: { date: Date; short?: boolean }) {
  return <time datetime={date.toISOString()}>{short ? dayInParis(date) : dateTimeFormat.format(date)}</time>;
}

const statusTones: Record<RequestStatus, "neutral" | "success" | "warning" | "error" | "info"> = {
  draft: "neutral",
  filed: "info",
  in_instruction: "warning",
  accepted: "success",
  refused: "error",
  closed: "neutral",
  abandoned: "neutral",
  expired: "neutral",
};

export function StatusTag({ status }: { status: RequestStatus }) {
  return <Tag tone={statusTones[status]}>{STATUS_LABELS[status]}</Tag>;
}

/** The request's page, and the address of each of its actions. */
export const requestUrl = (slug: string, requestId: string, action?: string) => `/instruction/${slug}/${requestId}${action ? `/${action}` : ""}`;

const person = (civility: string | null, firstName: string | null, lastName: string | null) =>
  lastName ? [civility, firstName, lastName].filter(Boolean).join(" ") : "Compte supprimé";

/** GET /instruction: the agent's procedures, with how many requests each holds per status. */
export function InstructionHomePage({ ctx, procedures }: { ctx: PageContext; procedures: AgentProcedureWithCounts[] }) {
  const shown = ["filed", "in_instruction", "accepted", "refused", "closed", "abandoned", "expired"] as const;
  return (
    <Layout ctx={ctx} title={TITLE} breadcrumb={[home, { label: TITLE }]}>
      <h1>{TITLE}</h1>
      {procedures.length === 0 ? (
        <p>Vous n'êtes rattaché à aucune démarche. Un administrateur du portail peut vous y rattacher.</p>
      ) : (
        <div class="table-wrapper" role="region" tabindex={0} aria-labelledby="demarches-caption">
          <table class="table">
            <caption id="demarches-caption">Les démarches que vous instruisez et leurs demandes par statut</caption>
            <thead>
              <tr>
                <th scope="col">Démarche</th>
                {shown.map((status) => (
                  <th scope="col">{STATUS_LABELS[status]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {procedures.map((procedure) => (
                <tr>
                  <th scope="row">
                    <a href={requestListUrl(procedure.slug)}>{procedure.title}</a>
                    {procedure.groupName ? (
                      <>
                        <br />
                        <span class="field__hint">Groupe : {procedure.groupName}</span>
                      </>
                    ) : null}
                  </th>
                  {shown.map((status) => (
                    <td>{procedure.counts[status] > COUNT_CAP ? `plus de ${COUNT_CAP.toLocaleString("fr-FR")}` : procedure.counts[status]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface RequestListPageProps {
  procedure: AgentProcedure;
  requests: RequestRow[];
  total: number;
  /** More requests match than were counted (COUNT_CAP): the pages stop there. */
  capped: boolean;
  /** The list's parameters, as parseRequestListQuery read them. */
  values: RequestListValues;
  searchKind: RequestSearch["kind"];
  /** Why a parameter or the bulk assignment was refused, by field (recherche, agent, demandes, nouvel-agent). */
  errors: FieldErrors;
  /** The whole bulk assignment refused (a decided request selected). */
  refusal?: string | undefined;
  /** The procedure's case workers (the agent filter and the assignment's choice). */
  agents: ProcedureAgent[];
  viewerId: string;
  /** The requests ticked when the bulk assignment was refused. */
  selected?: readonly string[];
  /** The assignee chosen then. */
  assignee?: string;
  page: number;
  pageCount: number;
  /** What each request's applicant did since this agent last opened it (issue 12), by request id. */
  news?: ReadonlyMap<string, readonly string[]>;
}

const agentName = (agent: { firstName: string | null; lastName: string | null }) => [agent.firstName, agent.lastName].filter(Boolean).join(" ") || "Agent sans nom";

/** The words of the selection: status, agent, asks, name searched. */
function selectionLabel(values: RequestListValues, searchKind: RequestSearch["kind"], agents: ProcedureAgent[]): string {
  if (searchKind === "number") return "Recherche par numéro, tous statuts";
  const parts: string[] = [statusFilters[values.statut].label];
  if (values.agent === ASSIGNMENT_ME) parts.push("assignées à moi");
  else if (values.agent === ASSIGNMENT_NOBODY) parts.push("non assignées");
  else if (values.agent) {
    const agent = agents.find((candidate) => candidate.id === values.agent);
    if (agent) parts.push(`assignées à ${agentName(agent)}`);
  }
  if (values.echange) parts.push(askFilters[values.echange].label.toLowerCase());
  if (searchKind === "number-part") parts.push(`numéro contenant « ${values.recherche} »`);
  if (searchKind === "name") parts.push(`nom « ${values.recherche} »`);
  return parts.join(", ");
}

/**
 * GET /instruction/:slug: the procedure's requests, filtered by status, agent and asks, searched by
 * number (whole or part) or name, sorted by filing date or last activity, 50 per page; each can
 * be ticked and the ticked ones assigned to one of the procedure's agents (a plain form).
 */
export function RequestListPage(props: RequestListPageProps & { ctx: PageContext }) {
  const { ctx, procedure, requests, total, capped, values, searchKind, errors, refusal, agents, viewerId, page, pageCount, news } = props;
  const selection = selectionLabel(values, searchKind, agents);
  const count = capped ? `plus de ${total.toLocaleString("fr-FR")} demandes : affinez avec les filtres ou la recherche` : total === 1 ? "1 demande" : `${total} demandes`;
  const pageNote = pageCount > 1 ? `, page ${page} sur ${pageCount}` : "";
  const searchId = fieldId("recherche");
  const searchError = errors.recherche;
  const selected = new Set(props.selected ?? []);
  const listQuery = requestListUrl(procedure.slug, { ...values, page }).split("?")[1] ?? "";
  const assignable = (request: RequestRow) => request.status === "filed" || request.status === "in_instruction";
  const columns: TableColumn<RequestRow>[] = [
    {
      header: "Sélection",
      cell: (request) =>
        assignable(request) ? (
          <span class="worklist-select">
            <input type="checkbox" id={`demande-${request.id}`} name="demandes" value={request.id} checked={selected.has(request.id)} />
            <label for={`demande-${request.id}`}>
              <span class="visually-hidden">Sélectionner la demande n° {request.number ? formatRequestNumber(request.number) : "sans numéro"}</span>
            </label>
          </span>
        ) : (
          "—"
        ),
    },
    {
      header: "Numéro",
      rowHeader: true,
      cell: (request) => <a href={requestUrl(procedure.slug, request.id)}>{request.number ? formatRequestNumber(request.number) : "Sans numéro"}</a>,
    },
    {
      header: "Demandeur",
      cell: (request) => (
        <>
          {person(request.applicantCivility, request.applicantFirstName, request.applicantLastName)}
          {request.organisationName ? (
            <>
              <br />
              <span class="field__hint">{request.organisationName}</span>
            </>
          ) : null}
        </>
      ),
    },
    { header: "Déposée le", kind: "date", cell: (request) => (request.filedAt ? <DateTime date={request.filedAt} short /> : "—") },
    { header: "Dernière activité", kind: "date", cell: (request) => (request.lastActivityAt ? <DateTime date={request.lastActivityAt} short /> : "—") },
    {
      header: "Statut",
      cell: (request) => (
        <>
          <StatusTag status={request.status} />
          {(news?.get(request.id) ?? []).map((event) => (
            <>
              <br />
              <Tag tone="warning">{applicantNewsLabels[event] ?? event}</Tag>
            </>
          ))}
        </>
      ),
    },
    { header: "Agent", cell: (request) => (request.agentLastName ? `${request.agentFirstName ?? ""} ${request.agentLastName}` : "—") },
  ];
  const hasAssignable = requests.some(assignable);
  return (
    <Layout ctx={ctx} title={`${procedure.title} : ${selection.toLowerCase()}${pageNote}`} hasErrors={Object.keys(errors).length > 0 || refusal !== undefined} breadcrumb={[home, instructionCrumb, { label: procedure.title }]}>
      <h1>{procedure.title}</h1>
      <ErrorSummary errors={errors} labels={{ agent: "Agent", recherche: "Recherche", demandes: "Demandes à attribuer", "nouvel-agent": "Attribuer à" }} />
      {refusal ? (
        <Alert type="error" title="Attribution impossible">
          <p>{refusal}</p>
        </Alert>
      ) : null}
      <form method="get" action={`/instruction/${procedure.slug}`} class="letter-filters" role="search" aria-label="Filtrer les demandes">
        <div class="field">
          <label class="field__label" for="champ-statut">Statut</label>
          <select id="champ-statut" name="statut">
            {Object.entries(statusFilters).map(([value, option]) => (
              <option value={value} selected={value === values.statut}>{option.label}</option>
            ))}
          </select>
        </div>
        <Select
          name="agent"
          label="Agent"
          value={values.agent}
          error={errors.agent}
          options={[
            { value: ASSIGNMENT_ANYONE, label: "Tous les agents" },
            { value: ASSIGNMENT_ME, label: "Assignées à moi" },
            { value: ASSIGNMENT_NOBODY, label: "Non assignées" },
            ...agents.filter((agent) => agent.id !== viewerId).map((agent) => ({ value: agent.id, label: `Assignées à ${agentName(agent)}` })),
          ]}
        />
        <div class="field">
          <label class="field__label" for="champ-echange">Échanges avec le demandeur</label>
          <select id="champ-echange" name="echange">
            {Object.entries(askFilters).map(([value, option]) => (
              <option value={value} selected={value === values.echange}>{option.label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="champ-tri">Trier par</label>
          <select id="champ-tri" name="tri">
            {Object.entries(sortOptions).map(([value, option]) => (
              <option value={value} selected={value === values.tri}>{option.label}</option>
            ))}
          </select>
        </div>
        <div class={`field${searchError ? " field--error" : ""}`}>
          <label class="field__label" for={searchId}>Numéro de demande ou nom</label>
          <p class="field__hint" id={`${searchId}-hint`}>Numéro complet ou en partie, avec ou sans espaces (par exemple AAK 7MR XBP THN C4W DSP, ou C4W DSP), nom du demandeur ou de la structure.</p>
          <FieldError id={searchId} error={searchError} />
          <input
            class="field__input"
            id={searchId}
            name="recherche"
            type="search"
            value={values.recherche}
            maxlength={100}
            spellcheck={false}
            aria-describedby={`${searchId}-hint${searchError ? ` ${searchId}-error` : ""}`}
            aria-invalid={searchError ? "true" : undefined}
          />
        </div>
        <Button variant="secondary">Filtrer</Button>
      </form>
      <ul class="link-list">
        <li>
          {/* Every parameter of the list: the export selects and orders exactly what the list shows. */}
          <a href={exportUrl(procedure.slug, values)}>Exporter les demandes (CSV, XLSX, ODS)</a>
        </li>
        <li>
          {/* features/statistics serves it to the same agents as this list (attached to the procedure). */}
          <a href={`/instruction/${encodeURIComponent(procedure.slug)}/statistiques`}>Statistiques de la démarche</a>
        </li>
      </ul>

      {total === 0 ? (
        <p>Aucune demande ne correspond ({selection.toLowerCase()}).</p>
      ) : (
        <>
          <Form action={`/instruction/${procedure.slug}/attribuer`} csrfToken={ctx.csrfToken} class="worklist-form">
            <input type="hidden" name="liste" value={listQuery} />
            {errors.demandes ? (
              <div id={fieldId("demandes")} class="field--error worklist-error" tabindex={-1}>
                <FieldError id={fieldId("demandes")} error={errors.demandes} />
              </div>
            ) : null}
            <DataTable
              id="demandes"
              caption={`${selection}, ${sortOptions[values.tri].caption} (${count}${pageNote})`}
              columns={columns}
              rows={requests}
            />
            {hasAssignable && agents.length > 0 ? (
              <div class="letter-filters worklist-assign">
                <Select
                  name="nouvel-agent"
                  label="Attribuer les demandes cochées à"
                  value={props.assignee}
                  error={errors["nouvel-agent"]}
                  placeholder="Choisissez un agent"
                  options={agents.map((agent) => ({ value: agent.id, label: agent.id === viewerId ? `${agentName(agent)} (moi)` : agentName(agent) }))}
                />
                <Button variant="secondary">Attribuer la sélection</Button>
              </div>
            ) : null}
          </Form>
          <Pagination slug={procedure.slug} values={values} page={page} pageCount={pageCount} />
        </>
      )}
    </Layout>
  );
}

function Pagination({ slug, values, page, pageCount }: { slug: string; values: RequestListValues; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {page > 1 ? <li><a href={requestListUrl(slug, { ...values, page: page - 1 })}>Page précédente</a></li> : null}
        <li><span aria-current="page">Page {page} sur {pageCount}</span></li>
        {page < pageCount ? <li><a href={requestListUrl(slug, { ...values, page: page + 1 })}>Page suivante</a></li> : null}
      </ul>
    </nav>
  );
}

/** What each history event says to the agent. */
export const agentEventLabels: Record<RequestEventType, string> = {
  "request.created": "Demande créée",
  "request.filed": "Demande déposée",
  "request.taken": "Prise en charge",
  "request.assigned": "Demande attribuée",
  "request.accepted": "Demande acceptée",
  "request.refused": "Demande refusée",
  "request.closed": "Demande classée sans suite",
  "request.abandoned": "Demande abandonnée par le demandeur",
  // Messagerie (src/features/request-messages).
  "message.from_applicant": "Message du demandeur",
  "message.to_applicant": "Message au demandeur",
  "message.internal_note": "Note interne",
  "request.attached": "Demande rattachée à un autre compte usager",
  "document.provided": "Pièce justificative ajoutée par le demandeur",
  "document.replaced": "Pièce justificative remplacée par le demandeur",
  "document.removed": "Pièce justificative retirée par le demandeur",
  // Demandes de modification et de pièces (src/features/request-asks).
  ...askEventLabels,
  // Versements de l'aide accordée (src/features/request-payments).
  ...paymentEventLabels,
  // Mises à jour, renouvellements et expiration (issue 12).
  ...renewalEventLabels,
};

/** A section of the request page: its heading's id (the table of contents' target), its heading, its content. */
export interface PageSection {
  id: string;
  title: string;
  draw: Drawing;
}

export interface RequestPageProps {
  procedure: AgentProcedure;
  request: InstructionRequest;
  documents: ProvidedDocument[];
  events: RequestEventRow[];
  openAsks: OpenAsk[];
  /** What the request waits for and on whom (summary.tsx). */
  waiting: WaitingItem[];
  /** What other features draw under the summary (src/features/panels.ts). */
  notices: Drawing[];
  /** Their actions that apply now, as `<li>` items. */
  actions: Drawing[];
  /** Their sections, present for this request, in order. */
  sections: PageSection[];
  /** Why the last action was refused (409). */
  error?: string;
  /** The procedure's case workers: who the request may be assigned to. */
  agents: ProcedureAgent[];
  /** Why the assignment's choice was refused (422). */
  assignError?: string;
  /** The agent looking. */
  viewerId: string;
}

/**
 * GET /instruction/:slug/:id: everything about one request, and what the agent may do with it. A
 * summary first (status, applicant, dates, what waits on whom, the actions that apply now), then
 * the "Sommaire de la demande" linking to each section: the answers, the documents, the sections
 * of the other features, the history.
 */
export function RequestPage({ ctx, procedure, request, documents, events, openAsks, waiting, notices, actions, sections, error, agents, assignError, viewerId }: RequestPageProps & { ctx: PageContext }) {
  const number = request.number ? formatRequestNumber(request.number) : "sans numéro";
  const title = `Demande n° ${number}`;
  const lastActivity = events.reduce((last, event) => (event.occurredAt > last ? event.occurredAt : last), request.createdAt);
  const allSections: PageSection[] = [
    { id: "reponses", title: "Réponses du demandeur", draw: () => <Answers request={request} /> },
    { id: "documents", title: "Pièces justificatives", draw: () => <ProvidedDocuments slug={procedure.slug} request={request} documents={documents} /> },
    ...sections,
    { id: "historique", title: "Historique", draw: () => <History events={events} /> },
  ];
  return (
    <Layout ctx={ctx} title={`${title} - ${procedure.title}`} hasErrors={assignError !== undefined} breadcrumb={[home, instructionCrumb, { label: procedure.title, href: requestListUrl(procedure.slug) }, { label: title }]}>
      <h1>{title}</h1>
      {assignError ? <ErrorSummary errors={{ agent: assignError }} labels={{ agent: "Attribuer la demande à" }} /> : null}
      {error ? (
        <Alert type="error" title="Action impossible">
          <p>{error}</p>
        </Alert>
      ) : null}
      <section class="request-summary" aria-labelledby="synthese">
        <h2 id="synthese">Synthèse</h2>
        <SummaryList
          rows={[
            ["Statut", <StatusTag status={request.status} />],
            [
              "Demandeur",
              <>
                {person(request.applicantCivility, request.applicantFirstName, request.applicantLastName)}
                <br />
                <span class="request-summary__email">{request.applicantEmail ?? request.applicantAccountEmail ?? "adresse électronique inconnue"}</span>
                {request.organisationName ? (
                  <>
                    <br />
                    {request.organisationName} (SIRET {request.organisationSiret ? formatSiret(request.organisationSiret) : "—"})
                  </>
                ) : null}
              </>,
            ],
            ["Démarche", `${procedure.title} (version ${request.versionNumber})`],
            ["Déposée le", request.filedAt ? <DateTime date={request.filedAt} /> : "—"],
            ["Dernière activité", <DateTime date={lastActivity} />],
            ["Agent en charge", request.agentLastName ? `${request.agentFirstName ?? ""} ${request.agentLastName}${request.takenAt ? `, depuis le ${dateTimeFormat.format(request.takenAt)}` : ""}` : "—"],
            ...(request.decidedAt ? ([["Décidée le", <DateTime date={request.decidedAt} />]] as [string, Child][]) : []),
            ...(request.validUntil ? ([["Valable jusqu'au", <DateTime date={request.validUntil} short />]] as [string, Child][]) : []),
          ]}
        />
        <h3>En attente</h3>
        {waiting.length === 0 ? (
          <p>Rien n'est en attente.</p>
        ) : (
          <ul class="request-summary__waiting">
            {waiting.map((item) => (
              <li>
                <strong>{item.on}</strong> : {item.what}
              </li>
            ))}
          </ul>
        )}
        <h3>Actions possibles</h3>
        <Actions ctx={ctx} slug={procedure.slug} request={request} openAsks={openAsks} more={actions} />
        {(request.status === "filed" || request.status === "in_instruction") && agents.length > 0 ? (
          <Form action={requestUrl(procedure.slug, request.id, "attribuer")} csrfToken={ctx.csrfToken} class="letter-filters worklist-assign">
            <Select
              name="agent"
              label="Attribuer la demande à"
              hint={request.status === "filed" ? "L'agent choisi la prend en charge : le demandeur en est informé par courriel." : undefined}
              value={request.assignedAgentId ?? undefined}
              error={assignError}
              placeholder="Choisissez un agent"
              options={agents.map((agent) => ({ value: agent.id, label: agent.id === viewerId ? `${agentName(agent)} (moi)` : agentName(agent) }))}
            />
            <Button variant="secondary">Attribuer</Button>
          </Form>
        ) : null}
      </section>
      {notices.map((draw) => draw(ctx))}
      <div class="request-layout">
        <nav class="request-toc" aria-label="Sommaire de la demande">
          <p class="request-toc__title" aria-hidden="true">Sommaire</p>
          <ol>
            {allSections.map((section) => (
              <li>
                <a href={`#${section.id}`}>{section.title}</a>
              </li>
            ))}
          </ol>
        </nav>
        <div class="request-layout__content">
          {allSections.map((section) => (
            <section class="request-section" aria-labelledby={section.id}>
              <h2 id={section.id}>{section.title}</h2>
              {section.draw(ctx)}
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}

function Answers({ request }: { request: InstructionRequest }) {
  return (
    <>
      {request.definition.étapes
        .filter((step) => isStepShown(request.definition, request.answers, step.id))
        .map((step) => (
          <section aria-labelledby={`etape-${step.id}`}>
            <h3 id={`etape-${step.id}`}>{step.titre}</h3>
            <StepSummary definition={request.definition} step={step} answers={request.answers} />
          </section>
        ))}
    </>
  );
}

function ProvidedDocuments({ slug, request, documents }: { slug: string; request: InstructionRequest; documents: ProvidedDocument[] }) {
  if (documents.length === 0) return <p>Aucune pièce n'a été fournie.</p>;
  const documentLabels = new Map(request.definition.étapes.flatMap((step) => (step.pièces ?? []).map((piece) => [piece.id, piece.libellé] as const)));
  return (
    <ul class="request-documents">
      {documents.map((document) => (
        <li>
          <span class="request-documents__label">{documentLabels.get(document.documentId) ?? "Pièce justificative"}</span>{" "}
          <a href={requestUrl(slug, request.id, `pieces/${document.uploadId}`)} download>
            {document.originalName}
          </a>{" "}
          <span class="field__hint">
            ({document.detectedType.toUpperCase()}, {formatSize(document.size)}, déposée le <DateTime date={document.createdAt} />)
          </span>
          {document.status === "non_conforming" ? (
            <>
              {" "}
              <Tag tone="error">non conforme</Tag>
              {document.nonConformingReason ? <span class="field__hint"> {document.nonConformingReason}</span> : null}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function History({ events }: { events: RequestEventRow[] }) {
  if (events.length === 0) return <p>Aucun événement.</p>;
  return (
    <ol class="link-list request-history">
      {events.map((event) => (
        <li>
          <DateTime date={event.occurredAt} /> : {agentEventLabel(event.event)}
          {event.actorLastName ? ` par ${event.actorFirstName ?? ""} ${event.actorLastName}${event.actorRole === "agent" ? " (agent)" : ""}` : ""}
          {event.reason ? (
            <>
              <br />
              <span class="field__hint">Motif : {event.reason}</span>
            </>
          ) : null}
          {event.visibleToApplicant ? null : <span class="field__hint"> (non visible par le demandeur)</span>}
        </li>
      ))}
    </ol>
  );
}

/** A history line's words; an event of a kind this page does not know is never shown by its code. */
export function agentEventLabel(event: string): string {
  return (agentEventLabels as Record<string, string>)[event] ?? "Autre événement";
}

/**
 * The actions that apply now, as buttons; the decisions that do not apply yet, as text with the
 * reason (never as buttons a route would refuse).
 */
function Actions({ ctx, slug, request, openAsks, more }: { ctx: PageContext; slug: string; request: InstructionRequest; openAsks: OpenAsk[]; more: Drawing[] }) {
  const decide = openAsks.length === 0;
  const actions = [
    canApply("take", request.status) ? (
      <li>
        <Form action={requestUrl(slug, request.id, "prendre-en-charge")} csrfToken={ctx.csrfToken} class="inline-form">
          <Button variant="primary">Prendre en charge</Button>
        </Form>
      </li>
    ) : null,
    decide && canApply("accept", request.status) ? <li><ButtonLink href={requestUrl(slug, request.id, decisionPaths.accept)}>Accepter</ButtonLink></li> : null,
    decide && canApply("refuse", request.status) ? <li><ButtonLink href={requestUrl(slug, request.id, decisionPaths.refuse)} variant="secondary">Refuser</ButtonLink></li> : null,
    decide && canApply("close", request.status) ? <li><ButtonLink href={requestUrl(slug, request.id, decisionPaths.close)} variant="secondary">Classer sans suite</ButtonLink></li> : null,
  ].filter(Boolean);
  const unavailable = decisionsUnavailable(request, openAsks);
  if (actions.length === 0 && more.length === 0 && !unavailable) {
    if (request.status === "expired") return <p>Cette demande a expiré faute de renouvellement par le demandeur : elle ne peut plus être instruite.</p>;
    return <p>{request.status === "abandoned" ? "Le demandeur a abandonné cette demande : elle ne peut plus être instruite." : "Cette demande est décidée : aucune action n'est possible."}</p>;
  }
  return (
    <>
      {actions.length > 0 || more.length > 0 ? (
        <ul class="button-group">
          {actions}
          {more.map((draw) => draw(ctx))}
        </ul>
      ) : null}
      {unavailable ? <p class="request-summary__unavailable">{unavailable}</p> : null}
    </>
  );
}

export type Decision = Exclude<AgentTransition, "take">;

/** The decisions' addresses, in French. */
export const decisionPaths: Record<Decision, string> = { accept: "accepter", refuse: "refuser", close: "classer-sans-suite" };

const decisionWording: Record<Decision, { title: string; intro: string; button: string; reasonLabel: string; reasonHint: string }> = {
  accept: {
    title: "Accepter la demande",
    intro: "Le demandeur est informé par courriel de l'acceptation de sa demande. Cette décision est définitive.",
    button: "Confirmer l'acceptation",
    reasonLabel: "Message au demandeur",
    reasonHint: "Facultatif : il figure dans le courriel envoyé au demandeur et dans l'historique de la demande.",
  },
  refuse: {
    title: "Refuser la demande",
    intro: "Le demandeur est informé par courriel du refus et de son motif. Cette décision est définitive.",
    button: "Confirmer le refus",
    reasonLabel: "Motif du refus",
    reasonHint: "Obligatoire : il est communiqué au demandeur et figure dans l'historique de la demande.",
  },
  close: {
    title: "Classer la demande sans suite",
    intro: "La demande ne sera pas instruite davantage ; le demandeur en est informé par courriel. Cette décision est définitive.",
    button: "Confirmer le classement sans suite",
    reasonLabel: "Message au demandeur",
    reasonHint: "Facultatif : il figure dans le courriel envoyé au demandeur et dans l'historique de la demande.",
  },
};

export const REASON_MAX = 2000;

export interface DecisionPageProps {
  procedure: AgentProcedure;
  request: InstructionRequest;
  decision: Decision;
  reason: string;
  errors: FieldErrors;
}

/** The confirmation page of a decision, with its reason (mandatory to refuse). */
export function DecisionPage({ ctx, procedure, request, decision, reason, errors }: DecisionPageProps & { ctx: PageContext }) {
  const wording = decisionWording[decision];
  const number = request.number ? formatRequestNumber(request.number) : "sans numéro";
  const id = fieldId("motif");
  const error = errors.motif;
  const required = decision === "refuse";
  return (
    <Layout
      ctx={ctx}
      title={`${wording.title} n° ${number}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[home, instructionCrumb, { label: procedure.title, href: requestListUrl(procedure.slug) }, { label: `Demande n° ${number}`, href: requestUrl(procedure.slug, request.id) }, { label: wording.title }]}
    >
      <ErrorSummary errors={errors} />
      <h1>{wording.title}</h1>
      <p>
        Demande n° {number} de {person(request.applicantCivility, request.applicantFirstName, request.applicantLastName)}
        {request.organisationName ? ` (${request.organisationName})` : ""}.
      </p>
      <p>{wording.intro}</p>
      <Form action={requestUrl(procedure.slug, request.id, decisionPaths[decision])} csrfToken={ctx.csrfToken}>
        <div class={`field${error ? " field--error" : ""}`}>
          <label class="field__label" for={id}>
            {wording.reasonLabel}
            {required ? null : <span class="field__optional"> (facultatif)</span>}
          </label>
          <p class="field__hint" id={`${id}-hint`}>{wording.reasonHint}</p>
          <FieldError id={id} error={error} />
          <textarea
            class="field__input"
            id={id}
            name="motif"
            rows={6}
            maxlength={REASON_MAX}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            aria-invalid={error ? "true" : undefined}
            aria-required={required ? "true" : undefined}
          >
            {reason}
          </textarea>
        </div>
        <ul class="button-group">
          <li><Button variant={decision === "accept" ? "primary" : "danger"}>{wording.button}</Button></li>
          <li><a href={requestUrl(procedure.slug, request.id)}>Annuler et revenir à la demande</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}
