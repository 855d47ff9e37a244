import { Alert, Button, ErrorSummary, Form, PasswordInput, TextInput } from "../../ui/components.tsx";
import { LoginInput } from "../../core/accounts/identity-fields.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { ResetLinkProblem } from "./errors.ts";

const TITLE = "Récupérer mes informations de connexion";

const recoveryLabels = { email: "Adresse électronique", login: "Identifiant ou adresse électronique" };

/** Which form was just sent: the page then confirms it, in words that reveal nothing. */
export type RecoverySent = "identifier-reminder" | "password-reset" | null;

export function RecoveryPage({ ctx, values, errors, sent }: { ctx: PageContext; values: FormValues; errors: FieldErrors; sent: RecoverySent }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={[{ label: "Accueil", href: "/" }, { label: TITLE }]}>
      <div class="narrow">
        <h1>{TITLE}</h1>
        {sent === "identifier-reminder" ? (
          <Alert type="success" title="Demande enregistrée">
            <p>
              Si un compte correspond à votre saisie, un courriel vient de lui être envoyé avec votre identifiant. Pensez à
              regarder dans vos courriers indésirables.
            </p>
          </Alert>
        ) : null}
        {sent === "password-reset" ? (
          <Alert type="success" title="Demande enregistrée">
            <p>
              Si un compte correspond à votre saisie, un courriel vient de lui être envoyé. Suivez le lien qu'il contient pour
              choisir un nouveau mot de passe : il est valable 1 heure. Pensez à regarder dans vos courriers indésirables.
            </p>
          </Alert>
        ) : null}
        <ErrorSummary errors={errors} labels={recoveryLabels} />
        <section aria-labelledby="identifiant-oublie">
          <h2 id="identifiant-oublie">Identifiant oublié</h2>
          <p>Récupérez votre identifiant en indiquant ci-dessous votre adresse électronique, puis retrouvez-le dans le courriel qui vous sera transmis.</p>
          <p>
            Compte partenaire (identifiant LOG…) : passez par <a href="/identifiant-perdu">Identifiant perdu</a>, avec votre numéro
            utilisateur, pour le recevoir par courriel ou par courrier.
          </p>
          <Form action="/recuperer-mes-informations/identifiant" csrfToken={ctx.csrfToken}>
            <TextInput
              name="email"
              type="email"
              label="Adresse électronique"
              hint="Format attendu : nom@exemple.fr"
              value={values.email}
              error={errors.email}
              autocomplete="email"
              maxLength={254}
              spellcheck={false}
            />
            <Button>Valider</Button>
          </Form>
        </section>
        <section aria-labelledby="reinitialisation">
          <h2 id="reinitialisation">Réinitialisation du mot de passe</h2>
          <p>
            Réinitialisez votre mot de passe en indiquant ci-dessous votre identifiant ou votre adresse électronique, puis suivez les
            instructions fournies dans le courriel qui vous sera transmis.
          </p>
          <Form action="/recuperer-mes-informations/mot-de-passe" csrfToken={ctx.csrfToken}>
            <LoginInput value={values.login} error={errors.login} />
            <Button>Valider</Button>
          </Form>
        </section>
        <p>
          <a href="/connexion">Se connecter</a>
        </p>
      </div>
    </Layout>
  );
}

const resetLabels = { newPassword: "Nouveau mot de passe", newPasswordConfirmation: "Confirmation du nouveau mot de passe" };

export function ResetPasswordPage({ ctx, token, errors }: { ctx: PageContext; token: string; errors: FieldErrors }) {
  const title = "Choisissez un nouveau mot de passe";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Réinitialisation du mot de passe" }]}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>Tous les champs sont obligatoires. Une fois votre mot de passe changé, toutes les sessions ouvertes sur votre compte seront fermées.</p>
        <ErrorSummary errors={errors} labels={resetLabels} />
        <Form action="/reinitialiser-mon-mot-de-passe" csrfToken={ctx.csrfToken}>
          <input type="hidden" name="jeton" value={token} />
          <PasswordInput name="newPassword" label="Nouveau mot de passe" error={errors.newPassword} autocomplete="new-password" showRules />
          <PasswordInput name="newPasswordConfirmation" label="Confirmation du nouveau mot de passe" error={errors.newPasswordConfirmation} autocomplete="new-password" />
          <Button>Enregistrer mon nouveau mot de passe</Button>
        </Form>
      </div>
    </Layout>
  );
}

const resetLinkProblems: Record<ResetLinkProblem, { title: string; text: string }> = {
  expired: {
    title: "Ce lien de réinitialisation a expiré",
    text: "Les liens de réinitialisation du mot de passe sont valables 1 heure. Demandez un nouveau lien : il vous sera envoyé par courriel.",
  },
  used: {
    title: "Ce lien de réinitialisation a déjà été utilisé",
    text: "Un lien de réinitialisation ne sert qu'une fois. Si vous avez déjà choisi un nouveau mot de passe, connectez-vous avec lui ; sinon, demandez un nouveau lien.",
  },
  unknown: {
    title: "Ce lien de réinitialisation n'est pas valide",
    text: "Le lien est incomplet ou a été remplacé par un lien plus récent. Vérifiez que vous avez copié l'adresse entière, ou demandez un nouveau lien.",
  },
};

export function ResetLinkProblemPage({ ctx, problem }: { ctx: PageContext; problem: ResetLinkProblem }) {
  const { title, text } = resetLinkProblems[problem];
  return (
    <Layout ctx={ctx} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <ul class="link-list">
          <li>
            <a href="/recuperer-mes-informations">Demander un nouveau lien de réinitialisation</a>
          </li>
          <li>
            <a href="/connexion">Se connecter</a>
          </li>
        </ul>
      </div>
    </Layout>
  );
}
