import { Alert, Button, ButtonLink, DataTable, ErrorSummary, Form, Radios, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { formatEuros } from "../../platform/french/amount.ts";
import { FINANCING_SHORT_LABELS, FINANCINGS } from "../../core/housing/ceilings.ts";
import { ZONE_LABELS } from "../../core/housing/zone.ts";
import type { EligibilityAnswer } from "./check-eligibility.ts";
import { ELIGIBILITY_PATH, FILE_REQUEST_PATH, OFFERS_PATH } from "./paths.ts";

const TITLE = "Suis-je éligible à un logement social ?";
const yesNo = [
  { value: "oui", label: "Oui" },
  { value: "non", label: "Non" },
];
const labels: Record<string, string> = {
  personnes: "Nombre de personnes",
  couple: "Couple",
  jeune_menage: "Jeune ménage",
  personnes_a_charge: "Personnes à charge",
  handicap: "Handicap",
  commune: "Commune",
  revenu: "Revenu fiscal de référence",
};

export interface EligibilityPageProps {
  /** The current year: the income asked is of year N-2. */
  year: number;
  values?: FormValues;
  errors?: FieldErrors;
  answer?: EligibilityAnswer;
  /** No ceilings are loaded: the test cannot answer yet. */
  unavailable?: boolean;
}

/** The eligibility test: the form, and after a POST the answer above it. Nothing is stored. */
export function EligibilityPage({ ctx, year, values = {}, errors = {}, answer, unavailable }: EligibilityPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout ctx={ctx} title={answer ? `${TITLE} : résultat` : TITLE} hasErrors={hasErrors} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Suis-je éligible ?" }]}>
      <h1>{TITLE}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      {unavailable ? (
        <Alert type="warning" title="Le test n'est pas disponible">
          <p>Les plafonds de ressources n'ont pas encore été chargés sur ce portail. Réessayez plus tard.</p>
        </Alert>
      ) : null}
      {answer ? <Answer answer={answer} /> : null}
      {answer ? <h2>Refaire le test</h2> : null}
      <p class="lead">
        L'accès à un logement social dépend des revenus du foyer, de sa composition et de la commune où vous cherchez. Ce test compare vos
        revenus aux plafonds de ressources en vigueur. Il ne demande pas de compte et <strong>n'enregistre aucune de vos réponses</strong>.
      </p>
      <Form action={ELIGIBILITY_PATH} csrfToken={ctx.csrfToken} class="housing-form">
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Votre foyer</legend>
          <TextInput
            name="personnes"
            label="Nombre de personnes qui vivront dans le logement"
            hint="Vous compris, de 1 à 20."
            inputmode="numeric"
            maxLength={2}
            value={values.personnes}
            error={errors.personnes}
          />
          <Radios name="couple" legend="Le foyer comprend-il un couple (mariés, pacsés ou en concubinage) ?" options={yesNo} value={values.couple} error={errors.couple} inline />
          <Radios
            name="jeune_menage"
            legend="Si oui : la somme des âges des deux membres du couple est-elle de 55 ans au plus ?"
            hint="Un « jeune ménage » sans personne à charge bénéficie de plafonds plus élevés. Laissez vide si le foyer ne comprend pas de couple."
            options={yesNo}
            value={values.jeune_menage}
            error={errors.jeune_menage}
            inline
          />
          <TextInput
            name="personnes_a_charge"
            label="Nombre de personnes à charge"
            hint="Enfants et autres personnes à charge au sens fiscal ; 0 si aucune."
            inputmode="numeric"
            maxLength={2}
            value={values.personnes_a_charge ?? ""}
            error={errors.personnes_a_charge}
          />
          <Radios
            name="handicap"
            legend="Une personne du foyer est-elle en situation de handicap ?"
            hint="Titulaire de la carte mobilité inclusion mention « invalidité » (ou de la carte d'invalidité)."
            options={yesNo}
            value={values.handicap}
            error={errors.handicap}
            inline
          />
        </fieldset>
        <TextInput
          name="commune"
          label="Commune où vous cherchez un logement"
          hint="Son nom ou son code postal, par exemple « Montreuil (93) » ou 93100."
          maxLength={100}
          autocomplete="off"
          value={values.commune}
          error={errors.commune}
        />
        <TextInput
          name="revenu"
          label={`Revenu fiscal de référence ${year - 2} du foyer, en euros`}
          hint={`Il figure sur l'avis d'impôt ${year - 1} sur les revenus de ${year - 2}. Si plusieurs personnes du foyer ont leur propre avis, additionnez leurs revenus fiscaux de référence. Par exemple 18 540 ou 18 540,50.`}
          inputmode="decimal"
          maxLength={40}
          value={values.revenu}
          error={errors.revenu}
        />
        <Button variant="primary">Vérifier mon éligibilité</Button>
      </Form>
    </Layout>
  );
}

const OUTCOMES = {
  PLAI: {
    type: "success",
    title: "Vos revenus permettent d'accéder à tous les logements sociaux",
    text: "Vos revenus ne dépassent pas le plafond PLAI : vous pouvez prétendre aux logements très sociaux (PLAI), aux logements sociaux ordinaires (PLUS) et aux logements intermédiaires (PLS).",
  },
  PLUS: {
    type: "success",
    title: "Vos revenus permettent d'accéder à la plupart des logements sociaux",
    text: "Vos revenus dépassent le plafond PLAI mais pas le plafond PLUS : vous pouvez prétendre aux logements sociaux ordinaires (PLUS) et intermédiaires (PLS), pas aux logements très sociaux (PLAI).",
  },
  PLS: {
    type: "info",
    title: "Vos revenus permettent d'accéder aux logements intermédiaires",
    text: "Vos revenus dépassent le plafond PLUS mais pas le plafond PLS : vous pouvez prétendre aux logements intermédiaires (PLS) seulement.",
  },
  above: {
    type: "warning",
    title: "Vos revenus dépassent les plafonds",
    text: "Vos revenus dépassent le plafond PLS. Vous pouvez tout de même déposer une demande, mais il est peu probable qu'un logement social vous soit attribué.",
  },
} as const;

function Answer({ answer }: { answer: EligibilityAnswer }) {
  const outcome = OUTCOMES[answer.eligibility.outcome];
  const { household, table } = answer;
  return (
    <section aria-labelledby="resultat" class="housing-answer">
      <div class={`alert alert--${outcome.type}`} role="status">
        <h2 id="resultat" class="alert__title">{outcome.title}</h2>
        <p>{outcome.text}</p>
      </div>
      <h3>Pourquoi ce résultat</h3>
      <ul>
        <li>
          <strong>Catégorie de ménage {household.category}</strong>
          {household.additionalPersons > 0 ? ` et ${household.additionalPersons} personne${household.additionalPersons > 1 ? "s" : ""} supplémentaire${household.additionalPersons > 1 ? "s" : ""}` : ""} : {household.reason}
        </li>
        <li>
          <strong>Zone « {ZONE_LABELS[answer.zone]} »</strong> : {answer.zoneReason}
        </li>
        <li>
          <strong>Plafonds de l'année {table.year}</strong>, qui s'appliquent aux revenus de {table.year - 2}.
          {table.demo ? <strong class="demo-mark"> Chiffres de démonstration : ils ne sont pas les plafonds officiels.</strong> : null}
        </li>
      </ul>
      <DataTable
        id="plafonds"
        caption={
          <>
            Vos revenus ({formatEuros(answer.incomeCents)}) comparés aux plafonds {table.year}, catégorie {household.category}, {ZONE_LABELS[answer.zone]}
            {table.demo ? " (chiffres de démonstration)" : ""}
          </>
        }
        rows={FINANCINGS}
        columns={[
          { header: "Logement", rowHeader: true, cell: (financing) => FINANCING_SHORT_LABELS[financing] },
          { header: "Plafond", kind: "number", cell: (financing) => formatEuros(answer.eligibility.ceilings[financing] * 100) },
          { header: "Vos revenus", cell: (financing) => (answer.incomeCents <= answer.eligibility.ceilings[financing] * 100 ? "sous le plafond" : "au-dessus") },
        ]}
      />
      <p>Ce test donne une indication : l'organisme qui instruira votre demande vérifiera vos revenus sur vos avis d'impôt.</p>
      <p class="button-group">
        <ButtonLink href={FILE_REQUEST_PATH}>Déposer une demande</ButtonLink>
        <ButtonLink href={`${OFFERS_PATH}?commune=${encodeURIComponent(answer.commune.code)}`} variant="secondary">
          Voir les logements sociaux à {answer.commune.name}
        </ButtonLink>
      </p>
    </section>
  );
}
