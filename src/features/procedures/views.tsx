import type { Child } from "hono/jsx";
import { Alert, Button, ButtonLink, Checkbox, DataTable, ErrorSummary, Form, SummaryList, Tag } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { ProcedureStatus } from "../../platform/db/schema.ts";
import { DOCUMENT_FORMATS, FIELD_TYPE_NAMES } from "../../core/procedures/definition/names.ts";
import type { Condition, Field, ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import type { LoadReport } from "../../core/procedures/load-procedures.ts";
import { describeLoadReport } from "../../core/procedures/directory.ts";
import type { findProcedureWithVersions, ProcedureSummary } from "../../core/procedures/queries.ts";

const home = { label: "Accueil", href: "/" };
const administration = { label: "Administration du portail", href: "/administration" };
const LIST_TITLE = "Démarches";
const listCrumb = { label: LIST_TITLE, href: "/administration/demarches" };

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });
const When = ({ at }: { at: Date }) => <time datetime={at.toISOString()}>{dateFormat.format(at)}</time>;

export const statusLabels: Record<ProcedureStatus, string> = { draft: "Brouillon", published: "Publiée", closed: "Close" };
const statusTones = { draft: "neutral", published: "success", closed: "warning" } as const;
export function StatusTag({ status }: { status: ProcedureStatus }) {
  return <Tag tone={statusTones[status]}>{statusLabels[status]}</Tag>;
}

export const procedureUrl = (slug: string) => `/administration/demarches/${encodeURIComponent(slug)}`;
export const versionUrl = (slug: string, number: number) => `${procedureUrl(slug)}/versions/${number}`;

export interface ProcedureListPageProps {
  procedures: ProcedureSummary[];
  /** After "Charger les définitions": what was loaded, or every problem (status 422). */
  report?: LoadReport;
  problems?: string[];
  summary?: string;
}

/** Every procedure with its status and versions, and the button that loads the definition files. */
export function ProcedureListPage({ ctx, procedures, report, problems, summary }: ProcedureListPageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={problems ? `${LIST_TITLE} : chargement refusé` : LIST_TITLE} hasErrors={Boolean(problems)} breadcrumb={[home, administration, { label: LIST_TITLE }]}>
      <h1>{LIST_TITLE}</h1>
      {problems ? (
        <div class="error-summary" role="alert" aria-labelledby="problemes-titre" tabindex={-1} data-error-summary>
          <h2 id="problemes-titre" class="error-summary__title">{summary}</h2>
          <ul>
            {problems.map((problem) => (
              <li>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {report ? (
        <Alert type={report.notes.length > 0 ? "warning" : "success"} title="Définitions chargées">
          <ul>
            {describeLoadReport(report).map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <p class="lead">
        Chaque démarche est définie par un fichier du dossier <code>procedures</code> du portail. Un fichier modifié devient une nouvelle
        version, à publier ; les demandes en cours gardent la version sous laquelle elles ont été commencées.
      </p>
      <Form action="/administration/demarches/charger" csrfToken={ctx.csrfToken}>
        <Button variant="secondary">Charger les définitions du dossier procedures</Button>
      </Form>
      {procedures.length === 0 ? (
        <p>Aucune démarche n'est chargée. Chargez les définitions, ou en ligne de commande : <code>npm run guichet -- load-procedures procedures</code>.</p>
      ) : (
        <DataTable
          id="demarches"
          caption={`Démarches du portail (${procedures.length})`}
          rows={procedures}
          columns={[
            {
              header: "Démarche",
              rowHeader: true,
              cell: (procedure) => (
                <>
                  <a href={procedureUrl(procedure.slug)}>{procedure.title}</a>
                  <br />
                  <code>{procedure.slug}</code>
                </>
              ),
            },
            { header: "Thème", cell: (procedure) => procedure.theme },
            { header: "Statut", cell: (procedure) => <StatusTag status={procedure.status} /> },
            { header: "Version publiée", cell: (procedure) => (procedure.currentNumber ? `Version ${procedure.currentNumber}` : "Aucune") },
            {
              header: "Dernière version",
              cell: (procedure) => (
                <>
                  Version {procedure.latestNumber}, chargée le <When at={procedure.latestLoadedAt} />
                  {procedure.currentNumber !== procedure.latestNumber ? (
                    <>
                      {" "}
                      <Tag tone="info">À publier</Tag>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
    </Layout>
  );
}

type ProcedureWithVersions = NonNullable<Awaited<ReturnType<typeof findProcedureWithVersions>>>;

/** One procedure: status, versions, publish the latest, close. */
export function ProcedurePage({ ctx, procedure, versions, error }: ProcedureWithVersions & { ctx: PageContext; error?: string }) {
  const latest = versions[0]!;
  const current = versions.find((version) => version.id === procedure.currentVersionId);
  const canPublish = !(procedure.status === "published" && current?.id === latest.id);
  return (
    <Layout ctx={ctx} title={`Démarche : ${latest.title}`} hasErrors={Boolean(error)} breadcrumb={[home, administration, listCrumb, { label: latest.title }]}>
      <h1>{latest.title}</h1>
      {error ? <Alert type="error" title="Action impossible"><p>{error}</p></Alert> : null}
      <SummaryList
        rows={[
          ["Identifiant (slug)", <code>{procedure.slug}</code>],
          ["Statut", <StatusTag status={procedure.status} />],
          ["Version publiée", current ? `Version ${current.number}` : "Aucune"],
          ["Publiée le", procedure.publishedAt ? <When at={procedure.publishedAt} /> : "Jamais"],
          ...(procedure.status === "closed" && procedure.closedAt ? [["Close le", <When at={procedure.closedAt} />] as [string, Child]] : []),
        ]}
      />
      {canPublish ? (
        <section aria-labelledby="publier">
          <h2 id="publier">Publier la version {latest.number}</h2>
          <p>
            {procedure.status === "closed"
              ? "Publier la dernière version rouvre la démarche : de nouvelles demandes pourront être déposées."
              : "Les nouvelles demandes utiliseront cette version ; les demandes déjà commencées gardent la leur."}
          </p>
          <Form action={`${procedureUrl(procedure.slug)}/publier`} csrfToken={ctx.csrfToken}>
            <input type="hidden" name="version" value={String(latest.number)} />
            <Button>Publier la version {latest.number}</Button>
          </Form>
        </section>
      ) : null}
      {procedure.status === "published" ? (
        <p>
          <ButtonLink href={`${procedureUrl(procedure.slug)}/clore`} variant="secondary">Clore la démarche</ButtonLink>
        </p>
      ) : null}
      <DataTable
        id="versions"
        caption={`Versions (${versions.length}), de la plus récente à la plus ancienne`}
        rows={versions}
        columns={[
          {
            header: "Version",
            rowHeader: true,
            cell: (version) => (
              <>
                <a href={versionUrl(procedure.slug, version.number)}>Version {version.number}</a>
                {version.id === procedure.currentVersionId ? (
                  <>
                    {" "}
                    <Tag tone="success">Publiée</Tag>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "Titre", cell: (version) => version.title },
          { header: "Chargée le", kind: "date", cell: (version) => <When at={version.loadedAt} /> },
          { header: "Fichier", cell: (version) => <code>{version.sourceFile}</code> },
          { header: "Empreinte", cell: (version) => <code title={version.checksum}>{version.checksum.slice(0, 12)}</code> },
        ]}
      />
    </Layout>
  );
}

/** The confirmation asked before closing a procedure. */
export function CloseProcedurePage({ ctx, slug, title, errors }: { ctx: PageContext; slug: string; title: string; errors: FieldErrors }) {
  const heading = "Clore la démarche";
  return (
    <Layout ctx={ctx} title={`${heading} : ${title}`} hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, administration, listCrumb, { label: title, href: procedureUrl(slug) }, { label: heading }]}>
      <div class="narrow">
        <h1>
          {heading} « {title} »
        </h1>
        <Alert type="warning">
          <p>Une fois la démarche close, plus personne ne pourra commencer de nouvelle demande. Les demandes déjà déposées restent instruites jusqu'à leur terme.</p>
        </Alert>
        <ErrorSummary errors={errors} />
        <Form action={`${procedureUrl(slug)}/clore`} csrfToken={ctx.csrfToken}>
          <Checkbox name="confirmation" label="Je confirme la clôture de cette démarche" error={errors.confirmation} />
          <Button variant="danger">Clore la démarche</Button>
        </Form>
        <p>
          <a href={procedureUrl(slug)}>Annuler</a>
        </p>
      </div>
    </Layout>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "si « Situation » vaut « Salarié »": labels rather than ids and option values. */
function describeCondition(condition: Condition | undefined, fields: Map<string, Field>): string {
  if (!condition) return "toujours";
  const target = fields.get(condition.champ);
  const field = `« ${target?.libellé ?? condition.champ} »`;
  if (condition.renseigné) return `si ${field} est renseigné`;
  const options = target && "options" in target ? target.options : [];
  const label = (value: string) => `« ${options.find((option) => option.valeur === value)?.libellé ?? value} »`;
  if (condition.égal !== undefined) return `si ${field} vaut ${label(condition.égal)}`;
  return `si ${field} vaut ${(condition.parmi ?? []).map(label).join(" ou ")}`;
}

function fieldDetails(field: Field): string {
  switch (field.type) {
    case "choix-unique":
    case "liste-deroulante":
    case "cases-a-cocher":
      return field.options.map((option) => option.libellé).join(" ; ");
    case "groupe":
      return `${field.minimum ?? (field.obligatoire ? 1 : 0)} à ${field.maximum ?? 50} éléments`;
    case "nombre":
    case "montant": {
      const bounds = [field.minimum !== undefined ? `au moins ${field.minimum}` : "", field.maximum !== undefined ? `au plus ${field.maximum}` : ""].filter(Boolean);
      return bounds.join(", ");
    }
    case "explication":
      return field.texte;
    default:
      return "";
  }
}

/** A step's fields, each group followed by its sub-fields (named « group › sub-field »). */
function fieldRows(fields: readonly Field[], labels: Map<string, Field>, prefix = ""): { field: Field; labels: Map<string, Field>; prefix: string }[] {
  return fields.flatMap((field) => [
    { field, labels, prefix },
    // Inside an item, a condition names a sub-field of the same group first.
    ...(field.type === "groupe" ? fieldRows(field.sous_champs, new Map([...labels, ...field.sous_champs.map((sub) => [sub.id, sub] as const)]), `${field.id} › `) : []),
  ]);
}

function FieldsTable({ step, labels }: { step: ProcedureDefinition["étapes"][number]; labels: Map<string, Field> }) {
  return (
    <DataTable
      id={`champs-${step.id}`}
      caption={<>Champs de l'étape « {step.titre} »</>}
      rows={fieldRows(step.champs, labels)}
      columns={[
        {
          header: "Identifiant",
          rowHeader: true,
          cell: (row) => (
            <code>
              {row.prefix}
              {row.field.id}
            </code>
          ),
        },
        { header: "Libellé", cell: (row) => row.field.libellé ?? "(sans titre)" },
        { header: "Type", cell: (row) => FIELD_TYPE_NAMES[row.field.type] },
        { header: "Obligatoire", cell: (row) => (row.field.type !== "explication" && row.field.obligatoire ? "Oui" : "Non") },
        { header: "Affiché", cell: (row) => capitalise(describeCondition(row.field.condition, row.labels)) },
        { header: "Précisions", cell: (row) => fieldDetails(row.field) },
      ]}
    />
  );
}

/** A version's steps, fields and documents, as loaded. */
export function VersionPage({ ctx, slug, number, definition, loadedAt, isCurrent }: { ctx: PageContext; slug: string; number: number; definition: ProcedureDefinition; loadedAt: Date; isCurrent: boolean }) {
  const labels = new Map<string, Field>();
  for (const step of definition.étapes) for (const field of step.champs) labels.set(field.id, field);
  const heading = `Version ${number}`;
  return (
    <Layout ctx={ctx} title={`${definition.titre} : ${heading}`} breadcrumb={[home, administration, listCrumb, { label: definition.titre, href: procedureUrl(slug) }, { label: heading }]}>
      <h1>
        {definition.titre} — {heading}
      </h1>
      <SummaryList
        rows={[
          ["Chargée le", <When at={loadedAt} />],
          ["Publiée", isCurrent ? "Oui, c'est la version des nouvelles demandes" : "Non"],
          ["Thème", definition.thème],
          ["Déposant", definition.déposant.type === "personne" ? "Toute personne ayant un compte" : definition.déposant.service ? `Membre d'une structure habilité au service « ${definition.déposant.service} »` : "Membre d'une structure"],
          ["Préfixe des numéros", definition.préfixe_numéro],
          ["Groupes d'instructeurs", definition.groupes_instructeurs.join(", ")],
          ["Informations minimales pour déposer", definition.informations_minimales.map((id) => labels.get(id)?.libellé ?? id).join(", ")],
        ]}
      />
      <p>{definition.description}</p>
      {definition.étapes.map((step, index) => (
        <section aria-labelledby={`etape-${step.id}`}>
          <h2 id={`etape-${step.id}`}>
            Étape {index + 1} : {step.titre}
          </h2>
          {step.condition ? <p>Affichée : {describeCondition(step.condition, labels)}.</p> : null}
          {step.introduction ? <p class="field__hint">{step.introduction}</p> : null}
          {step.champs.length > 0 ? (
            <FieldsTable step={step} labels={labels} />
          ) : null}
          {step.pièces && step.pièces.length > 0 ? (
            <>
              <h3>Pièces demandées</h3>
              <ul>
                {step.pièces.map((document) => (
                  <li>
                    {document.libellé}
                    {document.obligatoire ? " (obligatoire)" : " (facultative)"} : {document.formats.map((format) => format.toUpperCase()).join(", ")}, {document.taille_max_mo} Mo au plus
                    {document.condition ? ` — ${describeCondition(document.condition, labels)}` : ""}
                    {document.aide ? <span class="field__hint"> — {document.aide}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
      <p class="field__hint">Formats de pièces reconnus : {Object.keys(DOCUMENT_FORMATS).join(", ")}.</p>
    </Layout>
  );
}
