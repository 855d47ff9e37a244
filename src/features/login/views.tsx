import { Alert, Button, ErrorSummary, Form, PasswordInput } from "../../ui/components.tsx";
import { CaptchaField } from "../../ui/captcha.tsx";
import { FranceConnectButton } from "../../ui/franceconnect-button.tsx";
import { LoginInput } from "../../core/accounts/identity-fields.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

export interface LoginPageProps {
  values: FormValues;
  errors: FieldErrors;
  /** A refusal that is not about one field (wrong credentials, delay). */
  refusal?: string;
  captchaRequired: boolean;
}

export function LoginPage({ ctx, values, errors, refusal, captchaRequired }: LoginPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0 || refusal !== undefined;
  return (
    <Layout ctx={ctx} title="Se connecter" hasErrors={hasErrors} breadcrumb={[{ label: "Accueil", href: "/" }, { label: "Se connecter" }]}>
      <div class="narrow">
        <h1>Se connecter</h1>
        {refusal ? (
          <div class="error-summary" role="alert" tabindex={-1} data-error-summary>
            <p class="error-summary__title">{refusal}</p>
          </div>
        ) : null}
        <ErrorSummary errors={errors} labels={{ login: "Identifiant ou adresse électronique", password: "Mot de passe", altcha: "Vérification anti-robot" }} />
        <FranceConnectButton ctx={ctx} />
        <Form action="/connexion" csrfToken={ctx.csrfToken}>
          {values.retour ? <input type="hidden" name="retour" value={values.retour} /> : null}
          <LoginInput value={values.login} error={errors.login} />
          <PasswordInput name="password" label="Mot de passe" error={errors.password} autocomplete="current-password" />
          {captchaRequired ? <CaptchaField ctx={ctx} error={errors.altcha} /> : null}
          <Button>Se connecter</Button>
        </Form>
        <ul class="link-list">
          <li><a href="/recuperer-mes-informations">Récupérer mes informations de connexion</a></li>
          <li><a href="/identifiant-perdu">Identifiant perdu (compte partenaire, identifiant LOG…)</a></li>
          <li><a href="/creer-un-compte">Créer un compte</a></li>
        </ul>
      </div>
    </Layout>
  );
}

export function NotActivatedPage({ ctx, login }: { ctx: PageContext; login: string }) {
  return (
    <Layout ctx={ctx} title="Votre compte n'est pas encore activé">
      <div class="narrow">
        <h1>Votre compte n'est pas encore activé</h1>
        <Alert type="warning">
          <p>
            Pour l'activer, suivez le lien du courriel reçu lors de la création de votre compte. Ce lien est valable 72 heures.
          </p>
        </Alert>
        <p>Vous ne le trouvez plus, ou il a expiré ? Recevez un nouveau lien :</p>
        <Form action="/activer-mon-compte/nouveau-lien" csrfToken={ctx.csrfToken}>
          <LoginInput value={login} />
          <Button>Recevoir un nouveau lien d'activation</Button>
        </Form>
      </div>
    </Layout>
  );
}
