import type { Child } from "hono/jsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { describeTypes } from "../../platform/uploads/file-types.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import type { SupportStatus } from "../../platform/db/schema.ts";
import { CaptchaField } from "../../ui/captcha.tsx";
import { Alert, Button, DataTable, DateText, EmailInput, ErrorSummary, Form, Select, SummaryList, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { FileField } from "../../ui/file-field.tsx";
import { Layout } from "../../ui/layout.tsx";
import { questionPaths } from "./paths.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, QUESTION_MAX_LENGTH, QUESTIONS_PER_ADDRESS_PER_HOUR, QUESTIONS_PER_EMAIL_PER_DAY, STATUS_LABELS, TOPICS } from "./policies.ts";
import type { Question, Reply } from "./queries.ts";

const home = { label: "Accueil", href: "/" };
const contactCrumbs = [home, { label: "Posez-nous votre question" }];

/** The form's field names (French, as the browser posts them). */
export const CONTACT_FIELDS = { topic: "sujet", number: "numero", message: "message", name: "nom", email: "courriel", attachment: "piece-jointe", captcha: "altcha" } as const;

const labels: Record<string, string> = {
  sujet: "Sujet",
  numero: "Numéro de demande",
  message: "Votre question",
  nom: "Nom et prénom",
  courriel: "Adresse électronique",
  "piece-jointe": "Pièce jointe",
  altcha: "Vérification anti-robot",
};

const tones: Record<SupportStatus, "info" | "warning" | "success" | "neutral"> = { new: "info", assigned: "warning", answered: "success", closed: "neutral" };

export function StatusTag({ status }: { status: SupportStatus }) {
  return <Tag tone={tones[status]}>{STATUS_LABELS[status]}</Tag>;
}

/** A text as typed: its line breaks kept, every character escaped. */
export function Body({ text }: { text: string }) {
  return (
    <p class="support-body">
      {text.split(/\r?\n/).map((line, index) => (
        <>
          {index > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

export interface ContactPageProps {
  values: FormValues;
  errors: FieldErrors;
  /** The address sent too many questions this hour: the form comes back with status 429. */
  throttled?: boolean;
  /** The name of a file that was accepted but not kept because of another error: to choose again. */
  dropped?: string | undefined;
}

/** "Posez-nous votre question": the contact form (topic, optional request number, message, file when signed in). */
export function ContactPage({ ctx, values, errors, throttled, dropped }: ContactPageProps & { ctx: PageContext }) {
  const signedIn = ctx.account !== null;
  const { organisation } = ctx.brand;
  return (
    <Layout ctx={ctx} title="Posez-nous votre question" hasErrors={Object.keys(errors).length > 0 || throttled === true} breadcrumb={contactCrumbs}>
      <div class="narrow">
        <h1>Posez-nous votre question</h1>
        <p class="lead">
          Une question sur une démarche, votre compte ou une demande déposée ? Écrivez-nous : un agent du support de {organisation} vous
          répond par courriel{signedIn ? " et dans votre espace, rubrique « Mes questions »" : ""}.
        </p>
        {throttled ? (
          <Alert type="error" title="Trop de questions envoyées">
            <p>
              Trop de questions ont été envoyées depuis votre connexion internet ({QUESTIONS_PER_ADDRESS_PER_HOUR} par heure au plus) ou vers cette
              adresse électronique ({QUESTIONS_PER_EMAIL_PER_DAY} par jour au plus) : réessayez plus tard. Votre question n'a pas été envoyée ; ce
              que vous avez saisi est conservé ci-dessous.
            </p>
          </Alert>
        ) : null}
        <ErrorSummary errors={errors} labels={labels} />
        <p class="field__hint">Tous les champs sont obligatoires sauf mention contraire.</p>
        <Form action={questionPaths.contact} csrfToken={ctx.csrfToken} enctype={signedIn ? "multipart/form-data" : undefined}>
          <Select
            name={CONTACT_FIELDS.topic}
            label="Sujet"
            value={values.sujet}
            error={errors.sujet}
            placeholder="Choisissez un sujet"
            options={Object.entries(TOPICS).map(([value, label]) => ({ value, label }))}
          />
          <TextInput
            name={CONTACT_FIELDS.number}
            label="Numéro de demande"
            required={false}
            hint="Si votre question porte sur une demande déposée : ses 18 caractères, par exemple LSK 7MR XBP THN C4W DSP. Il figure sur l'accusé de dépôt."
            value={values.numero}
            error={errors.numero}
            autocomplete="off"
            maxLength={40}
            spellcheck={false}
          />
          <TextArea
            name={CONTACT_FIELDS.message}
            label="Votre question"
            hint={`${QUESTION_MAX_LENGTH.toLocaleString("fr-FR")} caractères au plus. N'indiquez ni mot de passe ni coordonnées bancaires.`}
            value={values.message}
            error={errors.message}
            maxLength={QUESTION_MAX_LENGTH}
            rows={8}
          />
          {signedIn ? (
            <>
              <AttachmentField error={errors["piece-jointe"]} dropped={dropped} />
              <p>
                Vous écrivez en tant que{" "}
                <strong>
                  {ctx.account?.firstName} {ctx.account?.lastName}
                </strong>{" "}
                : la réponse sera envoyée à l'adresse électronique de votre compte.
              </p>
            </>
          ) : (
            <>
              <TextInput name={CONTACT_FIELDS.name} label="Nom et prénom" value={values.nom} error={errors.nom} autocomplete="name" maxLength={200} />
              <EmailInput name={CONTACT_FIELDS.email} label="Adresse électronique" hint="La réponse vous sera envoyée à cette adresse. Format attendu : nom@exemple.fr" value={values.courriel} error={errors.courriel} />
              <p class="field__hint">
                Pour joindre un document, <a href={`/connexion?retour=${encodeURIComponent(questionPaths.contact)}`}>connectez-vous</a> avant d'écrire.
              </p>
              <CaptchaField ctx={ctx} error={errors.altcha} />
            </>
          )}
          <Button>Envoyer ma question</Button>
        </Form>
      </div>
    </Layout>
  );
}

function AttachmentField({ error, dropped }: { error?: string | undefined; dropped?: string | undefined }) {
  const hint = `Formats acceptés : ${describeTypes(ATTACHMENT_TYPES)}. Taille maximale : ${formatFileSize(ATTACHMENT_MAX_BYTES)}.${dropped ? ` Le fichier « ${dropped} » n'a pas été gardé : choisissez-le à nouveau.` : ""}`;
  return <FileField name={CONTACT_FIELDS.attachment} label="Pièce jointe" optional formats={ATTACHMENT_TYPES} hint={hint} error={error} />;
}

/** After sending: the reference and what happens next. */
export function ContactSentPage({ ctx, reference }: { ctx: PageContext; reference: string }) {
  return (
    <Layout ctx={ctx} title="Question envoyée" breadcrumb={contactCrumbs}>
      <div class="narrow">
        <h1>Question envoyée</h1>
        <Alert type="success" title="Votre question est bien enregistrée">
          <p>
            Sa référence : <strong class="support-reference">{reference}</strong>. Rappelez-la si vous nous contactez à son sujet.
          </p>
        </Alert>
        <h2>Et maintenant ?</h2>
        <ol>
          <li>Un courriel de confirmation vient de vous être envoyé : pensez à regarder dans vos courriers indésirables.</li>
          <li>Un agent du support lit votre question et vous répond par courriel.</li>
          {ctx.account ? <li>La réponse s'affiche aussi dans votre tableau de bord, rubrique « Mes questions ».</li> : null}
        </ol>
        <ul class="link-list">
          <li>
            <a href={ctx.account ? "/tableau-de-bord" : "/"}>{ctx.account ? "Retour au tableau de bord" : "Retour à l'accueil"}</a>
          </li>
        </ul>
      </div>
    </Layout>
  );
}

/** The thread under a question: the support's answers and the person's replies. */
function Thread({ replies, supportName }: { replies: Reply[]; supportName: (reply: Reply) => string }) {
  if (replies.length === 0) return <p>Pas encore de réponse.</p>;
  return (
    <ol class="link-list support-thread">
      {replies.map((reply) => (
        <li>
          <article class={`request-card${reply.fromSupport ? " support-answer" : ""}`} aria-labelledby={`reponse-${reply.id}`}>
            <h3 id={`reponse-${reply.id}`}>
              {reply.fromSupport ? supportName(reply) : "Vous"}, le <DateText date={reply.createdAt} withTime />
            </h3>
            <Body text={reply.body} />
          </article>
        </li>
      ))}
    </ol>
  );
}

function QuestionSummary({ question, withSender, attachmentHref }: { question: Question; withSender: boolean; attachmentHref?: string }) {
  const rows: [string, Child][] = [
    ["Référence", <strong class="support-reference">{question.reference}</strong>],
    ["Statut", <StatusTag status={question.status} />],
    ["Sujet", TOPICS[question.topic]],
    ["Envoyée le", <DateText date={question.createdAt} withTime />],
  ];
  if (question.requestNumber) rows.push(["Numéro de demande", formatRequestNumber(question.requestNumber)]);
  if (withSender) {
    rows.push(["De", `${question.name} <${question.email}>`]);
    rows.push(["Compte", question.accountId ? "Oui (la réponse s'affiche dans son espace)" : "Non (réponse par courriel seulement)"]);
    rows.push(["Attribuée à", question.assigneeLastName ? `${question.assigneeFirstName ?? ""} ${question.assigneeLastName}` : "Personne"]);
  }
  if (question.attachmentName && attachmentHref)
    rows.push([
      "Pièce jointe",
      <a href={attachmentHref} download>
        {question.attachmentName} ({question.attachmentType?.toUpperCase()}, {formatFileSize(question.attachmentSize ?? 0)})
      </a>,
    ]);
  return <SummaryList rows={rows} />;
}

/** A signed-in person's question, its answers, and their reply. */
export function MyQuestionPage({ ctx, question, replies, values, errors }: { ctx: PageContext; question: Question; replies: Reply[]; values: FormValues; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={`Question ${question.reference}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, { label: "Tableau de bord", href: "/tableau-de-bord" }, { label: `Question ${question.reference}` }]}>
      <h1>Ma question {question.reference}</h1>
      <QuestionSummary question={question} withSender={false} />
      <h2>Ma question</h2>
      <Body text={question.body} />
      <h2 id="reponses">Réponses</h2>
      <Thread replies={replies} supportName={() => "Le support"} />
      {question.status === "closed" ? (
        <p>Cette question est close. Pour une autre question, <a href={questionPaths.contact}>écrivez-nous</a>.</p>
      ) : (
        <>
          <h2>Répondre au support</h2>
          <ErrorSummary errors={errors} labels={{ reponse: "Votre réponse" }} />
          <Form action={`${questionPaths.mine(question.id)}/repondre`} csrfToken={ctx.csrfToken}>
            <TextArea name="reponse" label="Votre réponse" hint={`${QUESTION_MAX_LENGTH.toLocaleString("fr-FR")} caractères au plus.`} value={values.reponse} error={errors.reponse} maxLength={QUESTION_MAX_LENGTH} />
            <Button>Envoyer ma réponse</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

// ——— The support's side ———

const supportCrumbs = [home, { label: "Questions des usagers", href: questionPaths.queue }];

export interface QueueFilter {
  statut: SupportStatus | "ouvertes" | "toutes";
  attribution: "toutes" | "moi" | "personne";
  page: number;
}

export function SupportQueuePage({
  ctx,
  filter,
  questions,
  total,
  pageSize,
  counts,
}: {
  ctx: PageContext;
  filter: QueueFilter;
  questions: { id: string; reference: string; topic: keyof typeof TOPICS; name: string; status: SupportStatus; createdAt: Date; requestNumber: string | null; assigneeFirstName: string | null; assigneeLastName: string | null }[];
  total: number;
  pageSize: number;
  counts: Record<SupportStatus, number>;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (page: number) => `${questionPaths.queue}?statut=${filter.statut}&attribution=${filter.attribution}&page=${page}`;
  return (
    <Layout ctx={ctx} title="Questions des usagers" breadcrumb={[home, { label: "Questions des usagers" }]}>
      <h1>Questions des usagers</h1>
      <p>
        {(["new", "assigned", "answered", "closed"] as const).map((status, index) => (
          <>
            {index > 0 ? " · " : null}
            {STATUS_LABELS[status]}s : <strong>{counts[status]}</strong>
          </>
        ))}
      </p>
      <form method="get" action={questionPaths.queue} class="letter-filters" role="search" aria-label="Filtrer les questions">
        <Select
          name="statut"
          label="Statut"
          value={filter.statut}
          options={[
            { value: "ouvertes", label: "À traiter (nouvelles et attribuées)" },
            ...(["new", "assigned", "answered", "closed"] as const).map((status) => ({ value: status, label: STATUS_LABELS[status] })),
            { value: "toutes", label: "Toutes" },
          ]}
        />
        <Select
          name="attribution"
          label="Attribution"
          value={filter.attribution}
          options={[
            { value: "toutes", label: "Toutes" },
            { value: "moi", label: "Attribuées à moi" },
            { value: "personne", label: "Attribuées à personne" },
          ]}
        />
        <Button variant="secondary">Filtrer</Button>
      </form>
      {questions.length === 0 ? (
        <p>Aucune question ne correspond à ces critères.</p>
      ) : (
        <DataTable
          id="questions"
          caption={`${total} question${total > 1 ? "s" : ""}, les plus récentes d'abord`}
          rows={questions}
          columns={[
            {
              header: "Référence",
              cell: (question) => (
                <a href={questionPaths.support(question.id)} class="support-reference">
                  {question.reference}
                </a>
              ),
            },
            { header: "Sujet", cell: (question) => TOPICS[question.topic] },
            { header: "De", cell: (question) => question.name },
            { header: "Reçue le", kind: "date", cell: (question) => <DateText date={question.createdAt} withTime /> },
            { header: "Statut", cell: (question) => <StatusTag status={question.status} /> },
            {
              header: "Attribuée à",
              cell: (question) => (question.assigneeLastName ? `${question.assigneeFirstName ?? ""} ${question.assigneeLastName}` : "Personne"),
            },
          ]}
        />
      )}
      {pages > 1 ? (
        <nav aria-label="Pages de la liste" class="pagination">
          <ul class="link-list">
            {filter.page > 1 ? <li><a href={link(filter.page - 1)}>Page précédente</a></li> : null}
            <li aria-current="page">
              Page {filter.page} sur {pages}
            </li>
            {filter.page < pages ? <li><a href={link(filter.page + 1)}>Page suivante</a></li> : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}

const supportMessages = {
  assigne: "La question est attribuée.",
  repondu: "La réponse est envoyée par courriel à la personne.",
  close: "La question est close.",
} as const;
export type SupportNotice = keyof typeof supportMessages;
export const isSupportNotice = (value: unknown): value is SupportNotice => typeof value === "string" && Object.hasOwn(supportMessages, value);

/** One question for a support agent: the question, the thread, and the forms to assign, answer, close. */
export function SupportQuestionPage({
  ctx,
  question,
  replies,
  agents,
  me,
  notice,
  values,
  errors,
}: {
  ctx: PageContext;
  question: Question;
  replies: Reply[];
  agents: { id: string; firstName: string; lastName: string }[];
  me: string;
  notice?: SupportNotice | undefined;
  values: FormValues;
  errors: FieldErrors;
}) {
  const base = questionPaths.support(question.id);
  const open = question.status !== "closed";
  return (
    <Layout ctx={ctx} title={`Question ${question.reference}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...supportCrumbs, { label: question.reference }]}>
      <h1>Question {question.reference}</h1>
      {notice ? <Alert type="success"><p>{supportMessages[notice]}</p></Alert> : null}
      <ErrorSummary errors={errors} labels={{ reponse: "Réponse", agent: "Attribuer à" }} />
      <QuestionSummary question={question} withSender attachmentHref={`${base}/piece-jointe`} />
      <h2>La question</h2>
      <Body text={question.body} />
      <h2>Échanges</h2>
      <Thread replies={replies} supportName={(reply) => `${reply.authorFirstName ?? ""} ${reply.authorLastName ?? "Support"} (support)`} />
      {open ? (
        <>
          <h2>Attribuer</h2>
          <Form action={`${base}/attribuer`} csrfToken={ctx.csrfToken} class="support-inline-form">
            <Select
              name="agent"
              label="Attribuer à"
              value={values.agent ?? question.assignedTo ?? me}
              error={errors.agent}
              options={[{ value: "personne", label: "Personne" }, ...agents.map((agent) => ({ value: agent.id, label: `${agent.firstName} ${agent.lastName}${agent.id === me ? " (moi)" : ""}` }))]}
            />
            <Button variant="secondary">Attribuer</Button>
          </Form>
          <h2>Répondre</h2>
          <Form action={`${base}/repondre`} csrfToken={ctx.csrfToken}>
            <TextArea
              name="reponse"
              label="Réponse"
              hint={`Envoyée par courriel à ${question.email}${question.accountId ? " et affichée dans son espace" : ""}. ${QUESTION_MAX_LENGTH.toLocaleString("fr-FR")} caractères au plus.`}
              value={values.reponse}
              error={errors.reponse}
              maxLength={QUESTION_MAX_LENGTH}
              rows={8}
            />
            <Button>Envoyer la réponse</Button>
          </Form>
          <h2>Clore</h2>
          <Form action={`${base}/clore`} csrfToken={ctx.csrfToken}>
            <p>Une question close ne reçoit plus de réponse ; la personne ne peut plus y répondre.</p>
            <Button variant="danger">Clore la question</Button>
          </Form>
        </>
      ) : (
        <p>Cette question est close{question.closedAt ? <> depuis le <DateText date={question.closedAt} withTime /></> : null}.</p>
      )}
      <p>
        <a href={questionPaths.queue}>Retour à la liste des questions</a>
      </p>
    </Layout>
  );
}

// ——— The platform admins' page ———

const durationText = (ms: number | null) => {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = ms / 3_600_000;
  if (hours < 48) return `${hours.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} h`;
  return `${(hours / 24).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} j`;
};

const adminMessages = { ajoute: "L'agent fait désormais partie du support.", "deja-membre": "Cet agent faisait déjà partie du support.", retire: "L'agent ne fait plus partie du support." } as const;
export type AdminNotice = keyof typeof adminMessages;
export const isAdminNotice = (value: unknown): value is AdminNotice => typeof value === "string" && Object.hasOwn(adminMessages, value);

export function SupportAdminPage({
  ctx,
  counts,
  times,
  agents,
  notice,
  values,
  errors,
}: {
  ctx: PageContext;
  counts: Record<SupportStatus, number>;
  times: { sent: number; answered: number; medianMs: number | null; p90Ms: number | null };
  agents: { id: string; identifier: string; firstName: string; lastName: string; email: string; role: string; grantedAt: Date }[];
  notice?: AdminNotice | undefined;
  values: FormValues;
  errors: FieldErrors;
}) {
  return (
    <Layout ctx={ctx} title="Support" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, { label: "Administration du portail", href: "/administration" }, { label: "Support" }]}>
      <h1>Support : questions des usagers</h1>
      {notice ? <Alert type="success"><p>{adminMessages[notice]}</p></Alert> : null}
      <ErrorSummary errors={errors} labels={{ courriel: "Adresse électronique de l'agent" }} />
      <DataTable
        id="statuts"
        caption="Questions par statut"
        rows={[counts]}
        columns={(["new", "assigned", "answered", "closed"] as const).map((status) => ({
          header: `${STATUS_LABELS[status]}s`,
          kind: "number" as const,
          cell: (row: typeof counts) => row[status],
        }))}
      />
      <DataTable
        id="delais"
        caption="Délai de première réponse, questions reçues ces 30 derniers jours"
        rows={[times]}
        columns={[
          { header: "Reçues", kind: "number", cell: (row) => row.sent },
          { header: "Répondues", kind: "number", cell: (row) => row.answered },
          { header: "Délai médian", kind: "number", cell: (row) => durationText(row.medianMs) },
          { header: "9 questions sur 10 répondues en moins de", kind: "number", cell: (row) => durationText(row.p90Ms) },
        ]}
      />
      {/* The questions hold what people wrote: only the support agents named below read them (/support); admins do not. */}
      <p>Les questions sont lues et traitées par les agents du support nommés ci-dessous, depuis leur tableau de bord.</p>
      <h2>Agents du support</h2>
      {agents.length === 0 ? (
        <p>Aucun agent ne fait partie du support : personne ne voit les questions.</p>
      ) : (
        <ul class="link-list">
          {agents.map((agent) => (
            <li>
              <Form action={`${questionPaths.admin}/agents/${agent.id}/retirer`} csrfToken={ctx.csrfToken} class="support-inline-form">
                <span>
                  {agent.firstName} {agent.lastName} ({agent.email}){agent.role === "platform_admin" ? ", administrateur du portail" : ""}
                </span>{" "}
                <button type="submit" class="button button--secondary">
                  Retirer du support
                  <span class="visually-hidden">
                    {" "}
                    : {agent.firstName} {agent.lastName}
                  </span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>Ajouter un agent au support</h2>
      <Form action={`${questionPaths.admin}/agents`} csrfToken={ctx.csrfToken}>
        <EmailInput
          name="courriel"
          label="Adresse électronique de l'agent"
          hint="Le compte d'un agent instructeur ou d'un administrateur du portail, déjà créé."
          value={values.courriel}
          error={errors.courriel}
        />
        <Button>Ajouter au support</Button>
      </Form>
    </Layout>
  );
}
