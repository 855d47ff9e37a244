import { DataTable, SummaryList, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { MailDetail, MailSummary } from "./queries.ts";

const home = { label: "Accueil", href: "/" };
const mailbox = { label: "Boîte aux lettres de développement", href: "/dev/courriels" };

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "medium", timeZone: "Europe/Paris" });

function DateTime({ date }: { date: Date }) {
  return <time datetime={date.toISOString()}>{dateFormat.format(date)}</time>;
}

function MailStatus({ mail }: { mail: Pick<MailSummary, "sentAt" | "lastError" | "attempts"> }) {
  if (mail.sentAt) return <Tag tone="success">envoyé</Tag>;
  if (mail.lastError) {
    return (
      <>
        <Tag tone="error">erreur</Tag> <span>{mail.lastError}</span>
      </>
    );
  }
  return <Tag tone="info">en attente</Tag>;
}

function Explanation({ smtp }: { smtp: boolean }) {
  return (
    <p class="lead">
      {smtp
        ? "Les courriels sont envoyés par le serveur SMTP configuré ; une copie de chacun reste consultable ici."
        : "Aucun serveur SMTP n'est configuré : les courriels ne partent pas, ils sont consultables ici."}{" "}
      Cette page n'existe qu'en développement, jamais en production.
    </p>
  );
}

export interface MailboxPageProps {
  mails: MailSummary[];
  page: number;
  pageCount: number;
  total: number;
  smtp: boolean;
}

/** Every stored mail, newest first, 50 per page. */
export function MailboxPage({ ctx, mails, page, pageCount, total, smtp }: MailboxPageProps & { ctx: PageContext }) {
  const title = pageCount > 1 ? `Boîte aux lettres de développement (page ${page} sur ${pageCount})` : "Boîte aux lettres de développement";
  return (
    <Layout ctx={ctx} title={title} breadcrumb={[home, { label: mailbox.label }]}>
      <h1>Boîte aux lettres de développement</h1>
      <Explanation smtp={smtp} />
      {total === 0 ? (
        <p>Aucun courriel n'a encore été enregistré.</p>
      ) : (
        <>
          <DataTable
            id="courriels"
            caption={`Courriels enregistrés, du plus récent au plus ancien (${total === 1 ? "1 courriel" : `${total} courriels`}${pageCount > 1 ? `, page ${page} sur ${pageCount}` : ""})`}
            rows={mails}
            columns={[
              { header: "Objet", rowHeader: true, cell: (mail) => <a href={`/dev/courriels/${mail.id}`}>{mail.subject}</a> },
              { header: "Destinataire", cell: (mail) => mail.toAddress },
              { header: "Date", kind: "date", cell: (mail) => <DateTime date={mail.createdAt} /> },
              { header: "État", cell: (mail) => <MailStatus mail={mail} /> },
            ]}
          />
          <Pagination page={page} pageCount={pageCount} />
        </>
      )}
    </Layout>
  );
}

function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {page > 1 ? (
          <li><a href={`/dev/courriels?page=${page - 1}`}>Page précédente</a></li>
        ) : null}
        <li><span aria-current="page">Page {page} sur {pageCount}</span></li>
        {page < pageCount ? (
          <li><a href={`/dev/courriels?page=${page + 1}`}>Page suivante</a></li>
        ) : null}
      </ul>
    </nav>
  );
}

const urlPattern = /(https?:\/\/[^\s<>"]+)/;

/** The text part, with its web addresses made clickable (activation and reset links are why one reads it). */
function TextWithLinks({ text }: { text: string }) {
  return (
    <pre class="mail-text">
      {text.split(urlPattern).map((part, index) => (index % 2 === 1 ? <a href={part}>{part}</a> : part))}
    </pre>
  );
}

/**
 * One mail. The HTML part is never inserted into this page: it is its own document, served with a
 * sandboxing CSP and shown in a sandboxed frame.
 */
export function MailPage({ ctx, mail, smtp }: { ctx: PageContext; mail: MailDetail; smtp: boolean }) {
  return (
    <Layout ctx={ctx} title={`Courriel « ${mail.subject} »`} breadcrumb={[home, mailbox, { label: mail.subject }]}>
      <h1>{mail.subject}</h1>
      <Explanation smtp={smtp} />
      <SummaryList
        rows={[
          ["Destinataire", mail.toAddress],
          ["Date", <DateTime date={mail.createdAt} />],
          ["État", <MailStatus mail={mail} />],
        ]}
      />

      <h2>Version texte</h2>
      <TextWithLinks text={mail.textBody} />

      <h2>Version HTML</h2>
      <iframe
        class="mail-html"
        src={`/dev/courriels/${mail.id}/html`}
        sandbox=""
        title={`Version HTML du courriel « ${mail.subject} »`}
      ></iframe>
      <p>
        <a href={`/dev/courriels/${mail.id}/html`}>Afficher la version HTML du courriel seule</a>
      </p>

      <h2>Pièces jointes</h2>
      {mail.attachments.length === 0 ? (
        <p>Ce courriel n'a pas de pièce jointe.</p>
      ) : (
        <ul>
          {mail.attachments.map((attachment, index) => (
            <li>
              <a href={`/dev/courriels/${mail.id}/pieces-jointes/${index}`} download={attachment.filename}>
                Télécharger {attachment.filename}
              </a>{" "}
              <span class="field__hint">({attachment.contentType}, {formatSize(Buffer.byteLength(attachment.content, "base64"))})</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/dev/courriels">Revenir à la liste des courriels</a>
      </p>
    </Layout>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}
