import type { Child } from "hono/jsx";
import { formatDays } from "../../platform/french/days.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { Alert, Button, ButtonLink, ErrorSummary, Form, SummaryList, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { documentInputName, DocumentSlotView, StepFields, StepSummary, type DocumentSlot, type DocumentSlotActions } from "../../core/requests/fields/index.ts";
import type { PrefillNote } from "../../core/requests/prefill/apply-prefill.ts";
import { daysSince, formatDateTime, formatDay } from "../../core/requests/presentation.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";
import type { WaitingReason } from "../../core/requests/validity.ts";
import { applicantNewsLabels } from "../../core/requests/renewal-event-labels.ts";

const home = { label: "Accueil", href: "/" };
const myRequestsCrumb = { label: "Mes demandes", href: "/demandes" };

export const renewalPaths = {
  request: (id: string) => `/demandes/${id}`,
  update: (id: string) => `/demandes/${id}/mise-a-jour`,
  updateStep: (id: string, stepId: string) => `/demandes/${id}/mise-a-jour/${stepId}`,
  /** Adds a file to a document of the filed request, or replaces one (multipart). */
  updateDocument: (id: string, documentId: string) => `/demandes/${id}/mise-a-jour/pieces/${documentId}`,
  removeDocument: (id: string, uploadId: string) => `/demandes/${id}/mise-a-jour/pieces/${uploadId}/supprimer`,
  /** A provided file, downloaded (the requests feature's route). */
  download: (id: string, uploadId: string) => `/demandes/${id}/pieces/${uploadId}`,
  renew: (id: string) => `/demandes/${id}/renouveler`,
};

/** The hidden field carrying the version of the answers the page was built from. */
export const VERSION_INPUT = "version";
export const SAVE_ACTION = { name: "action", value: "enregistrer" } as const;

interface RequestRef {
  id: string;
  number: string | null;
}

function crumbs(request: RequestRef, title: string, label: string) {
  return [home, myRequestsCrumb, { label: title, href: renewalPaths.request(request.id) }, { label }];
}

function NumberLine({ definition, request }: { definition: ProcedureDefinition; request: RequestRef }) {
  return (
    <p>
      {definition.titre}
      {request.number ? <> — demande n° <span class="request-number">{formatRequestNumber(request.number)}</span></> : null}
    </p>
  );
}

/** What a page says when the request may not be updated or renewed (decided, expired…). */
export function RefusedPage({ ctx, request, definition, title, reason }: { ctx: PageContext; request: RequestRef; definition: ProcedureDefinition; title: string; reason: string }) {
  return (
    <Layout ctx={ctx} title={`${title} - ${definition.titre}`} breadcrumb={crumbs(request, definition.titre, title)}>
      <h1>{title}</h1>
      <NumberLine definition={definition} request={request} />
      <Alert type="error">
        <p>{reason}</p>
      </Alert>
      <p>
        <a href={renewalPaths.request(request.id)}>Revenir à ma demande</a>
      </p>
    </Layout>
  );
}

/** "Mettre à jour ma demande": every shown step as it reads now, each with "Modifier". */
export function UpdatePage({ ctx, request, definition, steps, answers, slots = {} }: { ctx: PageContext; request: RequestRef; definition: ProcedureDefinition; steps: Step[]; answers: Answers; slots?: Record<string, DocumentSlot[]> }) {
  const title = "Mettre à jour ma demande";
  return (
    <Layout ctx={ctx} title={`${title} - ${definition.titre}`} breadcrumb={crumbs(request, definition.titre, title)}>
      <h1>{title}</h1>
      <NumberLine definition={definition} request={request} />
      <p>Votre situation a changé ? Modifiez les informations et les pièces justificatives de votre demande déposée. Son numéro et son ancienneté sont conservés ; le service instructeur voit ce qui a changé.</p>
      <p>Chaque étape enregistrée met à jour votre demande aussitôt, et vous recevez par courriel le récapitulatif des informations modifiées.</p>
      {steps.map((step) => (
        <section aria-labelledby={`etape-${step.id}`}>
          <h2 id={`etape-${step.id}`}>{step.titre}</h2>
          <StepSummary definition={definition} step={step} answers={answers} />
          {(slots[step.id] ?? []).length > 0 ? (
            <SummaryList rows={(slots[step.id] ?? []).map((slot): [string, Child] => [`Pièce « ${slot.document.libellé} »`, slot.files.length > 0 ? slot.files.map((file) => file.originalName).join(", ") : "Aucun fichier"])} />
          ) : null}
          <p>
            <ButtonLink href={renewalPaths.updateStep(request.id, step.id)} variant="secondary">
              Modifier<span class="visually-hidden"> l'étape « {step.titre} »</span>
            </ButtonLink>
          </p>
        </section>
      ))}
      <p>
        <a href={renewalPaths.request(request.id)}>Revenir à ma demande</a>
      </p>
    </Layout>
  );
}

export interface UpdateStepPageProps {
  request: RequestRef;
  definition: ProcedureDefinition;
  step: Step;
  answers: Answers;
  version: number;
  posted?: PostedForm | undefined;
  errors?: Record<string, string>;
  errorLabels?: Record<string, string>;
  autofocus?: string | undefined;
  prefill?: Record<string, PrefillNote>;
  /** The request was updated meanwhile (another tab): nothing was saved, the page shows it as it is now. */
  conflict?: string;
  /** The documents the step asks for now, with their files. */
  slots?: DocumentSlot[];
  /** Refused document changes, by document id. */
  documentErrors?: Record<string, string>;
}

/** One step of a filed request, editable. */
export function UpdateStepPage({ ctx, request, definition, step, answers, version, posted, errors = {}, errorLabels, autofocus, prefill, conflict, slots = [], documentErrors = {} }: UpdateStepPageProps & { ctx: PageContext }) {
  const summaryErrors = { ...errors, ...Object.fromEntries(Object.entries(documentErrors).map(([documentId, message]) => [documentInputName(documentId), message])) };
  const labels = { ...errorLabels, ...Object.fromEntries(slots.map((slot) => [documentInputName(slot.document.id), slot.document.libellé])) };
  const actions: DocumentSlotActions = { upload: renewalPaths.updateDocument, remove: renewalPaths.removeDocument, download: renewalPaths.download, hidden: { [VERSION_INPUT]: String(version) } };
  return (
    <Layout ctx={ctx} title={`${step.titre} - Mettre à jour ma demande`} hasErrors={Object.keys(summaryErrors).length > 0 || conflict !== undefined} breadcrumb={crumbs(request, definition.titre, "Mettre à jour ma demande")}>
      <ErrorSummary errors={summaryErrors} labels={labels} />
      {conflict ? (
        <Alert type="error" title="Mise à jour non enregistrée">
          <p>{conflict}</p>
        </Alert>
      ) : null}
      <p>Mettre à jour ma demande — {definition.titre}</p>
      <h1>{step.titre}</h1>
      {step.introduction ? <p>{step.introduction}</p> : null}
      <Form action={renewalPaths.updateStep(request.id, step.id)} csrfToken={ctx.csrfToken}>
        <input type="hidden" name={VERSION_INPUT} value={String(version)} />
        <StepFields definition={definition} step={step} answers={answers} posted={posted} errors={errors} autofocus={autofocus} defaultSubmit={SAVE_ACTION} prefill={prefill} />
        <ul class="button-group">
          <li>
            <Button name={SAVE_ACTION.name} value={SAVE_ACTION.value}>
              Enregistrer la mise à jour
            </Button>
          </li>
          <li><a href={renewalPaths.update(request.id)}>Annuler</a></li>
        </ul>
      </Form>
      {slots.length > 0 ? (
        <section aria-labelledby="pieces-title">
          <h2 id="pieces-title">Pièces justificatives</h2>
          <p>Chaque fichier joint, remplacé ou supprimé met à jour votre demande aussitôt, et le service instructeur voit ce qui a changé. Enregistrez d'abord les informations modifiées ci-dessus : joindre un fichier recharge la page.</p>
          {slots.map((slot) => (
            <DocumentSlotView ctx={ctx} request={request} slot={slot} error={documentErrors[slot.document.id]} editable={true} actions={actions} />
          ))}
        </section>
      ) : null}
    </Layout>
  );
}

/** "Renouveler ma demande": what renewing does, the dates, and the confirmation. */
export function RenewPage({ ctx, request, definition, filedAt, validUntil, newValidUntil }: { ctx: PageContext; request: RequestRef; definition: ProcedureDefinition; filedAt: Date | null; validUntil: Date; newValidUntil: Date }) {
  const title = "Renouveler ma demande";
  return (
    <Layout ctx={ctx} title={`${title} - ${definition.titre}`} breadcrumb={crumbs(request, definition.titre, title)}>
      <h1>{title}</h1>
      <NumberLine definition={definition} request={request} />
      <SummaryList
        rows={[
          ["Déposée le (ancienneté)", filedAt ? formatDay(filedAt) : "—"],
          ["Valable jusqu'au", formatDay(validUntil)],
          ["Après renouvellement, valable jusqu'au", formatDay(newValidUntil)],
        ]}
      />
      <p>Votre demande est renouvelée telle qu'elle est aujourd'hui : son numéro, ses informations et son ancienneté sont conservés. Si votre situation a changé, mettez aussi votre demande à jour.</p>
      <Form action={renewalPaths.renew(request.id)} csrfToken={ctx.csrfToken}>
        <ul class="button-group">
          <li><Button>Confirmer le renouvellement</Button></li>
          <li><a href={renewalPaths.request(request.id)}>Revenir à ma demande</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

/** What waits for the applicant, as a warning (card and request page). */
export function WaitingCue({ reasons }: { reasons: readonly WaitingReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <div class="waiting-cue">
      <Tag tone="warning">Action attendue de votre part</Tag>
      <ul>
        {reasons.map((reason) => (
          <li>{reason.label}</li>
        ))}
      </ul>
    </div>
  );
}

/** The validity's dates and the update / renewal actions on the applicant's request page. */
export function ValidityPanel(props: {
  request: { id: string; filedAt: Date | null; validUntil: Date | null; renewedAt: Date | null };
  now: Date;
  canUpdate: boolean;
  canRenew: boolean;
  reasons: readonly WaitingReason[];
}) {
  const { request } = props;
  const rows: [string, Child][] = [];
  if (request.filedAt) rows.push(["Ancienneté", `depuis le ${formatDay(request.filedAt)} (${formatDays(daysSince(request.filedAt, props.now))})`]);
  if (request.validUntil) rows.push(["Valable jusqu'au", formatDay(request.validUntil)]);
  if (request.renewedAt) rows.push(["Renouvelée le", formatDay(request.renewedAt)]);
  if (rows.length === 0 && !props.canUpdate) return null;
  return (
    <section aria-labelledby="validite">
      <h2 id="validite">Validité et mise à jour</h2>
      <WaitingCue reasons={props.reasons} />
      {rows.length > 0 ? <SummaryList rows={rows} /> : null}
      {props.canUpdate || props.canRenew ? (
        <ul class="button-group">
          {props.canRenew ? <li><ButtonLink href={renewalPaths.renew(request.id)}>Renouveler ma demande</ButtonLink></li> : null}
          {props.canUpdate ? <li><ButtonLink href={renewalPaths.update(request.id)} variant="secondary">Mettre à jour ma demande</ButtonLink></li> : null}
        </ul>
      ) : null}
    </section>
  );
}

const eventWords = applicantNewsLabels;

/** The agent's cue on a request's page: what the applicant did since the agent last looked. */
export function AgentNewsPanel({ news }: { news: { event: string; occurredAt: Date; changes: ModificationChange[] }[] }) {
  if (news.length === 0) return null;
  return (
    <section aria-labelledby="nouveautes" class="agent-news">
      <h2 id="nouveautes">Modifiée depuis votre dernière consultation</h2>
      <ul>
        {news.map((item) => (
          <li>
            {eventWords[item.event] ?? item.event}, le {formatDateTime(item.occurredAt)}
            {item.changes.length > 0 ? (
              <ul>
                {item.changes.map((change) => (
                  <li>
                    <strong>{change.label}</strong> ({change.stepTitle}) — avant : {change.before} ; après : {change.after}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
