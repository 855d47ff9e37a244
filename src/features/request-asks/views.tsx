import type { RequestStatus } from "../../platform/db/schema.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ButtonLink, DataTable, ErrorSummary, FieldError, fieldId, Form, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import { FileField } from "../../ui/file-field.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { Answers, PostedForm } from "../../core/procedures/answers/values.ts";
import type { DocumentRequest, ProcedureDefinition, Step } from "../../core/procedures/definition/schema.ts";
import { StepFields, StepSummary } from "../../core/requests/fields/index.ts";
import type { PrefillNote } from "../../core/requests/prefill/apply-prefill.ts";
import { formatDateTime } from "../../core/requests/presentation.ts";
import type { ProvidedDocument } from "../../core/requests/queries/requests.ts";
import { canAsk } from "./policies.ts";
import type { AskedDocument, RequestAsk } from "../../core/requests/queries/asks.ts";

const home = { label: "Accueil", href: "/" };
const myRequestsCrumb = { label: "Mes demandes", href: "/demandes" };

/** The loop's addresses: the agent's (under the request's instruction page) and the applicant's. */
export const askPaths = {
  agentRequest: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}`,
  askModification: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}/demander-modification`,
  askDocuments: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}/demander-pieces`,
  cancel: (slug: string, requestId: string, askId: string) => `/instruction/${slug}/${requestId}/sollicitations/${askId}/annuler`,
  agentDownload: (slug: string, requestId: string, uploadId: string) => `/instruction/${slug}/${requestId}/pieces/${uploadId}`,
  request: (requestId: string) => `/demandes/${requestId}`,
  contribution: (requestId: string) => `/demandes/${requestId}/contribution`,
  contributionStep: (requestId: string, stepId: string) => `/demandes/${requestId}/contribution/${stepId}`,
  answerDocuments: (requestId: string, askId: string) => `/demandes/${requestId}/complements/${askId}`,
  addFile: (requestId: string, askId: string, itemId: string) => `/demandes/${requestId}/complements/${askId}/pieces/${itemId}`,
  removeFile: (requestId: string, askId: string, uploadId: string) => `/demandes/${requestId}/complements/${askId}/fichiers/${uploadId}/retirer`,
};

/** Input name of an asked document's file, in the "Répondre" page. */
export const ANSWER_FILE_INPUT = "fichier";
export const itemFieldName = (item: Pick<AskedDocument, "id">) => `piece-${item.id}`;

function DateTime({ date }: { date: Date }) {
  return <time datetime={date.toISOString()}>{formatDateTime(date)}</time>;
}

const askStates = {
  agent: { open: "En attente du demandeur", answered: "Réponse reçue", cancelled: "Annulée" },
  // The seed's words: the applicant "received" the ask, then "sent" the answer.
  applicant: { open: "Reçue", answered: "Envoyée", cancelled: "Annulée" },
} as const;
const stateTones = { open: "warning", answered: "success", cancelled: "neutral" } as const;

const agentName = (ask: RequestAsk) => (ask.agentLastName ? `${ask.agentFirstName ?? ""} ${ask.agentLastName}`.trim() : "un agent");

// ——— The agent's side ———

/**
 * The two actions ("Demander une modification", "Demander des pièces complémentaires") among the
 * agent's actions at the top of the request page: while the request is in instruction, each
 * while no ask of its kind is open. Null when neither applies.
 */
export function agentAskActions(slug: string, request: { id: string; status: RequestStatus }, asks: Pick<RequestAsk, "kind" | "status">[]) {
  if (!canAsk(request.status)) return null;
  const open = (kind: RequestAsk["kind"]) => asks.some((ask) => ask.kind === kind && ask.status === "open");
  const actions = [
    open("modification") ? null : <li><ButtonLink href={askPaths.askModification(slug, request.id)} variant="secondary">Demander une modification</ButtonLink></li>,
    open("documents") ? null : <li><ButtonLink href={askPaths.askDocuments(slug, request.id)} variant="secondary">Demander des pièces complémentaires</ButtonLink></li>,
  ].filter(Boolean);
  return actions.length > 0 ? <>{actions}</> : null;
}

/** The agent's request page, section "Sollicitations du demandeur" (its heading is the page's): every ask with its answer. */
export function AgentAsksPanel({ ctx, slug, request, asks }: { ctx: PageContext; slug: string; request: { id: string; status: RequestStatus; definition: ProcedureDefinition }; asks: RequestAsk[] }) {
  const stepTitles = new Map(request.definition.étapes.map((step) => [step.id, step.titre] as const));
  return (
    <>
      {request.status === "filed" ? <p>Prenez la demande en charge pour demander une modification ou des pièces complémentaires.</p> : null}
      {asks.length === 0 ? (
        <p>Aucune modification ni pièce complémentaire n'a été demandée.</p>
      ) : (
        asks.map((ask) => (
          <article class="ask" aria-labelledby={`sollicitation-${ask.id}`}>
            <h3 id={`sollicitation-${ask.id}`}>
              {ask.kind === "modification" ? "Demande de modification" : "Demande de pièces complémentaires"} du <DateTime date={ask.askedAt} />{" "}
              <Tag tone={stateTones[ask.status]}>{askStates.agent[ask.status]}</Tag>
            </h3>
            <p>
              Par {agentName(ask)}
              {ask.message ? <> : « {ask.message} »</> : "."}
            </p>
            {ask.kind === "modification" ? (
              <p>Étapes ouvertes à la modification : {ask.unlockedSteps.map((id) => stepTitles.get(id) ?? id).join(", ")}.</p>
            ) : (
              <ul>
                {ask.askedDocuments.map((item) => (
                  <li>
                    {item.label}
                    {item.reason ? <span class="field__hint"> (non conforme : {item.reason})</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {ask.status === "open" ? (
              <Form action={askPaths.cancel(slug, request.id, ask.id)} csrfToken={ctx.csrfToken} class="inline-form">
                <Button variant="secondary">
                  Annuler cette demande<span class="visually-hidden"> du {formatDateTime(ask.askedAt)}</span>
                </Button>
              </Form>
            ) : null}
            {ask.status === "answered" && ask.answeredAt ? <AgentAnswer slug={slug} requestId={request.id} ask={ask} answeredAt={ask.answeredAt} /> : null}
            {ask.status === "cancelled" && ask.answeredAt ? (
              <p>
                Annulée le <DateTime date={ask.answeredAt} />.
              </p>
            ) : null}
          </article>
        ))
      )}
    </>
  );
}

function AgentAnswer({ slug, requestId, ask, answeredAt }: { slug: string; requestId: string; ask: RequestAsk; answeredAt: Date }) {
  if (ask.kind === "modification") {
    const changes = ask.answer.changes ?? [];
    return (
      <>
        <p>
          Contribution reçue le <DateTime date={answeredAt} />
          {changes.length === 0 ? " : le demandeur n'a modifié aucune information." : " :"}
        </p>
        {changes.length > 0 ? (
          <DataTable
            id={`modifications-${ask.id}`}
            caption="Informations modifiées par le demandeur"
            rows={changes}
            columns={[
              { header: "Étape", cell: (change) => change.stepTitle },
              { header: "Information", rowHeader: true, cell: (change) => change.label },
              { header: "Avant", cell: (change) => change.before },
              { header: "Après", cell: (change) => change.after },
            ]}
          />
        ) : null}
      </>
    );
  }
  return (
    <>
      <p>
        Réponse reçue le <DateTime date={answeredAt} /> :
      </p>
      <ul class="link-list">
        {(ask.answer.files ?? []).map((file) => (
          <li>
            {ask.askedDocuments.find((item) => item.id === file.itemId)?.label ?? ""} :{" "}
            <a href={askPaths.agentDownload(slug, requestId, file.uploadId)} download>
              {file.originalName}
            </a>{" "}
            <span class="field__hint">
              ({file.detectedType.toUpperCase()}, {formatFileSize(file.size)})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

interface AgentFormPage {
  procedure: { slug: string; title: string };
  request: { id: string; number: string | null };
  errors: FieldErrors;
}

function agentCrumbs(procedure: AgentFormPage["procedure"], request: AgentFormPage["request"], label: string) {
  const number = request.number ? formatRequestNumber(request.number) : "sans numéro";
  return [home, { label: "Instruction", href: "/instruction" }, { label: procedure.title, href: `/instruction/${procedure.slug}` }, { label: `Demande n° ${number}`, href: askPaths.agentRequest(procedure.slug, request.id) }, { label }];
}

/** A group of checkboxes in a fieldset, its error tied to the legend's group (the summary links to it). */
function CheckboxGroup({ name, legend, hint, options, checked, error }: { name: string; legend: string; hint?: string; options: { value: string; label: string; hint?: string | undefined }[]; checked: string[]; error?: string | undefined }) {
  const id = fieldId(name);
  return (
    <fieldset class={`fieldset${error ? " field--error" : ""}`} id={id} tabindex={-1} aria-describedby={[hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}>
      <legend class="fieldset__legend">{legend}</legend>
      {hint ? <p class="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <FieldError id={id} error={error} />
      {options.map((option, index) => (
        <div class="checkbox">
          <input type="checkbox" id={`${id}-${index}`} name={name} value={option.value} checked={checked.includes(option.value)} aria-describedby={option.hint ? `${id}-${index}-hint` : undefined} />
          <label for={`${id}-${index}`}>{option.label}</label>
          {option.hint ? <p class="field__hint" id={`${id}-${index}-hint`}>{option.hint}</p> : null}
        </div>
      ))}
    </fieldset>
  );
}

export interface ModificationAskPageProps extends AgentFormPage {
  steps: Step[];
  values: { message: string; steps: string[] };
}

/** "Demander une modification": what to change, and which steps the applicant may edit. */
export function ModificationAskPage({ ctx, procedure, request, steps, values, errors }: ModificationAskPageProps & { ctx: PageContext }) {
  const title = "Demander une modification";
  return (
    <Layout ctx={ctx} title={`${title} - ${procedure.title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={agentCrumbs(procedure, request, title)}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>
        Le demandeur reçoit un courriel ; il pourra modifier les seules étapes cochées puis vous envoyer sa contribution. La demande ne peut pas être décidée avant sa
        réponse.
      </p>
      <Form action={askPaths.askModification(procedure.slug, request.id)} csrfToken={ctx.csrfToken}>
        <TextArea name="message" label="Ce que le demandeur doit modifier" hint="Ce message figure dans le courriel envoyé au demandeur et sur sa demande." value={values.message} error={errors.message} maxLength={2000} rows={6} />
        <CheckboxGroup
          name="etapes"
          legend="Étapes que le demandeur pourra modifier"
          options={steps.map((step) => ({ value: step.id, label: step.titre }))}
          checked={values.steps}
          error={errors.etapes}
        />
        <ul class="button-group">
          <li><Button>Envoyer la demande de modification</Button></li>
          <li><a href={askPaths.agentRequest(procedure.slug, request.id)}>Annuler et revenir à la demande</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

export const OTHER_ROWS = [1, 2, 3] as const;

export interface DocumentsAskPageProps extends AgentFormPage {
  documents: DocumentRequest[];
  provided: (ProvidedDocument & { label: string })[];
  values: FormValues;
  /** The boxes ticked: the procedure's documents, and the files judged non-conforming. */
  checked: { pieces: string[]; nonConforming: string[] };
}

/** "Demander des pièces complémentaires": the procedure's documents, others named freely, files judged non-conforming. */
export function DocumentsAskPage({ ctx, procedure, request, documents, provided, values, checked, errors }: DocumentsAskPageProps & { ctx: PageContext }) {
  const title = "Demander des pièces complémentaires";
  const conformable = provided.filter((file) => file.status === "provided");
  return (
    <Layout ctx={ctx} title={`${title} - ${procedure.title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={agentCrumbs(procedure, request, title)}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>Le demandeur reçoit un courriel et dépose les pièces demandées. La demande ne peut pas être décidée avant sa réponse.</p>
      <Form action={askPaths.askDocuments(procedure.slug, request.id)} csrfToken={ctx.csrfToken}>
        <TextArea name="message" label="Message au demandeur" required={false} hint="Il figure dans le courriel envoyé au demandeur et sur sa demande." value={values.message} error={errors.message} maxLength={2000} rows={4} />
        {documents.length > 0 ? (
          <CheckboxGroup
            name="pieces"
            legend="Pièces de la démarche à fournir"
            options={documents.map((document) => ({ value: document.id, label: document.libellé, hint: document.aide }))}
            checked={checked.pieces}
            error={errors.pieces}
          />
        ) : null}
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Autres pièces à fournir</legend>
          <p class="field__hint">Nommez chaque pièce ; la précision aide le demandeur à la trouver. Formats acceptés : PDF, JPEG, PNG, 10 Mo au plus.</p>
          {OTHER_ROWS.map((row) => (
            <div class="ask-other">
              <TextInput name={`autre-libelle-${row}`} label={`Pièce ${row} : nom`} required={false} value={values[`autre-libelle-${row}`]} error={errors[`autre-libelle-${row}`]} maxLength={150} />
              <TextInput name={`autre-aide-${row}`} label={`Pièce ${row} : précision`} required={false} value={values[`autre-aide-${row}`]} error={errors[`autre-aide-${row}`]} maxLength={300} />
            </div>
          ))}
        </fieldset>
        {conformable.length > 0 ? (
          <fieldset class={`fieldset${errors["non-conforme"] ? " field--error" : ""}`} id={fieldId("non-conforme")} tabindex={-1}>
            <legend class="fieldset__legend">Pièces déposées jugées non conformes</legend>
            <p class="field__hint">Cochez un fichier non conforme et indiquez pourquoi : sa pièce est redemandée au demandeur.</p>
            {errors["non-conforme"] ? (
              <p class="field__error">
                <span class="visually-hidden">Erreur : </span>
                {errors["non-conforme"]}
              </p>
            ) : null}
            {conformable.map((file) => (
              <div class="ask-non-conforming">
                <div class="checkbox">
                  <input type="checkbox" id={fieldId(`non-conforme-${file.id}`)} name="non-conforme" value={file.id} checked={checked.nonConforming.includes(file.id)} />
                  <label for={fieldId(`non-conforme-${file.id}`)}>
                    {file.label} : {file.originalName}
                  </label>
                </div>
                <TextInput name={`motif-${file.id}`} label={`Motif de non-conformité de ${file.originalName}`} required={false} value={values[`motif-${file.id}`]} error={errors[`motif-${file.id}`]} maxLength={300} />
              </div>
            ))}
          </fieldset>
        ) : null}
        <ul class="button-group">
          <li><Button>Envoyer la demande de pièces</Button></li>
          <li><a href={askPaths.agentRequest(procedure.slug, request.id)}>Annuler et revenir à la demande</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

// ——— The applicant's side ———

/**
 * On the applicant's request page: the "Contribution pour modification" asked, and the table of
 * "Demandes de compléments sur les pièces" (object, date, state, "Répondre"), as the seeds show.
 */
export function ApplicantAsksPanel({ request, asks }: { request: { id: string }; asks: RequestAsk[] }) {
  const modifications = asks.filter((ask) => ask.kind === "modification" && ask.status !== "cancelled");
  const documents = asks.filter((ask) => ask.kind === "documents");
  if (modifications.length === 0 && documents.length === 0) return null;
  const openModification = modifications.find((ask) => ask.status === "open");
  return (
    <>
      {modifications.length > 0 ? (
        <section aria-labelledby="contribution-titre">
          <h2 id="contribution-titre">Demande de contribution pour modification</h2>
          {openModification ? (
            <Alert type="warning" title="Contribution pour modification">
              <p>
                Le <DateTime date={openModification.askedAt} />, l'agent qui instruit votre demande vous demande de la modifier : « {openModification.message} »
              </p>
              <p>
                <ButtonLink href={askPaths.contribution(request.id)}>Contribution pour modification</ButtonLink>
              </p>
            </Alert>
          ) : null}
          <ul>
            {modifications
              .filter((ask) => ask.status === "answered" && ask.answeredAt)
              .map((ask) => (
                <li>
                  Demande du <DateTime date={ask.askedAt} /> : contribution envoyée le <DateTime date={ask.answeredAt!} />.
                </li>
              ))}
          </ul>
        </section>
      ) : null}
      {documents.length > 0 ? (
        <section aria-labelledby="complements-titre">
          <h2 id="complements-titre">Demandes de compléments sur les pièces</h2>
          <DataTable
            id="complements"
            caption="Demandes de pièces complémentaires sur votre demande"
            rows={documents}
            columns={[
              {
                header: "Objet de la demande",
                cell: (ask) => (
                  <>
                    Demande de pièces complémentaires par {agentName(ask)}
                    {ask.message ? <p>« {ask.message} »</p> : null}
                    <p>Liste des pièces :</p>
                    <ul>
                      {ask.askedDocuments.map((item) => (
                        <li>{item.label}</li>
                      ))}
                    </ul>
                  </>
                ),
              },
              { header: "Date", kind: "date", cell: (ask) => <DateTime date={ask.askedAt} /> },
              { header: "État", cell: (ask) => <Tag tone={stateTones[ask.status]}>{askStates.applicant[ask.status]}</Tag> },
              {
                header: "Répondre",
                kind: "actions",
                cell: (ask) =>
                  ask.status === "open" ? (
                    <a href={askPaths.answerDocuments(request.id, ask.id)}>
                      Répondre<span class="visually-hidden"> à la demande du {formatDateTime(ask.askedAt)}</span>
                    </a>
                  ) : (
                    "—"
                  ),
              },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}

interface ApplicantRequestRef {
  id: string;
  number: string | null;
}

function applicantCrumbs(request: ApplicantRequestRef, title: string, label: string) {
  return [home, myRequestsCrumb, { label: title, href: askPaths.request(request.id) }, { label }];
}

export interface ContributionPageProps {
  request: ApplicantRequestRef;
  definition: ProcedureDefinition;
  ask: RequestAsk;
  steps: Step[];
  answers: Answers;
  /** Why the contribution cannot be sent, by `etape-<step id>` (the step to edit). */
  errors?: FieldErrors;
}

/** An error's paragraph, its id the one the summary links to. */
function ErrorText({ id, message, focusable = false }: { id: string; message: string; focusable?: boolean }) {
  return (
    <p class="field__error" id={id} tabindex={focusable ? -1 : undefined}>
      <span class="visually-hidden">Erreur : </span>
      {message}
    </p>
  );
}

/**
 * "Contribution pour modification": the agent's message, the unlocked steps as they now read, and
 * "Envoyer ma contribution". When sending is refused, each message sits in the section of the
 * step to edit (the summary links to it).
 */
export function ContributionPage({ ctx, request, definition, ask, steps, answers, errors = {} }: ContributionPageProps & { ctx: PageContext }) {
  const title = "Contribution pour modification";
  const stepKey = (step: Step) => `etape-${step.id}`;
  // A message for no step listed here still gets a place, so every link of the summary leads somewhere.
  const elsewhere = Object.entries(errors).filter(([key]) => !steps.some((step) => stepKey(step) === key));
  return (
    <Layout ctx={ctx} title={`${title} - ${definition.titre}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={applicantCrumbs(request, definition.titre, title)}>
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p>
        {definition.titre}
        {request.number ? <> — demande n° <span class="request-number">{formatRequestNumber(request.number)}</span></> : null}
      </p>
      <Alert type="info" title="Message de l'agent">
        <p>{ask.message}</p>
        <p class="field__hint">
          Demande du <DateTime date={ask.askedAt} />.
        </p>
      </Alert>
      <p>Vous accédez aux éléments de la demande transmise afin d'effectuer les modifications souhaitées. Seules les étapes ci-dessous peuvent être modifiées.</p>
      {steps.map((step) => {
        const error = errors[stepKey(step)];
        return (
          <section aria-labelledby={`etape-${step.id}`} id={fieldId(stepKey(step))} tabindex={error ? -1 : undefined} class={error ? "field--error" : undefined}>
            <h2 id={`etape-${step.id}`}>{step.titre}</h2>
            {error ? <ErrorText id={`${fieldId(stepKey(step))}-error`} message={error} /> : null}
            <StepSummary definition={definition} step={step} answers={answers} />
            <p>
              <ButtonLink href={askPaths.contributionStep(request.id, step.id)} variant="secondary">
                Modifier<span class="visually-hidden"> l'étape « {step.titre} »</span>
              </ButtonLink>
            </p>
          </section>
        );
      })}
      {elsewhere.map(([key, message]) => (
        <ErrorText id={fieldId(key)} message={message} focusable />
      ))}
      <p>Ensuite, vous recevrez un courriel vous confirmant la modification de votre demande avec en pièce jointe le récapitulatif des informations modifiées.</p>
      <Form action={askPaths.contribution(request.id)} csrfToken={ctx.csrfToken}>
        <ul class="button-group">
          <li><Button>Envoyer ma contribution</Button></li>
          <li><a href={askPaths.request(request.id)}>Revenir à ma demande</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

export interface ContributionStepPageProps {
  request: ApplicantRequestRef;
  definition: ProcedureDefinition;
  step: Step;
  answers: Answers;
  posted?: PostedForm | undefined;
  errors?: Record<string, string>;
  errorLabels?: Record<string, string>;
  autofocus?: string | undefined;
  /** Where the step's prefilled answers came from; locked ones are shown as text. */
  prefill?: Record<string, PrefillNote>;
}

export const SAVE_ACTION = { name: "action", value: "enregistrer" } as const;

/** One unlocked step, editable, within a contribution for modification. */
export function ContributionStepPage({ ctx, request, definition, step, answers, posted, errors = {}, errorLabels, autofocus, prefill }: ContributionStepPageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={`${step.titre} - Contribution pour modification`} hasErrors={Object.keys(errors).length > 0} breadcrumb={applicantCrumbs(request, definition.titre, "Contribution pour modification")}>
      <ErrorSummary errors={errors} labels={errorLabels} />
      <p>Contribution pour modification — {definition.titre}</p>
      <h1>{step.titre}</h1>
      {step.introduction ? <p>{step.introduction}</p> : null}
      <Form action={askPaths.contributionStep(request.id, step.id)} csrfToken={ctx.csrfToken}>
        <StepFields definition={definition} step={step} answers={answers} posted={posted} errors={errors} autofocus={autofocus} defaultSubmit={SAVE_ACTION} prefill={prefill} />
        <ul class="button-group">
          <li>
            <Button name={SAVE_ACTION.name} value={SAVE_ACTION.value}>
              Enregistrer mes modifications
            </Button>
          </li>
          <li><a href={askPaths.contribution(request.id)}>Annuler</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

export interface DocumentsAnswerPageProps {
  request: ApplicantRequestRef;
  title: string;
  ask: RequestAsk;
  errors?: Record<string, string>;
}

/** "Répondre": each asked document with the files added so far, "Ajouter", then "Valider" or "Annuler". */
export function DocumentsAnswerPage({ ctx, request, title, ask, errors = {} }: DocumentsAnswerPageProps & { ctx: PageContext }) {
  const files = ask.answer.files ?? [];
  const labels = Object.fromEntries(ask.askedDocuments.map((item) => [itemFieldName(item), item.label]));
  const anyNonConforming = ask.askedDocuments.some((item) => item.reason);
  return (
    <Layout ctx={ctx} title={`Répondre - Demande de pièces complémentaires - ${title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={applicantCrumbs(request, title, "Répondre")}>
      <ErrorSummary errors={errors} labels={labels} />
      <h1>Répondre à la demande de pièces complémentaires</h1>
      <p>
        Demande du <DateTime date={ask.askedAt} /> par {agentName(ask)}
        {ask.message ? <> : « {ask.message} »</> : "."}
      </p>
      {anyNonConforming ? <p>Les pièces ci-dessous ont été jugées non conformes. Merci d'en déposer de nouvelles.</p> : <p>Déposez un fichier au moins pour chaque pièce, puis validez votre réponse.</p>}
      {ask.askedDocuments.map((item) => {
        const name = itemFieldName(item);
        const inputId = fieldId(name);
        const own = files.filter((file) => file.itemId === item.id);
        const error = errors[name];
        return (
          <section class={`document${error ? " field--error" : ""}`} aria-labelledby={`${inputId}-title`}>
            <h2 id={`${inputId}-title`}>
              {item.label} <span aria-hidden="true">*</span>
              <span class="visually-hidden"> (obligatoire)</span> {own.length > 0 ? <Tag tone="success">Déposé</Tag> : null}
            </h2>
            {item.hint ? <p>{item.hint}</p> : null}
            {item.reason ? <p>Motif de non-conformité : {item.reason}</p> : null}
            {own.length > 0 ? (
              <ul>
                {own.map((file) => (
                  <li>
                    {file.originalName} ({formatFileSize(file.size)})
                    <Form action={askPaths.removeFile(request.id, ask.id, file.uploadId)} csrfToken={ctx.csrfToken} class="inline-form">
                      <Button variant="secondary">
                        Retirer<span class="visually-hidden"> {file.originalName}</span>
                      </Button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            <Form action={askPaths.addFile(request.id, ask.id, item.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
              <FileField id={inputId} name={ANSWER_FILE_INPUT} label="Fichier" document={item.label} formats={item.formats} maxMb={item.maxMb} error={error} framesError={false} />
              <Button variant="secondary">
                Ajouter<span class="visually-hidden"> : {item.label}</span>
              </Button>
            </Form>
          </section>
        );
      })}
      <Form action={askPaths.answerDocuments(request.id, ask.id)} csrfToken={ctx.csrfToken}>
        <ul class="button-group">
          <li><Button>Valider</Button></li>
          <li><a href={askPaths.request(request.id)}>Annuler</a></li>
        </ul>
      </Form>
    </Layout>
  );
}

