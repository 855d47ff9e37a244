import { Alert, Button, Checkbox, EmailInput, ErrorSummary, Form, PasswordInput, TextInput } from "../../ui/components.tsx";
import { CaptchaField } from "../../ui/captcha.tsx";
import { FranceConnectButton } from "../../ui/franceconnect-button.tsx";
import { IdentityFields, LoginInput } from "../../core/accounts/identity-fields.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { ActivationResult } from "./activate-account.ts";

export const registrationLabels: Record<string, string> = {
  identifier: "Identifiant",
  password: "Mot de passe",
  passwordConfirmation: "Confirmation du mot de passe",
  civility: "Civilité",
  lastName: "Nom",
  firstName: "Prénom",
  email: "Adresse électronique",
  emailConfirmation: "Confirmation de l'adresse électronique",
  terms: "Conditions générales d'utilisation",
  altcha: "Vérification anti-robot",
};

export function RegisterPage({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Créer un compte" hasErrors={Object.keys(errors).length > 0} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Créer un compte" }]}>
      <div class="narrow">
        <h1>Créer un compte</h1>
        <FranceConnectButton ctx={ctx} />
        <p>Tous les champs sont obligatoires.</p>
        <ErrorSummary errors={errors} labels={registrationLabels} />
        <Form action="/creer-un-compte" csrfToken={ctx.csrfToken}>
          <RegistrationFields values={values} errors={errors} withPassword />
          <CaptchaField ctx={ctx} error={errors.altcha} />
          <Button>Créer mon compte</Button>
        </Form>
        <p>
          Vous avez déjà un compte ? <a href="/connexion">Se connecter</a>
        </p>
        <p>
          Vous agissez pour un organisme client de {ctx.brand.organisation} ? <a href="/creer-un-compte/numero-client">Créer mon compte avec mon numéro client</a>
        </p>
      </div>
    </Layout>
  );
}

const activationProblems: Record<Exclude<ActivationResult, "activated">, { title: string; text: string }> = {
  expired: {
    title: "Ce lien d'activation a expiré",
    text: "Les liens d'activation sont valables 72 heures. Demandez un nouveau lien ci-dessous : il vous sera envoyé par courriel.",
  },
  used: {
    title: "Ce lien d'activation a déjà été utilisé",
    text: "Votre compte est sans doute déjà activé : essayez de vous connecter. Sinon, demandez un nouveau lien ci-dessous.",
  },
  unknown: {
    title: "Ce lien d'activation n'est pas valide",
    text: "Le lien est incomplet ou a été remplacé par un lien plus récent. Vérifiez que vous avez copié l'adresse entière, ou demandez un nouveau lien ci-dessous.",
  },
};

export function ActivationProblemPage({ ctx, result }: { ctx: PageContext; result: Exclude<ActivationResult, "activated"> }) {
  const problem = activationProblems[result];
  return (
    <Layout ctx={ctx} title={problem.title}>
      <div class="narrow">
        <h1>{problem.title}</h1>
        <p>{problem.text}</p>
        <ResendForm ctx={ctx} values={{}} errors={{}} />
        <p>
          <a href="/connexion">Se connecter</a>
        </p>
      </div>
    </Layout>
  );
}

export function ResendActivationPage({ ctx, values, errors, sent }: { ctx: PageContext; values: FormValues; errors: FieldErrors; sent: boolean }) {
  return (
    <Layout
      ctx={ctx}
      title="Recevoir un nouveau lien d'activation"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Recevoir un nouveau lien d'activation" }]}
    >
      <div class="narrow">
        <h1>Recevoir un nouveau lien d'activation</h1>
        {sent ? (
          <Alert type="success" title="Demande enregistrée">
            <p>
              Si un compte en attente d'activation correspond à votre saisie, un nouveau lien d'activation, valable 72 heures,
              vient d'être envoyé à son adresse électronique. Les liens précédents ne fonctionnent plus.
            </p>
          </Alert>
        ) : (
          <>
            <ErrorSummary errors={errors} labels={{ login: "Identifiant ou adresse électronique" }} />
            <ResendForm ctx={ctx} values={values} errors={errors} />
          </>
        )}
      </div>
    </Layout>
  );
}

function ResendForm({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FieldErrors }) {
  return (
    <Form action="/activer-mon-compte/nouveau-lien" csrfToken={ctx.csrfToken}>
      <LoginInput value={values.login} error={errors.login} />
      <Button>Recevoir un nouveau lien</Button>
    </Form>
  );
}

export function TermsPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Conditions générales d'utilisation" breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Conditions générales d'utilisation" }]}>
      <div class="narrow">
        <h1>Conditions générales d'utilisation</h1>
        <h2>Objet</h2>
        <p>
          {ctx.brand.name} est le portail de services en ligne de {ctx.brand.organisation}. Il vous permet de créer un compte,
          de déposer des demandes et de les suivre.
        </p>
        <h2>Votre compte</h2>
        <p>
          Votre compte est personnel. Vous vous engagez à fournir des informations exactes, à garder votre mot de passe secret et
          à nous signaler sans délai toute utilisation que vous n'auriez pas faite. Vous pouvez à tout moment télécharger vos
          données ou supprimer votre compte depuis la page « Mon compte ».
        </p>
        <h2>Sécurité</h2>
        <p>
          Votre mot de passe est conservé sous une forme qui ne permet pas de le retrouver. Votre session se ferme après 30
          minutes d'inactivité et au plus tard 12 heures après la connexion. Les événements de sécurité de votre compte sont
          enregistrés.
        </p>
        <h2>Données personnelles</h2>
        <p>
          Le traitement de vos données est décrit sur la page <a href="/donnees-personnelles">Données personnelles</a>.
        </p>
      </div>
    </Layout>
  );
}

/**
 * The fields of "Créer un compte": identifier, password (unless it comes by post), identity,
 * address, terms. Shared by the registration by client number (seed 002).
 */
export function RegistrationFields({ values, errors, withPassword }: { values: FormValues; errors: FieldErrors; withPassword: boolean }) {
  return (
    <>
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Vos informations de connexion</legend>
        <TextInput
          name="identifier"
          label="Identifiant"
          hint="De 3 à 64 caractères : lettres sans accent, chiffres, point, tiret ou tiret bas. Il vous servira à vous connecter."
          value={values.identifier}
          error={errors.identifier}
          autocomplete="username"
          maxLength={64}
          spellcheck={false}
        />
        {withPassword ? (
          <>
            <PasswordInput name="password" label="Mot de passe" error={errors.password} autocomplete="new-password" showRules />
            <PasswordInput name="passwordConfirmation" label="Confirmation du mot de passe" error={errors.passwordConfirmation} autocomplete="new-password" />
          </>
        ) : null}
      </fieldset>
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Votre identité</legend>
        <IdentityFields values={values} errors={errors} />
      </fieldset>
      <fieldset class="fieldset">
        <legend class="fieldset__legend fieldset__legend--large">Vos coordonnées</legend>
        <EmailInput
          name="email"
          label="Adresse électronique"
          hint={`Format attendu : nom@exemple.fr. ${withPassword ? "Le lien d'activation de votre compte y sera envoyé." : "Les courriels du portail vous y seront envoyés."}`}
          value={values.email}
          error={errors.email}
        />
        <EmailInput
          name="emailConfirmation"
          label="Confirmation de l'adresse électronique"
          value={values.emailConfirmation}
          error={errors.emailConfirmation}
        />
      </fieldset>
      <Checkbox
        name="terms"
        checked={values.terms === "oui"}
        error={errors.terms}
        label={
          <>
            J'ai lu et j'accepte les <a href="/conditions-generales-d-utilisation">conditions générales d'utilisation</a>
          </>
        }
      />
    </>
  );
}
