import type { RequestStatus } from "../../platform/db/schema.ts";
import { formatDays } from "../../platform/french/days.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ButtonLink, Checkbox, ErrorSummary, Form, SummaryList, Table, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { PostedForm } from "../../core/procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import type { MissingItem } from "../../core/requests/completeness.ts";
import { documentInputName, DocumentSlotView, FILE_INPUT, HelpArticleLink, REPLACES_INPUT, StepFields, StepSummary, type DocumentSlot, type DocumentSlotActions } from "../../core/requests/fields/index.ts";
export type { DocumentSlot };
import type { FilingRefusal } from "../../core/requests/policies.ts";
import type { StepPrefill } from "../../core/requests/prefill/step-prefill.ts";
import { shownSteps } from "../../core/requests/completeness.ts";
import { daysSince, eventLabel, formatDateTime, formatDay, statusLabels } from "../../core/requests/presentation.ts";
import type { ApplicantRequest, ApplicantRequestSummary, ProvidedDocument } from "../../core/requests/queries/requests.ts";
import type { Child } from "hono/jsx";
import type { Drawing } from "../../ui/panels.ts";
import { waitingReasons, type WaitingReason } from "../../core/requests/validity.ts";

const home = { label: "Accueil", href: "/" };
const catalogueCrumb = { label: "Déposer une demande", href: "/demarches" };
const myRequestsCrumb = { label: "Mes demandes", href: "/demandes" };

export const requestPaths = {
  catalogue: "/demarches",
  procedure: (slug: string) => `/demarches/${slug}`,
  start: (slug: string) => `/demarches/${slug}/commencer`,
  list: "/demandes",
  request: (id: string) => `/demandes/${id}`,
  step: (id: string, stepId: string) => `/demandes/${id}/${stepId}`,
  submit: (id: string) => `/demandes/${id}/deposer`,
  filed: (id: string) => `/demandes/${id}/deposee`,
  upload: (id: string, documentId: string) => `/demandes/${id}/pieces/${documentId}`,
  download: (id: string, uploadId: string) => `/demandes/${id}/pieces/${uploadId}`,
  remove: (id: string, uploadId: string) => `/demandes/${id}/pieces/${uploadId}/supprimer`,
  receipt: (id: string) => `/demandes/${id}/recepisse.pdf`,
  summary: (id: string) => `/demandes/${id}/recapitulatif.pdf`,
  history: (id: string) => `/demandes/${id}/historique`,
  abandon: (id: string) => `/demandes/${id}/abandonner`,
};

/** Name of the step form's buttons. */
export const STEP_ACTION = "action";
/** `autosave`: sent by the script as the person types (src/ui/client/autosave.ts); answered in JSON. */
export const STEP_ACTIONS = { later: "plus-tard", next: "suivant", submit: "deposer", autosave: "autosave" } as const;
/** Id of the step's form, which the buttons at the bottom of the page name (`form=`). */
const STEP_FORM_ID = "formulaire-etape";
/** Input name of a document's file, and of the upload it replaces (the slot view lives in core/requests/fields). */
export { FILE_INPUT, REPLACES_INPUT, documentInputName };
const draftSlotActions: DocumentSlotActions = { upload: (id, documentId) => requestPaths.upload(id, documentId), remove: (id, uploadId) => requestPaths.remove(id, uploadId), download: (id, uploadId) => requestPaths.download(id, uploadId) };

const statusTones: Record<RequestStatus, "neutral" | "info" | "success" | "error" | "warning"> = {
  draft: "neutral",
  filed: "info",
  in_instruction: "info",
  accepted: "success",
  refused: "error",
  closed: "neutral",
  abandoned: "neutral",
  expired: "neutral",
};

function StatusTag({ status }: { status: RequestStatus }) {
  return <Tag tone={statusTones[status]}>{statusLabels[status]}</Tag>;
}

function DateText({ date, withTime }: { date: Date; withTime?: boolean }) {
  return <time datetime={date.toISOString()}>{withTime ? formatDateTime(date) : formatDay(date)}</time>;
}

/** "Ancienneté" of a filed request: "3 jours", or "déposée aujourd'hui". */
function seniority(days: number): string {
  return days === 0 ? "déposée aujourd'hui" : formatDays(days);
}

function NumberText({ number }: { number: string | null }) {
  return number ? <span class="request-number">{formatRequestNumber(number)}</span> : <>Brouillon</>;
}

// ——— Catalogue ———

/** Why a signed-in person may not file this procedure yet, with the link to what is missing. */
export function Refusal({ refusal, title }: { refusal: FilingRefusal; title: string }) {
  if (refusal.kind === "organisation_required") {
    return (
      <p>
        Cette démarche est réservée aux structures : agissez pour une structure dont vous êtes membre validé.{" "}
        <a href="/structures/ajouter">Ajouter une structure<span class="visually-hidden"> pour la démarche {title}</span></a>
      </p>
    );
  }
  return (
    <p>
      Cette démarche nécessite l'habilitation au service « {refusal.service.name} ».{" "}
      <a href={`/services/${refusal.service.slug}/habilitation`}>Demander l'habilitation<span class="visually-hidden"> au service {refusal.service.name}</span></a>
    </p>
  );
}

export function FilingRefusedPage({ ctx, title, refusal }: { ctx: PageContext; title: string; refusal: FilingRefusal }) {
  return (
    <Layout ctx={ctx} title="Démarche non accessible" breadcrumb={[home, catalogueCrumb, { label: title }]}>
      <h1>Vous ne pouvez pas encore déposer cette demande</h1>
      <Alert type="warning">
        <Refusal refusal={refusal} title={title} />
      </Alert>
      <p>
        <a href={requestPaths.catalogue}>Retour aux démarches</a>
      </p>
    </Layout>
  );
}

// ——— The request page ———

export interface StepNavEntry {
  step: Step;
  done: boolean;
}


export interface StepPageProps {
  request: ApplicantRequest;
  definition: ProcedureDefinition;
  step: Step;
  steps: StepNavEntry[];
  slots: DocumentSlot[];
  /** Everything still missing before submission (empty: the request can be filed). */
  missing: MissingItem[];
  /** The minimal information still missing; empty: "Déposer ma demande" is offered. */
  minimalMissing: MissingItem[];
  posted?: PostedForm;
  errors?: Record<string, string>;
  /** Refused uploads, by document id. */
  documentErrors?: Record<string, string>;
  autofocus?: string | undefined;
  /** The submission was refused: list what is missing at the top. */
  submitRefused?: boolean;
  /** Labels for the error summary, by input name. */
  errorLabels?: Record<string, string>;
  /** The step's prefilled answers: the locked ones as their source has them, and where each came from. */
  prefill?: StepPrefill;
  /** Titles of the help articles the step and its fields link to, by address. */
  helpArticles?: Record<string, string>;
}

/**
 * The procedure's steps. On a phone (< 48em) the list folds into a disclosure whose summary says
 * where the person is ("Étape 3 sur 9 : Revenu fiscal"), closed by default so the step's form
 * starts on the first screen; wider, the whole list shows (public/guichet.css opens it with
 * `::details-content`, src/ui/client/step-list.ts sets `open` where that is not supported).
 * A `<details>` works with the keyboard and without JavaScript.
 */
function StepNav({ request, steps, current }: { request: ApplicantRequest; steps: StepNavEntry[]; current: string }) {
  const index = steps.findIndex((entry) => entry.step.id === current);
  const position = `Étape ${index + 1} sur ${steps.length}`;
  return (
    <nav class="request-steps" aria-label="Étapes de la demande">
      <p class="stepper request-steps__position">{position}</p>
      <details class="request-steps__fold" data-step-list>
        <summary class="request-steps__summary">
          {position} : {steps[index]?.step.titre}
        </summary>
        <ol>
          {steps.map(({ step, done }) => (
            <li>
              <a href={requestPaths.step(request.id, step.id)} aria-current={step.id === current ? "step" : undefined}>
                {step.titre}
              </a>{" "}
              {done ? <Tag tone="success">Complète</Tag> : <Tag tone="neutral">À compléter</Tag>}
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}

function MissingList({ request, missing }: { request: ApplicantRequest; missing: MissingItem[] }) {
  return (
    <ul>
      {missing.map((item) => (
        <li>
          <a href={requestPaths.step(request.id, item.stepId)}>
            {item.stepTitle} : {item.kind === "document" ? `pièce « ${item.label} »` : item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function StepPage(props: StepPageProps & { ctx: PageContext }) {
  const { ctx, request, definition, step, steps, slots, missing, minimalMissing } = props;
  const canSubmit = minimalMissing.length === 0;
  const errors = props.errors ?? {};
  const documentErrors = props.documentErrors ?? {};
  const summaryErrors = { ...errors, ...Object.fromEntries(Object.entries(documentErrors).map(([documentId, message]) => [documentInputName(documentId), message])) };
  const labels = { ...props.errorLabels, ...Object.fromEntries(slots.map((slot) => [documentInputName(slot.document.id), slot.document.libellé])) };
  const hasErrors = Object.keys(summaryErrors).length > 0 || props.submitRefused === true;
  const index = steps.findIndex((entry) => entry.step.id === step.id);
  const isLast = index === steps.length - 1;
  return (
    <Layout ctx={ctx} title={`${step.titre} - ${definition.titre}`} hasErrors={hasErrors} breadcrumb={[home, myRequestsCrumb, { label: definition.titre }]}>
      <div class="request-layout">
        <div class="request-layout__nav">
          <StepNav request={request} steps={steps} current={step.id} />
        </div>
        <div class="request-layout__main">
          <p>{definition.titre}</p>
          <h1>{step.titre}</h1>
          {props.submitRefused ? (
            <div class="error-summary" role="alert" tabindex={-1} data-error-summary aria-labelledby="missing-title">
              <h2 id="missing-title" class="error-summary__title">Votre demande ne peut pas encore être déposée</h2>
              <p>Complétez d'abord :</p>
              <MissingList request={request} missing={missing} />
            </div>
          ) : null}
          <ErrorSummary errors={summaryErrors} labels={labels} />
          {step.introduction ? <p>{step.introduction}</p> : null}
          <HelpArticleLink slug={step.article_aide} titles={props.helpArticles ?? {}} />
          <Form action={requestPaths.step(request.id, step.id)} csrfToken={ctx.csrfToken} id={STEP_FORM_ID} autosave>
            <StepFields
              definition={definition}
              step={step}
              answers={props.prefill?.answers ?? request.answers}
              prefill={props.prefill?.notes}
              helpArticles={props.helpArticles}
              posted={props.posted}
              errors={errors}
              autofocus={props.autofocus}
              defaultSubmit={{ name: STEP_ACTION, value: isLast ? STEP_ACTIONS.later : STEP_ACTIONS.next }}
            />
          </Form>
          {slots.length > 0 ? (
            <section aria-labelledby="pieces-title">
              <h2 id="pieces-title">Pièces justificatives</h2>
              <p>Enregistrez vos réponses avant de joindre un fichier : joindre un fichier recharge la page.</p>
              {slots.map((slot) => (
                <DocumentSlotView ctx={ctx} request={request} slot={slot} error={documentErrors[slot.document.id]} editable={true} actions={draftSlotActions} />
              ))}
            </section>
          ) : null}
          <div class="button-group">
            <button type="submit" form={STEP_FORM_ID} name={STEP_ACTION} value={STEP_ACTIONS.later} class="button button--secondary">
              Poursuivre plus tard
            </button>
            {isLast ? null : (
              <button type="submit" form={STEP_FORM_ID} name={STEP_ACTION} value={STEP_ACTIONS.next} class="button button--secondary">
                Poursuivre pour renforcer ma demande
              </button>
            )}
            {canSubmit ? (
              <button type="submit" form={STEP_FORM_ID} name={STEP_ACTION} value={STEP_ACTIONS.submit} class="button button--primary">
                Déposer ma demande
              </button>
            ) : null}
          </div>
          {canSubmit ? null : (
            <Alert type="info" title="Déposer ma demande">
              <p>Vous pourrez déposer votre demande dès que les informations minimales seront renseignées :</p>
              <MissingList request={request} missing={minimalMissing} />
            </Alert>
          )}
        </div>
      </div>
    </Layout>
  );
}

// ——— Consulting a filed request ———

export function ConsultPage({ ctx, request, definition, documents, links, sections }: { ctx: PageContext; request: ApplicantRequest; definition: ProcedureDefinition; documents: (ProvidedDocument & { label: string })[]; links: Drawing[]; sections: Drawing[] }) {
  return (
    <Layout ctx={ctx} title={definition.titre} breadcrumb={[home, myRequestsCrumb, { label: definition.titre }]}>
      <h1>{definition.titre}</h1>
      <SummaryList
        rows={[
          ["Numéro", <NumberText number={request.number} />],
          ["État", <StatusTag status={request.status} />],
          ["Créée le", <DateText date={request.createdAt} withTime />],
          ["Déposée le", request.filedAt ? <DateText date={request.filedAt} withTime /> : "—"],
          ["Prise en charge le", request.takenAt ? <DateText date={request.takenAt} withTime /> : "—"],
        ]}
      />
      <RequestActions request={request} links={links.map((draw) => draw(ctx))} />
      {sections.map((draw) => draw(ctx))}
      {shownSteps(definition, request.answers).map((step) => (
        <section aria-labelledby={`etape-${step.id}`}>
          <h2 id={`etape-${step.id}`}>{step.titre}</h2>
          <StepSummary definition={definition} step={step} answers={request.answers} />
        </section>
      ))}
      <h2>Pièces justificatives</h2>
      {documents.length === 0 ? (
        <p>Aucune pièce jointe.</p>
      ) : (
        <ul>
          {documents.map((document) => (
            <li>
              {document.label} : <a href={requestPaths.download(request.id, document.uploadId)}>{document.originalName}</a> ({formatFileSize(document.size)})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** A request's actions, with the links other features declare (src/features/panels.ts). */
function RequestActions({ request, links }: { request: Pick<ApplicantRequest, "id" | "status" | "number">; links: Child[] }) {
  const abandonable = request.status === "draft" || request.status === "filed" || request.status === "in_instruction";
  return (
    <ul class="button-group">
      {request.status === "draft" ? (
        <li>
          <ButtonLink href={requestPaths.request(request.id)}>Compléter ma demande</ButtonLink>
        </li>
      ) : (
        <li>
          <ButtonLink href={requestPaths.request(request.id)} variant="secondary">Consulter</ButtonLink>
        </li>
      )}
      <li>
        <a href={requestPaths.summary(request.id)}>Télécharger le récapitulatif</a>
      </li>
      {request.number ? (
        <li>
          <a href={requestPaths.receipt(request.id)}>Télécharger le récépissé</a>
        </li>
      ) : null}
      <li>
        <a href={requestPaths.history(request.id)}>Historique</a>
      </li>
      {links.filter((link) => link !== null).map((link) => <li>{link}</li>)}
      {abandonable ? (
        <li>
          <a href={requestPaths.abandon(request.id)}>Abandonner ma demande</a>
        </li>
      ) : null}
    </ul>
  );
}

export function FiledPage({ ctx, request, title }: { ctx: PageContext; request: ApplicantRequest; title: string }) {
  return (
    <Layout ctx={ctx} title="Demande déposée" breadcrumb={[home, myRequestsCrumb, { label: title }]}>
      <h1>Votre demande est déposée</h1>
      <Alert type="success">
        <p>
          Votre demande « {title} » a bien été déposée{request.filedAt ? <> le <DateText date={request.filedAt} withTime /></> : null}.
        </p>
        <p>
          Son numéro est <strong><NumberText number={request.number} /></strong>. Rappelez-le dans tous vos échanges.
        </p>
      </Alert>
      <p>Un courriel de confirmation vous a été envoyé avec le récépissé de dépôt.</p>
      <ul class="link-list">
        <li>
          <a href={requestPaths.receipt(request.id)}>Télécharger le récépissé de dépôt (PDF)</a>
        </li>
        <li>
          <a href={requestPaths.list}>Mes demandes</a>
        </li>
      </ul>
    </Layout>
  );
}

// ——— Mes demandes ———

/** What waits for the applicant on a card (an ask, a renewal; other features add their reasons to waitingReasons). */
function WaitingList({ reasons }: { reasons: readonly WaitingReason[] }) {
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

export function MyRequestsPage({ ctx, requests, now, links }: { ctx: PageContext; requests: (ApplicantRequestSummary & { now: Date })[]; now: Date; links: ((ctx: PageContext, request: ApplicantRequestSummary & { now: Date }) => Child)[] }) {
  const active = requests.filter((request) => request.status !== "abandoned" && request.status !== "accepted" && request.status !== "refused" && request.status !== "closed" && request.status !== "expired").length;
  const waiting = requests.filter((request) => waitingReasons(request, now).length > 0).length;
  return (
    <Layout ctx={ctx} title="Mes demandes" breadcrumb={[home, { label: "Mes demandes" }]}>
      <h1>Mes demandes</h1>
      <p>
        {ctx.account ? `Bonjour ${ctx.account.firstName} ! ` : ""}
        {active === 0 ? "Vous n'avez pas de demande en cours." : `Vous avez ${active} ${active > 1 ? "demandes actives" : "demande active"}.`}
        {waiting > 0 ? ` ${waiting === 1 ? "1 demande attend" : `${waiting} demandes attendent`} une action de votre part.` : ""}
      </p>
      {requests.length === 0 ? <p>Pour accéder à une demande déjà transmise, rattachez-la à votre compte avec son numéro.</p> : null}
      <div class="button-group">
        <ButtonLink href={requestPaths.catalogue}>Déposer une demande</ButtonLink>
        {/* src/features/request-claims */}
        <ButtonLink href="/demandes/rattacher" variant="secondary">Rattacher une demande existante</ButtonLink>
      </div>
      {requests.map((request) => (
        <section class="request-card" aria-labelledby={`demande-${request.id}`}>
          <h2 id={`demande-${request.id}`}>
            {request.title} — {request.number ? <>n° <NumberText number={request.number} /></> : "Brouillon"}
          </h2>
          <WaitingList reasons={waitingReasons(request, now)} />
          <SummaryList
            rows={[
              ["État", <StatusTag status={request.status} />],
              ["Créée le", <DateText date={request.createdAt} withTime />],
              ["Déposée le", request.filedAt ? <DateText date={request.filedAt} withTime /> : "—"],
              ["Prise en charge le", request.takenAt ? <DateText date={request.takenAt} withTime /> : "—"],
              // Seniority counts from the first filing (kept by updates and renewals): a draft has none.
              ...(request.filedAt ? [["Ancienneté", seniority(daysSince(request.filedAt, now))] as [string, Child]] : []),
              ...(request.validUntil ? [["Valable jusqu'au", <DateText date={request.validUntil} />] as [string, Child]] : []),
              ...(request.renewedAt ? [["Renouvelée le", <DateText date={request.renewedAt} withTime />] as [string, Child]] : []),
            ]}
          />
          <RequestActions request={request} links={links.map((draw) => draw(ctx, request))} />
        </section>
      ))}
    </Layout>
  );
}

export function AbandonPage({ ctx, request, title, error }: { ctx: PageContext; request: ApplicantRequest; title: string; error?: string }) {
  return (
    <Layout ctx={ctx} title="Abandonner ma demande" hasErrors={Boolean(error)} breadcrumb={[home, myRequestsCrumb, { label: "Abandonner ma demande" }]}>
      <h1>Abandonner ma demande</h1>
      <ErrorSummary errors={error ? { confirmation: error } : {}} />
      <p>
        Demande « {title} » {request.number ? <>n° <NumberText number={request.number} /></> : "(brouillon)"}.
      </p>
      <Alert type="warning">
        <p>Une demande abandonnée ne peut plus être modifiée ni reprise. Son historique reste consultable.</p>
      </Alert>
      <Form action={requestPaths.abandon(request.id)} csrfToken={ctx.csrfToken}>
        <Checkbox name="confirmation" label="Je confirme l'abandon de cette demande" error={error} />
        <div class="button-group">
          <Button variant="danger">Abandonner ma demande</Button>
          <ButtonLink href={requestPaths.list} variant="secondary">Annuler</ButtonLink>
        </div>
      </Form>
    </Layout>
  );
}

export function HistoryPage({ ctx, request, title, events }: { ctx: PageContext; request: ApplicantRequest; title: string; events: { id: number; occurredAt: Date; event: string; reason: string | null }[] }) {
  return (
    <Layout ctx={ctx} title={`Historique - ${title}`} breadcrumb={[home, myRequestsCrumb, { label: "Historique" }]}>
      <h1>Historique de la demande</h1>
      <p>
        {title} — {request.number ? <>n° <NumberText number={request.number} /></> : "Brouillon"}
      </p>
      <Table
        caption="Événements de la demande"
        id="historique"
        headers={["Date", "Événement", "Motif"]}
        rows={events.map((event) => [<DateText date={event.occurredAt} withTime />, eventLabel(event.event), event.reason ?? "—"])}
      />
      <p>
        <a href={requestPaths.list}>Retour à mes demandes</a>
      </p>
    </Layout>
  );
}

