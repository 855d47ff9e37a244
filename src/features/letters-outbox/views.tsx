import { Button, DataTable, Form, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { letterNumber } from "../../platform/letters/render-letter.ts";
import { canApply } from "../../platform/letters/status.ts";
import { letterFilters, outboxUrl, type LetterFilter } from "./filters.ts";
import type { LetterSummary } from "./queries.ts";

const TITLE = "Courriers à envoyer";
const home = { label: "Accueil", href: "/" };

const dayFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

function DateTime({ date }: { date: Date }) {
  return <time datetime={date.toISOString()}>{dayFormat.format(date)}</time>;
}

function LetterState({ letter }: { letter: LetterSummary }) {
  switch (letter.status) {
    case "queued":
      return letter.lastError ? (
        <>
          <Tag tone="error">en erreur</Tag> <span class="field__hint">{letter.attempts} tentative{letter.attempts > 1 ? "s" : ""}, nouvel essai automatique</span>
        </>
      ) : (
        <Tag tone="info">en préparation</Tag>
      );
    case "generated":
      return <Tag tone="warning">à poster</Tag>;
    case "posted":
      return (
        <>
          <Tag tone="success">posté</Tag>{" "}
          {letter.postedAt ? <span class="field__hint">le <DateTime date={letter.postedAt} /></span> : null}
          {letter.provider && letter.provider !== "outbox" ? <span class="field__hint"> (confié à {letter.provider})</span> : null}
        </>
      );
    case "cancelled":
      return (
        <>
          <Tag tone="neutral">annulé</Tag> {letter.cancelledAt ? <span class="field__hint">le <DateTime date={letter.cancelledAt} /></span> : null}
        </>
      );
  }
}

/** What can be done with one letter; each button names its letter for screen readers (RGAA 6.1). */
function LetterActions({ ctx, letter, filter, page }: { ctx: PageContext; letter: LetterSummary; filter: LetterFilter; page: number }) {
  const number = letterNumber(letter.id);
  const back = (
    <>
      <input type="hidden" name="etat" value={filter} />
      <input type="hidden" name="page" value={String(page)} />
    </>
  );
  return (
    <ul class="letter-actions">
      {letter.pdfSize !== null ? (
        <li>
          <a href={`/administration/courriers/${letter.id}.pdf`} download>
            Télécharger le PDF<span class="visually-hidden"> du courrier n° {number}</span>
          </a>{" "}
          <span class="field__hint">({formatSize(letter.pdfSize)})</span>
        </li>
      ) : null}
      {canApply("post", letter.status) ? (
        <li>
          <Form action={`/administration/courriers/${letter.id}/poste`} csrfToken={ctx.csrfToken} class="inline-form">
            {back}
            <Button variant="primary">
              Marquer comme posté<span class="visually-hidden"> le courrier n° {number}</span>
            </Button>
          </Form>
        </li>
      ) : null}
      {canApply("cancel", letter.status) ? (
        <li>
          <Form action={`/administration/courriers/${letter.id}/annuler`} csrfToken={ctx.csrfToken} class="inline-form">
            {back}
            <Button variant="secondary">
              Annuler<span class="visually-hidden"> le courrier n° {number}</span>
            </Button>
          </Form>
        </li>
      ) : null}
    </ul>
  );
}

export interface OutboxPageProps {
  letters: LetterSummary[];
  total: number;
  filter: LetterFilter;
  page: number;
  pageCount: number;
}

/** The outbox: letters to print and post by hand (the built-in provider), newest first, 50 per page. */
export function OutboxPage({ ctx, letters, total, filter, page, pageCount }: OutboxPageProps & { ctx: PageContext }) {
  const filterLabel = letterFilters[filter].label;
  const count = total === 1 ? "1 courrier" : `${total} courriers`;
  const pageNote = pageCount > 1 ? `, page ${page} sur ${pageCount}` : "";
  return (
    <Layout ctx={ctx} title={`${TITLE} : ${filterLabel.toLowerCase()}${pageNote}`} breadcrumb={[home, { label: TITLE }]}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Les courriers postaux du portail (codes d'activation, mots de passe temporaires destinés aux représentants légaux)
        attendent ici d'être imprimés et postés. Téléchargez le PDF, imprimez-le, pliez-le en trois dans une enveloppe à
        fenêtre DL, postez-le, puis marquez-le comme posté.
      </p>

      <form method="get" action="/administration/courriers" class="letter-filters">
        <div class="field">
          <label class="field__label" for="champ-etat">Afficher</label>
          <select id="champ-etat" name="etat">
            {Object.entries(letterFilters).map(([value, option]) => (
              <option value={value} selected={value === filter}>{option.label}</option>
            ))}
          </select>
        </div>
        <Button variant="secondary">Filtrer</Button>
      </form>

      {total === 0 ? (
        <p>Aucun courrier dans cette liste ({filterLabel.toLowerCase()}).</p>
      ) : (
        <>
          <DataTable
            id="courriers"
            caption={`${filterLabel}, du plus récent au plus ancien (${count}${pageNote})`}
            rows={letters}
            columns={[
              {
                header: "Destinataire",
                rowHeader: true,
                cell: (letter) => (
                  <>
                    {letter.recipientName}
                    <br />
                    <span class="field__hint">
                      {letter.recipientPostalCode} {letter.recipientCommune}
                      {letter.recipientCountry ? ` (${letter.recipientCountry})` : ""}
                    </span>
                  </>
                ),
              },
              { header: "Objet", cell: (letter) => letter.subject },
              {
                header: "N° et référence",
                cell: (letter) => (
                  <>
                    {letterNumber(letter.id)}
                    {letter.reference ? (
                      <>
                        <br />
                        <span class="field__hint">{letter.reference}</span>
                      </>
                    ) : null}
                  </>
                ),
              },
              { header: "Créé le", kind: "date", cell: (letter) => <DateTime date={letter.createdAt} /> },
              { header: "État", cell: (letter) => <LetterState letter={letter} /> },
              { header: "Actions", kind: "actions", cell: (letter) => <LetterActions ctx={ctx} letter={letter} filter={filter} page={page} /> },
            ]}
          />
          <Pagination filter={filter} page={page} pageCount={pageCount} />
        </>
      )}
    </Layout>
  );
}

function Pagination({ filter, page, pageCount }: { filter: LetterFilter; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {page > 1 ? <li><a href={outboxUrl(filter, page - 1)}>Page précédente</a></li> : null}
        <li><span aria-current="page">Page {page} sur {pageCount}</span></li>
        {page < pageCount ? <li><a href={outboxUrl(filter, page + 1)}>Page suivante</a></li> : null}
      </ul>
    </nav>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  return `${(bytes / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Ko`;
}
