import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { Alert, Button, ButtonLink, ErrorSummary, Form, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { CODE_LENGTH } from "../../core/organisations/activation-code.ts";
import { CLAIM_CODE_MAX_ATTEMPTS, CLAIM_CODE_VALIDITY_MINUTES, MAX_CODES_PER_REQUEST } from "./policies.ts";

export const claimPaths = {
  number: "/demandes/rattacher",
  code: "/demandes/rattacher/code",
  codeOf: (number: string) => `/demandes/rattacher/code?numero=${encodeURIComponent(number)}`,
  myRequests: "/demandes",
};

const TITLE = "Rattacher une demande existante";
const crumbs = (current: string) => [
  { label: "Accueil", href: "/" },
  { label: "Mes demandes", href: claimPaths.myRequests },
  { label: current },
];

/** Said whatever the number names: nothing on this page tells whether a request exists. */
export const CODE_SENT = "Si ce numéro correspond à une demande que vous pouvez rattacher, un code vient d'être envoyé à l'adresse électronique indiquée dans cette demande.";
/** Said for every wrong, used, replaced, expired or exhausted code alike. */
export const CODE_REFUSED = `Ce code n'est pas valable. Recopiez celui du dernier courriel reçu : un code ne sert qu'une fois, pendant ${CLAIM_CODE_VALIDITY_MINUTES} minutes, et ne fonctionne plus après ${CLAIM_CODE_MAX_ATTEMPTS} essais erronés. Vous pouvez demander un nouveau code ci-dessous.`;

/** "Autre demande à rattacher": the number of a request already filed. */
export function ClaimNumberPage({ ctx, values = {}, errors = {} }: { ctx: PageContext; values?: FormValues; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs(TITLE)}>
      <h1>{TITLE}</h1>
      <ErrorSummary errors={errors} labels={{ numero: "Numéro unique d'enregistrement" }} />
      <p class="lead">Pour accéder à une demande déjà transmise, saisissez son numéro : elle sera ajoutée à « Mes demandes ».</p>
      <p>
        La demande a pu être déposée depuis un autre compte, à un guichet ou sur un ancien site. Pour vérifier qu'elle est bien la vôtre, nous envoyons
        un code à l'adresse électronique indiquée dans la demande : vous le saisirez à l'étape suivante.
      </p>
      <Form action={claimPaths.number} csrfToken={ctx.csrfToken}>
        <TextInput
          name="numero"
          label="Numéro unique d'enregistrement (18 caractères)"
          hint="Tel qu'il figure sur le récépissé de dépôt, par exemple LSK 7MR XBP THN C4W DSP. Les espaces et les tirets sont acceptés."
          value={values.numero}
          error={errors.numero}
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
        />
        <div class="button-group">
          <Button>Recevoir le code</Button>
          <ButtonLink href={claimPaths.myRequests} variant="secondary">Retour à mes demandes</ButtonLink>
        </div>
      </Form>
    </Layout>
  );
}

/** The code mailed to the request's address; the number travels in the page. */
export function ClaimCodePage({ ctx, number, values = {}, errors = {} }: { ctx: PageContext; number: string; values?: FormValues; errors?: FieldErrors }) {
  const title = "Saisir le code reçu par courriel";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs(TITLE)}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={{ code: "Code reçu par courriel" }} />
      <Alert type="info">
        <p>{CODE_SENT}</p>
      </Alert>
      <p>
        Demande n° <span class="request-number">{formatRequestNumber(number)}</span>
      </p>
      <Form action={claimPaths.code} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="numero" value={number} />
        <TextInput
          name="code"
          label="Code reçu par courriel"
          hint={`${CODE_LENGTH} lettres et chiffres (les espaces sont acceptés). Le code est valable ${CLAIM_CODE_VALIDITY_MINUTES} minutes.`}
          value={values.code}
          error={errors.code}
          autocomplete="one-time-code"
          spellcheck={false}
          maxLength={20}
        />
        <Button>Rattacher la demande</Button>
      </Form>
      <section aria-labelledby="pas-de-code">
        <h2 id="pas-de-code">Vous n'avez pas reçu de code ?</h2>
        <p>
          Le code est envoyé à l'adresse électronique indiquée dans la demande, qui n'est pas forcément celle de votre compte. Pensez à regarder dans
          les courriers indésirables. Aucun code n'est envoyé pour une demande qui figure déjà dans « Mes demandes », ni au-delà de{" "}
          {MAX_CODES_PER_REQUEST} codes par jour pour une même demande.
        </p>
        <Form action={claimPaths.number} csrfToken={ctx.csrfToken}>
          <input type="hidden" name="numero" value={number} />
          <div class="button-group">
            <Button variant="secondary">Recevoir un nouveau code</Button>
            <ButtonLink href={claimPaths.number} variant="secondary">Saisir un autre numéro</ButtonLink>
          </div>
        </Form>
      </section>
    </Layout>
  );
}
