import { ButtonLink } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

export function HomePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Accueil">
      <h1>Bienvenue sur {ctx.brand.name}</h1>
      <p class="lead">
        Votre espace personnel pour accéder aux services en ligne de {ctx.brand.organisation} : créez votre compte,
        déposez vos demandes et suivez-les jusqu'à leur terme.
      </p>
      {ctx.account ? (
        <ul class="button-group">
          <li><ButtonLink href="/tableau-de-bord">Tableau de bord</ButtonLink></li>
          <li><ButtonLink href="/mon-compte" variant="secondary">Accéder à mon compte</ButtonLink></li>
        </ul>
      ) : (
        <ul class="button-group">
          <li><ButtonLink href="/connexion">Se connecter</ButtonLink></li>
          <li><ButtonLink href="/creer-un-compte" variant="secondary">Créer un compte</ButtonLink></li>
        </ul>
      )}
    </Layout>
  );
}
