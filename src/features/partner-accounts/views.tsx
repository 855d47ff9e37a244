import { Alert, Button, ErrorSummary, Form, Radios, TextInput } from "../../ui/components.tsx";
import { CaptchaField } from "../../ui/captcha.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { LostIdentifierChannel } from "./send-lost-identifier.ts";

const TITLE = "Identifiant perdu";
const crumbs = [{ label: "Accueil", href: "/" }, { label: "Se connecter", href: "/connexion" }, { label: TITLE }];
const labels = { numero: "Numéro utilisateur", canal: "Recevoir mon identifiant", altcha: "Vérification anti-robot" };

/** Seed 004's words: what to do when the first password came by post, and what a new letter does. */
function PostWarning() {
  return (
    <Alert type="warning" title="Vous attendez le courrier de votre premier mot de passe ?">
      <p>
        Patientez jusqu'à sa réception. Si vous n'avez pas encore choisi votre mot de passe, une demande par courrier génère un
        nouveau mot de passe provisoire, envoyé avec votre identifiant : <strong>le mot de passe de tout courrier précédent ne
        fonctionnera plus</strong>, même s'il vous parvient après.
      </p>
    </Alert>
  );
}

/** "Identifiant perdu" of partner accounts: the user number, the way to receive it, the captcha. */
export function LostIdentifierPage({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={crumbs}>
      <div class="narrow">
        <h1>{TITLE}</h1>
        <p class="lead">
          Pour les comptes partenaires, dont l'identifiant commence par LOG : renseignez votre numéro utilisateur et le code de
          vérification, votre identifiant de connexion vous est ensuite renvoyé par courriel ou par courrier.
        </p>
        <ErrorSummary errors={errors} labels={labels} />
        <Form action="/identifiant-perdu" csrfToken={ctx.csrfToken}>
          <TextInput
            name="numero"
            label="Numéro utilisateur"
            hint="Vous le retrouverez sur les courriers ou sur les courriels envoyés par votre organisme."
            value={values.numero}
            error={errors.numero}
            autocomplete="off"
            maxLength={40}
            spellcheck={false}
          />
          <Radios
            name="canal"
            legend="Recevoir mon identifiant"
            options={[
              { value: "courriel", label: "Par courriel, à l'adresse électronique de mon compte" },
              { value: "courrier", label: "Par courrier, à l'adresse postale connue de votre organisme" },
            ]}
            value={values.canal ?? "courriel"}
            error={errors.canal}
          />
          <PostWarning />
          <CaptchaField ctx={ctx} error={errors.altcha} />
          <Button>Valider</Button>
        </Form>
        <ul class="link-list">
          <li><a href="/recuperer-mes-informations">Mot de passe perdu</a></li>
          <li><a href="/connexion">Se connecter</a></li>
        </ul>
      </div>
    </Layout>
  );
}

/** The same words whether or not the number has an account. */
export function LostIdentifierSentPage({ ctx, channel }: { ctx: PageContext; channel: LostIdentifierChannel }) {
  return (
    <Layout ctx={ctx} title="Demande enregistrée" breadcrumb={crumbs}>
      <div class="narrow">
        <h1>Demande enregistrée</h1>
        {channel === "mail" ? (
          <Alert type="success">
            <p>
              Si un compte partenaire correspond à ce numéro utilisateur, un courriel vient d'être envoyé à son adresse électronique
              avec l'identifiant. Pensez à regarder dans vos courriers indésirables.
            </p>
          </Alert>
        ) : (
          <>
            <Alert type="success">
              <p>
                Si un compte partenaire correspond à ce numéro utilisateur, un courrier sera envoyé à l'adresse postale connue de
                votre organisme, avec l'identifiant.
              </p>
            </Alert>
            <Alert type="warning" title="Un nouveau mot de passe provisoire, s'il n'a pas encore été choisi">
              <p>
                Si vous n'avez pas encore choisi votre mot de passe, ce courrier contient aussi un nouveau mot de passe provisoire,
                valable 30 jours. <strong>Le mot de passe d'un courrier précédent ne fonctionne plus</strong> : attendez ce nouveau
                courrier et utilisez le mot de passe qu'il contient.
              </p>
            </Alert>
          </>
        )}
        <p>
          <a href="/connexion">Se connecter</a>
        </p>
      </div>
    </Layout>
  );
}
