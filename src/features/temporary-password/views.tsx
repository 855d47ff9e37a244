import { Alert, Button, ErrorSummary, Form, PasswordInput } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

const labels = { newPassword: "Nouveau mot de passe", newPasswordConfirmation: "Confirmation du nouveau mot de passe" };

/** `postal`: the temporary password came by post (partner accounts, 30 days), not from an operator (24 hours). */
export function ChoosePasswordPage({ ctx, errors, postal = false }: { ctx: PageContext; errors: FieldErrors; postal?: boolean }) {
  const title = "Choisissez votre mot de passe";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0}>
      <div class="narrow">
        <h1>{title}</h1>
        <Alert type="info">
          {postal ? (
            <p>
              Vous vous êtes connecté avec le mot de passe provisoire reçu par courrier. Il doit être remplacé maintenant :
              choisissez votre propre mot de passe pour accéder à votre espace.
            </p>
          ) : (
            <p>
              Vous vous êtes connecté avec un mot de passe temporaire. Il n'est valable que 24 heures et doit être remplacé
              maintenant : choisissez votre propre mot de passe pour accéder à votre espace.
            </p>
          )}
        </Alert>
        <p>Tous les champs sont obligatoires.</p>
        <ErrorSummary errors={errors} labels={labels} />
        <Form action="/mot-de-passe-temporaire" csrfToken={ctx.csrfToken}>
          <PasswordInput name="newPassword" label="Nouveau mot de passe" error={errors.newPassword} autocomplete="new-password" showRules />
          <PasswordInput name="newPasswordConfirmation" label="Confirmation du nouveau mot de passe" error={errors.newPasswordConfirmation} autocomplete="new-password" />
          <Button>Enregistrer mon mot de passe</Button>
        </Form>
      </div>
    </Layout>
  );
}
