import { Alert } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

/**
 * "Vérifiez votre messagerie", after any account creation (the form, the client number,
 * FranceConnect): the activation link went to `email`. `afterwards` says how to log in then.
 */
export function RegisteredPage({ ctx, email, afterwards }: { ctx: PageContext; email: string; afterwards?: string }) {
  return (
    <Layout ctx={ctx} title="Vérifiez votre messagerie">
      <div class="narrow">
        <h1>Vérifiez votre messagerie</h1>
        <Alert type="success" title="Votre demande de création de compte a bien été enregistrée">
          <p>
            Un courriel vient d'être envoyé à l'adresse <strong>{email}</strong>. Suivez le lien qu'il contient pour activer
            votre compte : il est valable 72 heures.{afterwards ? ` ${afterwards}` : ""}
          </p>
        </Alert>
        <p>Pensez à regarder dans vos courriers indésirables. Vous n'avez rien reçu après quelques minutes ?</p>
        <p>
          <a href="/activer-mon-compte/nouveau-lien">Recevoir un nouveau lien d'activation</a>
        </p>
      </div>
    </Layout>
  );
}
