import { Alert, Button, Form, SummaryList, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { applicantSentence, frenchDay, type Openness } from "../../core/procedures/catalogue.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import type { OpenProcedure } from "../../core/procedures/queries.ts";
import type { FilingRefusal } from "../../core/requests/policies.ts";
import { Refusal, requestPaths } from "./views.tsx";

const home = { label: "Accueil", href: "/" };
const catalogueCrumb = { label: "Déposer une demande", href: requestPaths.catalogue };

/** What a person may do on a procedure: nothing yet (anonymous), start a draft, or what is missing. */
export type CatalogueRight = { kind: "anonymous" } | { kind: "allowed" } | { kind: "refused"; refusal: FilingRefusal };

export interface CatalogueEntry {
  procedure: OpenProcedure;
  right: CatalogueRight;
}

function Deadline({ day }: { day: string }) {
  return (
    <>
      jusqu'au <time datetime={day}>{frenchDay(day)}</time> inclus
    </>
  );
}

function StartButton({ ctx, slug, title, label }: { ctx: PageContext; slug: string; title: string; label: string }) {
  return (
    <Form action={requestPaths.start(slug)} csrfToken={ctx.csrfToken}>
      <Button>
        {label}
        <span class="visually-hidden"> : {title}</span>
      </Button>
    </Form>
  );
}

/**
 * The catalogue, readable without an account: the open procedures by theme. A signed-in person
 * starts a draft from it as before; a visitor opens a procedure's page or logs in first.
 */
export function CataloguePage({ ctx, themes }: { ctx: PageContext; themes: { theme: string; entries: CatalogueEntry[] }[] }) {
  return (
    <Layout ctx={ctx} title="Déposer une demande" breadcrumb={[home, { label: "Déposer une demande" }]}>
      <h1>Déposer une demande</h1>
      <p class="lead">Choisissez la démarche qui correspond à votre demande : chacune dit qui peut la déposer, ses étapes et les pièces à préparer.</p>
      {ctx.account ? (
        <p>
          <a href={requestPaths.list}>Mes demandes</a>
        </p>
      ) : (
        <p>
          Vous pouvez lire chaque démarche sans compte. Pour déposer une demande, <a href="/connexion?retour=%2Fdemarches">connectez-vous</a> ou{" "}
          <a href="/creer-un-compte">créez un compte</a> : vous pourrez l'enregistrer et la poursuivre plus tard.
        </p>
      )}
      {themes.length === 0 ? <p>Aucune démarche n'est ouverte pour le moment.</p> : null}
      {themes.map(({ theme, entries }) => (
        <section aria-labelledby={`theme-${entries[0]!.procedure.slug}`}>
          <h2 id={`theme-${entries[0]!.procedure.slug}`}>{theme}</h2>
          {entries.map(({ procedure, right }) => (
            <div class="tile procedure-tile">
              <h3>
                <a href={requestPaths.procedure(procedure.slug)}>{procedure.title}</a>
              </h3>
              <p>{procedure.summary}</p>
              <p class="catalogue-facts">
                <Tag tone="info">{procedure.applicantType === "personne" ? "Particuliers" : "Structures"}</Tag>
                {procedure.deadline ? (
                  <span>
                    Date limite : <Deadline day={procedure.deadline} />
                  </span>
                ) : null}
              </p>
              {right.kind === "allowed" ? <StartButton ctx={ctx} slug={procedure.slug} title={procedure.title} label="Commencer ma demande" /> : null}
              {right.kind === "refused" ? <Refusal refusal={right.refusal} title={procedure.title} /> : null}
              {right.kind === "anonymous" ? (
                <>
                  <p>
                    <a href={requestPaths.procedure(procedure.slug)}>
                      Voir les étapes et les pièces à préparer<span class="visually-hidden"> : {procedure.title}</span>
                    </a>
                  </p>
                  <StartButton ctx={ctx} slug={procedure.slug} title={procedure.title} label="Déposer une demande" />
                </>
              ) : null}
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}

export interface ProcedurePageProps {
  slug: string;
  definition: ProcedureDefinition;
  serviceName: string | undefined;
  right: CatalogueRight;
}

/** A procedure's public page: what it is, who may file, its steps, the documents to prepare, its deadline. */
export function ProcedurePage({ ctx, slug, definition, serviceName, right }: ProcedurePageProps & { ctx: PageContext }) {
  const documents = definition.étapes.flatMap((step) => (step.pièces ?? []).map((document) => ({ document, conditional: step.condition !== undefined || document.condition !== undefined })));
  return (
    <Layout ctx={ctx} title={definition.titre} breadcrumb={[home, catalogueCrumb, { label: definition.titre }]}>
      <h1>{definition.titre}</h1>
      <p class="lead">{definition.résumé ?? definition.description}</p>
      {definition.résumé ? <p>{definition.description}</p> : null}
      <SummaryList
        rows={[
          ["Thème", definition.thème],
          ["Qui peut déposer", applicantSentence(definition.déposant, serviceName)],
          ["Date limite", definition.date_limite ? <Deadline day={definition.date_limite} /> : "Aucune : la démarche reste ouverte"],
        ]}
      />
      <h2>Les étapes</h2>
      <ol class="catalogue-steps">
        {definition.étapes.map((step) => (
          <li>
            {step.titre}
            {step.condition ? <span class="field__hint"> (selon vos réponses)</span> : null}
          </li>
        ))}
      </ol>
      <h2>Les pièces à préparer</h2>
      {documents.length === 0 ? (
        <p>Aucune pièce justificative n'est demandée.</p>
      ) : (
        <ul class="catalogue-documents">
          {documents.map(({ document, conditional }) => (
            <li>
              <strong>{document.libellé}</strong>
              {document.obligatoire ? null : " (facultative)"}
              {conditional ? " (selon vos réponses)" : null}
              {document.aide ? <span class="field__hint"> — {document.aide}</span> : null}
              <br />
              <span class="field__hint">
                Formats : {document.formats.map((format) => format.toUpperCase()).join(", ")} ; {document.taille_max_mo} Mo au maximum
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Déposer une demande</h2>
      {right.kind === "allowed" ? (
        <>
          <p>Votre demande est enregistrée comme brouillon dès la première étape : vous pourrez la poursuivre plus tard depuis « Mes demandes ».</p>
          <StartButton ctx={ctx} slug={slug} title={definition.titre} label="Déposer une demande" />
        </>
      ) : null}
      {right.kind === "refused" ? (
        <Alert type="warning">
          <Refusal refusal={right.refusal} title={definition.titre} />
        </Alert>
      ) : null}
      {right.kind === "anonymous" ? (
        <>
          <p>
            Pour déposer une demande, connectez-vous : votre demande commencera aussitôt après. Pas encore de compte ?{" "}
            <a href="/creer-un-compte">Créer un compte</a>.
          </p>
          <StartButton ctx={ctx} slug={slug} title={definition.titre} label="Déposer une demande" />
        </>
      ) : null}
      <p>
        <a href={requestPaths.catalogue}>Voir toutes les démarches</a>
      </p>
    </Layout>
  );
}

/** A procedure that no longer takes requests: closed, or past its deadline. Said plainly, with status 410. */
export function ProcedureClosedPage({ ctx, definition, openness }: { ctx: PageContext; definition: ProcedureDefinition; openness: Exclude<Openness, { open: true }> }) {
  return (
    <Layout ctx={ctx} title={`${definition.titre} : démarche fermée`} breadcrumb={[home, catalogueCrumb, { label: definition.titre }]}>
      <h1>{definition.titre}</h1>
      <Alert type="info" title="Cette démarche n'accepte plus de nouvelles demandes">
        {openness.reason === "deadline" ? (
          <p>
            La date limite de dépôt était le <time datetime={openness.deadline}>{frenchDay(openness.deadline)}</time>.
          </p>
        ) : (
          <p>Elle a été fermée par l'organisme.</p>
        )}
        <p>Si vous avez déjà commencé ou déposé une demande, vous la retrouvez dans « Mes demandes ».</p>
      </Alert>
      <ul class="link-list">
        <li>
          <a href={requestPaths.catalogue}>Voir les démarches ouvertes</a>
        </li>
        <li>
          <a href={requestPaths.list}>Mes demandes</a>
        </li>
      </ul>
    </Layout>
  );
}
