import { ErrorSummary, TextInput } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { SEARCH_MAX_LENGTH, type SearchedCommune } from "./commune-search.ts";
import type { DeskSearchResult } from "./find-reception-desks.ts";
import { DESKS_PATH, distanceText, nationalPhone, searchUrl } from "./paths.ts";
import type { EstimatedPosition, NearDesk } from "./queries.ts";

const TITLE = "Trouver un guichet d'accueil";

const communeLabel = (commune: SearchedCommune) => `${commune.name} (${commune.departement})`;

/** How precise the distances are, said in words. */
const precision: Record<EstimatedPosition["basis"], string> = {
  commune: "Distances à vol d'oiseau depuis les guichets de votre commune.",
  "postal-code": "Distances à vol d'oiseau depuis les guichets de votre code postal.",
  departement: "Distances approximatives, à vol d'oiseau depuis le centre des guichets de votre département : aucun guichet n'est connu dans votre commune.",
};

/** "Trouver un guichet d'accueil": search by commune name or postal code, nearest desks first. */
export function DesksSearchPage({ ctx, query, result }: { ctx: PageContext; query: string; result: DeskSearchResult }) {
  const error = result.kind === "invalid" ? result.message : undefined;
  const title = result.kind === "found" ? `Guichets d'accueil près de ${communeLabel(result.commune)}` : TITLE;
  return (
    <Layout ctx={ctx} title={title} hasErrors={error !== undefined} breadcrumb={[{ label: "Accueil", href: "/" }, { label: TITLE }]}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Un agent vous reçoit dans un guichet d'accueil pour vous aider dans vos démarches. Saisissez votre commune ou votre
        code postal : les guichets les plus proches s'affichent en premier.
      </p>
      {error ? <ErrorSummary errors={{ q: error }} /> : null}
      <form method="get" action={DESKS_PATH} role="search" aria-label="Rechercher un guichet d'accueil" novalidate>
        <TextInput
          name="q"
          label="Commune ou code postal"
          hint="Par exemple : Toulouse, Saint-Denis (93) ou 31000."
          value={query}
          error={error}
          maxLength={SEARCH_MAX_LENGTH}
          autocomplete="address-level2"
        />
        <button type="submit" class="button button--primary">Rechercher</button>
      </form>
      {result.kind === "choose" ? <Choices question={result.question} choices={result.choices} /> : null}
      {result.kind === "found" ? <Results commune={result.commune} desks={result.desks} position={result.position} /> : null}
    </Layout>
  );
}

function Choices({ question, choices }: { question: string; choices: SearchedCommune[] }) {
  return (
    <section aria-labelledby="choix-commune">
      <h2 id="choix-commune">{question}</h2>
      <ul class="link-list">
        {choices.map((commune) => (
          <li>
            <a href={searchUrl({ commune: commune.code })}>{communeLabel(commune)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Results({ commune, desks, position }: { commune: SearchedCommune; desks: NearDesk[]; position: EstimatedPosition | undefined }) {
  return (
    <section aria-labelledby="resultats">
      <h2 id="resultats">Guichets d'accueil les plus proches de {communeLabel(commune)}</h2>
      {desks.length === 0 ? (
        <>
          <p>Aucun guichet d'accueil n'est connu dans votre département.</p>
          <p>
            Vous pouvez nous joindre par les moyens indiqués en bas de page, ou <a href="/contact">nous poser votre question</a>.
          </p>
        </>
      ) : (
        <>
          <p>
            {desks.length === 1 ? "1 guichet" : `${desks.length} guichets`}, du plus proche au plus éloigné.{" "}
            {position ? precision[position.basis] : "Les positions des guichets de votre département ne sont pas connues : ils sont listés sans distance."}
          </p>
          <ol class="desk-list">
            {desks.map((desk) => (
              <DeskCard desk={desk} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function DeskCard({ desk }: { desk: NearDesk }) {
  const services = desk.services === "" ? [] : desk.services.split("\n");
  return (
    <li>
      <h3>{desk.name}</h3>
      <p class="desk__distance">{desk.distanceKm === null ? "Distance inconnue" : distanceText(desk.distanceKm)}</p>
      <dl class="summary-list">
        <div class="summary-list__row">
          <dt>Adresse</dt>
          <dd>
            {desk.address}, {desk.postalCode} {desk.communeName}
          </dd>
        </div>
        <div class="summary-list__row">
          <dt>Horaires</dt>
          <dd>{desk.openingHours}</dd>
        </div>
        {desk.phone ? (
          <div class="summary-list__row">
            <dt>Téléphone</dt>
            <dd>
              <a href={`tel:${desk.phone}`}>{nationalPhone(desk.phone)}</a>
            </dd>
          </div>
        ) : null}
        {services.length > 0 ? (
          <div class="summary-list__row">
            <dt>Services proposés</dt>
            <dd>
              <ul>
                {services.map((service) => (
                  <li>{service}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {desk.demo ? <p class="field__hint">Guichet de démonstration : cette adresse est fictive.</p> : null}
    </li>
  );
}
