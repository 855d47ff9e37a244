import type { Child } from "hono/jsx";
import type { PageContext } from "./context.ts";

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title; the portal's name is appended, and "Erreur : " prefixed when errors are shown. */
  title: string;
  hasErrors?: boolean;
  breadcrumb?: { label: string; href?: string }[];
  children?: Child;
}

/** The page frame: skip links, header with the portal's brand and account links, main, footer. */
export function Layout({ ctx, title, hasErrors, breadcrumb, children }: LayoutProps) {
  const fullTitle = `${hasErrors ? "Erreur : " : ""}${title} - ${ctx.brand.name}`;
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="icon" href="/static/logo.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/guichet.css" />
        <link rel="stylesheet" href="/theme.css" />
        <script type="module" src="/static/build/enhance.js"></script>
      </head>
      <body>
        <nav class="skiplinks" aria-label="Accès rapide">
          <ul>
            <li><a href="#contenu">Aller au contenu</a></li>
            <li><a href="#navigation-compte">Aller au menu du compte</a></li>
            <li><a href="#pied-de-page">Aller au pied de page</a></li>
          </ul>
        </nav>
        <Header ctx={ctx} />
        <main id="contenu" tabindex={-1} class="container">
          {breadcrumb && breadcrumb.length > 0 ? <Breadcrumb items={breadcrumb} /> : null}
          {ctx.flash ? (
            <div class="alert alert--success" role="status">
              <p>{ctx.flash}</p>
            </div>
          ) : null}
          {children}
        </main>
        <Footer ctx={ctx} />
      </body>
    </html>
  );
}

function Header({ ctx }: { ctx: PageContext }) {
  return (
    <header class="header" role="banner">
      <div class="container header__body">
        <a class="header__brand" href="/" title={`Accueil - ${ctx.brand.name}`}>
          <img class="header__logo" src={ctx.brand.logoUrl} alt="" width="56" height="56" />
          <span>
            <span class="header__name">{ctx.brand.name}</span>
            <span class="header__organisation">{ctx.brand.organisation}</span>
          </span>
        </a>
        <nav id="navigation-compte" class="header__links" aria-label="Menu du compte">
          <ul>
            {ctx.account ? (
              <>
                {ctx.account.role === "agent" ? (
                  <li>
                    <a href="/instruction" aria-current={ctx.path.startsWith("/instruction") ? "page" : undefined}>
                      Instruction
                    </a>
                  </li>
                ) : null}
                {ctx.account.role === "platform_admin" ? (
                  <li>
                    <a href="/administration" aria-current={ctx.path.startsWith("/administration") ? "page" : undefined}>
                      Administration
                    </a>
                  </li>
                ) : null}
                <li>
                  <a href="/tableau-de-bord" aria-current={ctx.path === "/tableau-de-bord" ? "page" : undefined}>
                    Tableau de bord
                  </a>
                </li>
                <li>
                  {ctx.organisation ? (
                    <a href={`/structures/${ctx.organisation.id}`} aria-current={ctx.path.startsWith("/structures/") ? "page" : undefined}>
                      <span class="visually-hidden">Ma structure : </span>
                      {ctx.organisation.name}
                    </a>
                  ) : (
                    <a href="/structures/ajouter" aria-current={ctx.path === "/structures/ajouter" ? "page" : undefined}>
                      Ajouter une structure
                    </a>
                  )}
                </li>
                <li>
                  <a href="/mon-compte" aria-current={ctx.path.startsWith("/mon-compte") ? "page" : undefined}>
                    Mon compte ({ctx.account.firstName} {ctx.account.lastName})
                  </a>
                </li>
                <li>
                  <form method="post" action="/deconnexion" class="inline-form">
                    <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                    <button type="submit" class="link-button">Se déconnecter</button>
                  </form>
                </li>
              </>
            ) : (
              <>
                <li><a href="/connexion" aria-current={ctx.path === "/connexion" ? "page" : undefined}>Se connecter</a></li>
                <li><a href="/creer-un-compte" aria-current={ctx.path === "/creer-un-compte" ? "page" : undefined}>Créer un compte</a></li>
              </>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Footer({ ctx }: { ctx: PageContext }) {
  return (
    <footer id="pied-de-page" class="footer" role="contentinfo" tabindex={-1}>
      <div class="container">
        <p class="footer__brand">{ctx.brand.name} — {ctx.brand.organisation}</p>
        <ul class="footer__links">
          <li><a href="/accessibilite">Accessibilité : non conforme</a></li>
          <li><a href="/mentions-legales">Mentions légales</a></li>
          <li><a href="/donnees-personnelles">Données personnelles</a></li>
          <li><a href="/contact">Contact</a></li>
          {ctx.showDevelopmentLinks ? <li><a href="/dev/courriels">Boîte aux lettres de développement</a></li> : null}
        </ul>
        <p class="footer__powered">Propulsé par Guichet, logiciel libre.</p>
      </div>
    </footer>
  );
}

export function Breadcrumb({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav class="breadcrumb" aria-label="Vous êtes ici :">
      <ol>
        {items.map((item, index) =>
          index === items.length - 1 || !item.href ? (
            <li><span aria-current="page">{item.label}</span></li>
          ) : (
            <li><a href={item.href}>{item.label}</a></li>
          ),
        )}
      </ol>
    </nav>
  );
}
