import type { Child } from "hono/jsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { describeTypes } from "../../platform/uploads/file-types.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import { Alert, Button, ErrorSummary, Form, Tag, TextArea } from "../../ui/components.tsx";
import { FileField } from "../../ui/file-field.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { formatDateTime } from "../../core/requests/presentation.ts";
import { messagePaths } from "./paths.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, MESSAGE_MAX_LENGTH } from "./policies.ts";
import type { ThreadMessage, ThreadRequest } from "../../core/requests/queries/messages.ts";

const home = { label: "Accueil", href: "/" };

/** The forms' field names: the message to the other side, the agents' note, and their files. */
export const MESSAGE_FIELDS = { message: "message", attachment: "piece-jointe", note: "note", noteAttachment: "piece-jointe-note" } as const;

const FORMATS_HINT = `Facultative. Formats acceptés : ${describeTypes(ATTACHMENT_TYPES)}. Taille maximale : ${formatFileSize(ATTACHMENT_MAX_BYTES)}.`;
const LENGTH_HINT = `${MESSAGE_MAX_LENGTH.toLocaleString("fr-FR")} caractères au plus.`;

const numberText = (request: Pick<ThreadRequest, "number">) => (request.number ? formatRequestNumber(request.number) : "sans numéro");

const personName = (civility: string | null, firstName: string | null, lastName: string | null) =>
  lastName ? [civility, firstName, lastName].filter(Boolean).join(" ") : "Compte supprimé";

/**
 * Whether an agent wrote the message. A deleted account leaves no author: only agents' accounts
 * can be gone while the thread is still read (an applicant's deletion takes their requests' access).
 */
const fromAgent = (message: ThreadMessage) => message.authorRole === "agent" || message.authorId === null;

/** A message's text as typed: its line breaks kept, every character escaped. */
function Body({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <p>
      {lines.map((line, index) => (
        <>
          {index > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

function Attachment({ message, href }: { message: ThreadMessage; href: string }) {
  if (!message.uploadId || !message.attachmentName) return null;
  return (
    <p>
      Pièce jointe :{" "}
      <a href={href} download>
        {message.attachmentName}
      </a>{" "}
      <span class="field__hint">
        ({message.attachmentType?.toUpperCase()}, {formatFileSize(message.attachmentSize ?? 0)})
      </span>
    </p>
  );
}

/**
 * The thread, oldest first. `author` names each message's author as the reader should see it;
 * `tag` marks a message (the agents' notes).
 */
function Thread({ messages, author, tag, attachmentHref }: { messages: ThreadMessage[]; author: (message: ThreadMessage) => string; tag?: (message: ThreadMessage) => Child; attachmentHref: (uploadId: string) => string }) {
  if (messages.length === 0) return <p>Aucun message pour le moment.</p>;
  return (
    <ol class="link-list message-thread">
      {messages.map((message, index) => (
        <li>
          <article class="request-card" aria-labelledby={`message-${message.id}`} id={index === messages.length - 1 ? "dernier-message" : undefined}>
            <h3 id={`message-${message.id}`}>
              {author(message)}, le <time datetime={message.createdAt.toISOString()}>{formatDateTime(message.createdAt)}</time>
            </h3>
            {tag ? tag(message) : null}
            <Body text={message.body} />
            <Attachment message={message} href={attachmentHref(message.uploadId ?? "")} />
          </article>
        </li>
      ))}
    </ol>
  );
}

/** The file input of a message form, with its formats and the error of a refused file. */
function AttachmentField({ name, label, error, dropped }: { name: string; label: string; error?: string | undefined; dropped?: string | undefined }) {
  const hint = dropped ? `${FORMATS_HINT} Le fichier « ${dropped} » n'a pas été envoyé avec le message : choisissez-le à nouveau.` : FORMATS_HINT;
  return <FileField name={name} label={label} optional formats={ATTACHMENT_TYPES} hint={hint} error={error} />;
}

export interface MessageFormState {
  /** The text typed, sent back on a 422. */
  values?: Record<string, string>;
  errors?: FieldErrors;
  /** A file that was fine but not kept because the text was refused: the person chooses it again. */
  dropped?: string | undefined;
}

// ——— The applicant's side ———

export interface ApplicantThreadPageProps extends MessageFormState {
  request: ThreadRequest;
  messages: ThreadMessage[];
}

/** GET /demandes/:id/messagerie: the applicant's thread with the service instructeur. */
export function ApplicantThreadPage({ ctx, request, messages, values = {}, errors = {}, dropped }: ApplicantThreadPageProps & { ctx: PageContext }) {
  const open = request.status === "filed" || request.status === "in_instruction";
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      ctx={ctx}
      title={`Messagerie - demande n° ${numberText(request)}`}
      hasErrors={hasErrors}
      breadcrumb={[home, { label: "Mes demandes", href: "/demandes" }, { label: request.title, href: `/demandes/${request.id}` }, { label: "Messagerie" }]}
    >
      <ErrorSummary errors={errors} labels={{ [MESSAGE_FIELDS.message]: "Votre message", [MESSAGE_FIELDS.attachment]: "Pièce jointe" }} />
      <h1>Messagerie</h1>
      <p>
        {request.title} — demande n° <span class="request-number">{numberText(request)}</span>
      </p>
      {request.status === "draft" ? (
        <Alert type="info">
          <p>La messagerie sera ouverte lorsque votre demande sera déposée : vous pourrez alors échanger avec le service instructeur.</p>
        </Alert>
      ) : (
        <>
          <p>Échangez ici avec le service instructeur au sujet de votre demande. Vous êtes prévenu par courriel de chaque nouveau message.</p>
          <h2>
            Messages <span class="field__hint">({messages.length === 0 ? "aucun" : messages.length})</span>
          </h2>
          <Thread
            messages={messages}
            // Agents sign as their service: the portal does not hand their names to the public.
            author={(message) => (fromAgent(message) ? "Service instructeur" : "Vous")}
            attachmentHref={(uploadId) => messagePaths.applicantAttachment(request.id, uploadId)}
          />
          {open ? (
            <section aria-labelledby="ecrire-titre">
              <h2 id="ecrire-titre">Écrire au service instructeur</h2>
              <Form action={messagePaths.applicant(request.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
                <TextArea name={MESSAGE_FIELDS.message} label="Votre message" hint={LENGTH_HINT} value={values[MESSAGE_FIELDS.message]} error={errors[MESSAGE_FIELDS.message]} maxLength={MESSAGE_MAX_LENGTH} rows={8} />
                <AttachmentField name={MESSAGE_FIELDS.attachment} label="Pièce jointe" error={errors[MESSAGE_FIELDS.attachment]} dropped={dropped} />
                <Button variant="primary">Envoyer le message</Button>
              </Form>
            </section>
          ) : (
            <Alert type="info">
              <p>Votre demande est {request.status === "abandoned" ? "abandonnée" : "décidée"} : ses messages restent consultables, mais vous ne pouvez plus écrire au service instructeur.</p>
            </Alert>
          )}
        </>
      )}
      <p>
        <a href="/demandes">Retour à mes demandes</a>
      </p>
    </Layout>
  );
}

/**
 * The link to the thread from the applicant's pages (Mes demandes, the request), with the number
 * of messages when the page knows it (`countVisibleMessages`).
 */
export function ApplicantMessagesLink({ request, count }: { request: { id: string; status: string }; count?: number | undefined }) {
  if (request.status === "draft") return null;
  return (
    <a href={messagePaths.applicant(request.id)}>
      Messagerie
      {count === undefined ? null : <> ({count === 0 ? "aucun message" : count === 1 ? "1 message" : `${count} messages`})</>}
    </a>
  );
}

// ——— The agents' side ———

export interface AgentThreadPageProps extends MessageFormState {
  request: ThreadRequest;
  messages: ThreadMessage[];
}

const NOTE_TAG = "Note interne — non visible par le demandeur";

/** GET /instruction/:slug/:id/messagerie: the thread with the applicant and the agents' internal notes. */
export function AgentThreadPage({ ctx, request, messages, values = {}, errors = {}, dropped }: AgentThreadPageProps & { ctx: PageContext }) {
  const open = request.status === "filed" || request.status === "in_instruction";
  const number = numberText(request);
  const requestHref = `/instruction/${request.slug}/${request.id}`;
  const applicant = personName(request.applicantCivility, request.applicantFirstName, request.applicantLastName);
  const noteErrors = MESSAGE_FIELDS.note in errors || MESSAGE_FIELDS.noteAttachment in errors;
  return (
    <Layout
      ctx={ctx}
      title={`Messagerie - demande n° ${number}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[home, { label: "Instruction", href: "/instruction" }, { label: request.title, href: `/instruction/${request.slug}` }, { label: `Demande n° ${number}`, href: requestHref }, { label: "Messagerie" }]}
    >
      <ErrorSummary
        errors={errors}
        labels={{ [MESSAGE_FIELDS.message]: "Message au demandeur", [MESSAGE_FIELDS.attachment]: "Pièce jointe", [MESSAGE_FIELDS.note]: "Note interne", [MESSAGE_FIELDS.noteAttachment]: "Pièce jointe de la note" }}
      />
      <h1>Messagerie</h1>
      <p>
        Demande n° <span class="request-number">{number}</span> de {applicant} — {request.title}
      </p>
      <h2>
        Messages et notes <span class="field__hint">({messages.length === 0 ? "aucun" : messages.length})</span>
      </h2>
      <Thread
        messages={messages}
        author={(message) => `${personName(message.authorCivility, message.authorFirstName, message.authorLastName)} (${fromAgent(message) ? "agent" : "demandeur"})`}
        tag={(message) => (message.internal ? <p><Tag tone="warning">{NOTE_TAG}</Tag></p> : null)}
        attachmentHref={(uploadId) => messagePaths.agentAttachment(request.slug, request.id, uploadId)}
      />
      {open ? (
        <section aria-labelledby="repondre-titre">
          <h2 id="repondre-titre">Écrire au demandeur</h2>
          <p>Le demandeur est prévenu par courriel, sans le contenu du message : il le lit en se connectant.</p>
          <Form action={messagePaths.agent(request.slug, request.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
            <TextArea
              name={MESSAGE_FIELDS.message}
              label="Message au demandeur"
              hint={LENGTH_HINT}
              value={values[MESSAGE_FIELDS.message]}
              error={errors[MESSAGE_FIELDS.message]}
              maxLength={MESSAGE_MAX_LENGTH}
              rows={8}
            />
            <AttachmentField name={MESSAGE_FIELDS.attachment} label="Pièce jointe" error={errors[MESSAGE_FIELDS.attachment]} dropped={noteErrors ? undefined : dropped} />
            <Button variant="primary">Envoyer au demandeur</Button>
          </Form>
        </section>
      ) : (
        <Alert type="info">
          <p>Cette demande est {request.status === "abandoned" ? "abandonnée" : "décidée"} : on ne peut plus écrire au demandeur. Les notes internes restent possibles.</p>
        </Alert>
      )}
      <section aria-labelledby="note-titre">
        <h2 id="note-titre">Ajouter une note interne</h2>
        <p>Une note interne n'est visible que par les agents de la démarche : jamais par le demandeur, ni dans ses courriels, ni dans son historique.</p>
        <Form action={messagePaths.agentNote(request.slug, request.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
          <TextArea name={MESSAGE_FIELDS.note} label="Note interne" hint={LENGTH_HINT} value={values[MESSAGE_FIELDS.note]} error={errors[MESSAGE_FIELDS.note]} maxLength={MESSAGE_MAX_LENGTH} rows={5} />
          <AttachmentField name={MESSAGE_FIELDS.noteAttachment} label="Pièce jointe de la note" error={errors[MESSAGE_FIELDS.noteAttachment]} dropped={noteErrors ? dropped : undefined} />
          <Button variant="secondary">Enregistrer la note interne</Button>
        </Form>
      </section>
      <p>
        <a href={requestHref}>Retour à la demande</a>
      </p>
    </Layout>
  );
}

/** The "Messagerie" section of the agent's request page (its heading is the page's): how many messages, and the link to the thread. */
export function AgentMessagesLink({ slug, requestId, count }: { slug: string; requestId: string; count: number }) {
  return (
    <p>
      {count === 0 ? "Aucun message échangé avec le demandeur." : count === 1 ? "1 message échangé avec le demandeur." : `${count} messages échangés avec le demandeur.`}{" "}
      <a href={messagePaths.agent(slug, requestId)}>Messagerie et notes internes</a>
    </p>
  );
}
