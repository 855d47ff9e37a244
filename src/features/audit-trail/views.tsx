import { Button, ErrorSummary, Select, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { auditLabel } from "./labels.ts";
import type { AuditValues } from "./filters.ts";

export const AUDIT_TRAIL_PATH = "/administration/journal";

export interface AuditLine {
  id: string;
  occurredAt: Date;
  event: string;
  accountIdentifier: string | null;
  actorIdentifier: string | null;
  accountId: string | null;
  actorId: string | null;
  ip: string | null;
  details: string;
}

export interface AuditTrailPageProps {
  values: AuditValues;
  errors: FieldErrors;
  /** The actions offered by the filter: every labelled code and every code found in the trail. */
  actions: { value: string; label: string }[];
  /** Null when the filters were refused. */
  lines: AuditLine[] | null;
  /** The id to continue from (older lines), when there are more. */
  nextBefore: string | null;
  paged: boolean;
}

const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/Paris" });

export function formatAuditDate(date: Date): string {
  return dateTime.format(date);
}

/** The filters as a query string (paging and the CSV keep them). */
export function auditQuery(values: AuditValues, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...extra })) if (value) query.set(key, value);
  return query.toString();
}

/** Who a line is about: the account's identifier, "compte supprimé" when it no longer exists, nothing when none. */
function who(identifier: string | null, id: string | null) {
  if (identifier) return identifier;
  return id ? "compte supprimé" : "—";
}

/** "Journal des actions": the audit trail, filtered by person, action and days, newest first, by pages of 50. */
export function AuditTrailPage({ ctx, values, errors, actions, lines, nextBefore, paged }: AuditTrailPageProps & { ctx: PageContext }) {
  const title = "Journal des actions";
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[
        { label: "Accueil", href: "/" },
        { label: "Administration du portail", href: "/administration" },
        { label: title },
      ]}
    >
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      <p class="lead">
        Les actions enregistrées par le portail (connexions, créations de comptes, décisions…), des plus récentes aux plus anciennes. Le journal ne peut
        être ni modifié ni effacé.
      </p>
      <form method="get" action={AUDIT_TRAIL_PATH} class="audit-filters">
        <TextInput name="personne" label="Personne" hint="Identifiant ou adresse électronique : les actions qui la concernent ou qu'elle a faites." required={false} value={values.personne} error={errors.personne} />
        <Select name="action" label="Action" required={false} value={values.action} error={errors.action} placeholder="Toutes les actions" options={actions} />
        <TextInput name="du" type="date" label="Du" hint="Format : jj/mm/aaaa" required={false} value={values.du} error={errors.du} />
        <TextInput name="au" type="date" label="Au" hint="Format : jj/mm/aaaa" required={false} value={values.au} error={errors.au} />
        <div class="field">
          <Button variant="secondary">Filtrer</Button>
        </div>
      </form>
      {lines ? (
        <>
          <p>
            <a href={`${AUDIT_TRAIL_PATH}/export.csv?${auditQuery(values)}`} download>
              Télécharger le journal filtré (CSV)
            </a>
          </p>
          {lines.length === 0 ? (
            <p>Aucune action ne correspond à ces filtres.</p>
          ) : (
            <div class="table-wrapper">
              <table class="table table--cards">
                <caption>
                  Actions {paged ? "plus anciennes" : "les plus récentes"} ({lines.length === 1 ? "1 ligne" : `${lines.length} lignes`})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Action</th>
                    <th scope="col">Personne concernée</th>
                    <th scope="col">Auteur</th>
                    <th scope="col">Adresse IP</th>
                    <th scope="col">Détails</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => {
                    const label = auditLabel(line.event);
                    return (
                      <tr>
                        <th scope="row" data-label="Date" class="table__cell--date">
                          {formatAuditDate(line.occurredAt)}
                        </th>
                        <td data-label="Action">{label ?? <code>{line.event}</code>}</td>
                        <td data-label="Personne concernée">{who(line.accountIdentifier, line.accountId)}</td>
                        <td data-label="Auteur">{who(line.actorIdentifier, line.actorId)}</td>
                        <td data-label="Adresse IP">{line.ip ?? "—"}</td>
                        <td data-label="Détails">{line.details === "{}" ? "—" : <code>{line.details}</code>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <nav class="audit-pages" aria-label="Pages du journal">
            {paged ? <a href={`${AUDIT_TRAIL_PATH}?${auditQuery(values)}`}>Revenir aux actions les plus récentes</a> : null}
            {nextBefore ? <a href={`${AUDIT_TRAIL_PATH}?${auditQuery(values, { avant: nextBefore })}`}>Actions plus anciennes</a> : null}
          </nav>
        </>
      ) : null}
    </Layout>
  );
}
