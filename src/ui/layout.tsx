import type { Child } from "hono/jsx";
import { auditFigures, complianceLabel } from "./accessibility/audit.ts";
import type { PageContext } from "./context.ts";

// The audit is a file of the repository: its status is computed once.
const accessibilityStatus = complianceLabel(auditFigures().level);

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title; the portal's name is appended, and "Erreur : " prefixed when errors are shown. */
  title: string;
  hasErrors?: boolean;
  breadcrumb?: { label: string; href?: string }[];
  children?: Child;
}

/** The page frame: skip links, header with the portal's brand, public menu and account links, main, footer with the help channels. */
export function Layout({ ctx, title, hasErrors, breadcrumb, children }: LayoutProps) {
  const wide = isWidePath(ctx.path);
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
            {ctx.publicMenu && ctx.publicMenu.length > 0 ? <li><a href="#navigation-principale">Aller au menu</a></li> : null}
            <li><a href="#navigation-compte">Aller au menu du compte</a></li>
            <li><a href="#pied-de-page">Aller au pied de page</a></li>
          </ul>
        </nav>
        <Header ctx={ctx} />
        <main id="contenu" tabindex={-1} class={wide ? "container container--wide" : "container"}>
          {breadcrumb && breadcrumb.length > 0 ? <Breadcrumb items={breadcrumb} /> : null}
          {ctx.flash ? (
            <div class="alert alert--success" role="status">
              <p>{ctx.flash}</p>
            </div>
          ) : null}
          {children}
        </main>
        <Footer ctx={ctx} wide={wide} />
      </body>
    </html>
  );
}

/**
 * Pages of the back-office (case workers, support agents, platform administrators, and the
 * development tools) get the wide container: their tables need the room. Decided here, from the
 * address, so feature views stay untouched; forms inside them keep their `.narrow` reading width.
 */
export const WIDE_PATH_PREFIXES = ["/instruction", "/administration", "/support", "/dev"] as const;

/** Whether a page's path (no query string) is under one of the wide prefixes. */
export function isWidePath(path: string): boolean {
  return WIDE_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The header: brand, then the account links and the public menu. Below 62em both menus sit behind
 * one "Menu" disclosure (a `<details>`, so it opens without JavaScript; menu.ts adds Escape and
 * opens it at desktop widths); at desktop widths the CSS shows them always and hides the button.
 */
function Header({ ctx }: { ctx: PageContext }) {
  const hasPublicMenu = ctx.publicMenu !== undefined && ctx.publicMenu.length > 0;
  return (
    <header class="header" role="banner">
      <div class="container container--wide header__body">
        <a class="header__brand" href="/" title={`Accueil - ${ctx.brand.name}`}>
          <img class="header__logo" src={ctx.brand.logoUrl} alt="" width="56" height="56" />
          <span class="header__titles">
            <span class="header__name">{ctx.brand.name}</span>
            <span class="header__organisation">{ctx.brand.organisation}</span>
          </span>
        </a>
        <details class="header__disclosure" data-menu="">
          <summary class="header__toggle">Menu</summary>
          <AccountLinks ctx={ctx} />
          {hasPublicMenu ? (
            <nav id="navigation-principale" class="header__menu" aria-label="Menu principal">
              <ul>
                {ctx.publicMenu?.map((entry) => (
                  <li>
                    <a href={entry.href} aria-current={ctx.path === entry.href || ctx.path.startsWith(`${entry.href}/`) ? "page" : undefined}>
                      {entry.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </details>
      </div>
    </header>
  );
}

/**
 * The account's links. At 1,280 px they fit one line for every role: the organisation's name and
 * "Mon compte (Prénom Nom)" are cut with an ellipsis when long (their full text is still the
 * links' accessible names). Pages not served by Guichet's routes (the OpenID provider's) have no
 * CSRF token: they show no "Se déconnecter" form, which could not be accepted.
 */
function AccountLinks({ ctx }: { ctx: PageContext }) {
  const current = (test: boolean) => (test ? "page" : undefined);
  return (
    <nav id="navigation-compte" class="header__links" aria-label="Menu du compte">
      <ul>
        {ctx.account ? (
          <>
            {ctx.account.role === "agent" ? (
              <li>
                <a href="/instruction" aria-current={current(ctx.path.startsWith("/instruction"))}>
                  Instruction
                </a>
              </li>
            ) : null}
            {ctx.account.role === "platform_admin" ? (
              <li>
                <a href="/administration" aria-current={current(ctx.path.startsWith("/administration"))}>
                  Administration
                </a>
              </li>
            ) : null}
            <li>
              <a href="/tableau-de-bord" aria-current={current(ctx.path === "/tableau-de-bord")}>
                Tableau de bord
              </a>
            </li>
            <li class={ctx.organisation ? "header__shrinkable" : undefined}>
              {ctx.organisation ? (
                <a href={`/structures/${ctx.organisation.id}`} class="header__truncated" aria-current={current(ctx.path.startsWith("/structures/"))}>
                  <span class="visually-hidden">Ma structure : </span>
                  {ctx.organisation.name}
                </a>
              ) : (
                <a href="/structures/ajouter" aria-current={current(ctx.path === "/structures/ajouter")}>
                  Ajouter une structure
                </a>
              )}
            </li>
            <li class="header__shrinkable">
              <a href="/mon-compte" class="header__truncated" aria-current={current(ctx.path.startsWith("/mon-compte"))}>
                Mon compte ({ctx.account.firstName} {ctx.account.lastName})
              </a>
            </li>
            {ctx.csrfToken ? (
              <li>
                <form method="post" action="/deconnexion" class="inline-form">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link-button">Se déconnecter</button>
                </form>
              </li>
            ) : null}
          </>
        ) : (
          <>
            <li><a href="/connexion" aria-current={current(ctx.path === "/connexion")}>Se connecter</a></li>
            <li><a href="/creer-un-compte" aria-current={current(ctx.path === "/creer-un-compte")}>Créer un compte</a></li>
          </>
        )}
      </ul>
    </nav>
  );
}

function Footer({ ctx, wide }: { ctx: PageContext; wide: boolean }) {
  return (
    <footer id="pied-de-page" class="footer" role="contentinfo" tabindex={-1}>
      <div class={wide ? "container container--wide" : "container"}>
        <HelpChannels ctx={ctx} />
        <p class="footer__brand">{ctx.brand.name} — {ctx.brand.organisation}</p>
        <ul class="footer__links">
          <li><a href="/accessibilite">Accessibilité : {accessibilityStatus}</a></li>
          <li><a href="/mentions-legales">Mentions légales</a></li>
          <li><a href="/donnees-personnelles">Données personnelles</a></li>
          {ctx.showDevelopmentLinks ? <li><a href="/dev/courriels">Boîte aux lettres de développement</a></li> : null}
        </ul>
        <p class="footer__powered">Propulsé par Guichet, logiciel libre.</p>
      </div>
    </footer>
  );
}

/** "Besoin d'aide ?": the configured channels, the contact form and the reception desks. */
function HelpChannels({ ctx }: { ctx: PageContext }) {
  const help = ctx.help;
  return (
    <section class="footer__help" aria-labelledby="aide-titre">
      <h2 id="aide-titre" class="footer__title">Besoin d'aide ?</h2>
      <ul class="footer__channels">
        {help?.phone ? (
          <li>
            Par téléphone : <a href={`tel:${help.phone.e164}`}>{help.phone.national}</a>
            {help.phoneHours ? <>, {help.phoneHours}</> : null}
          </li>
        ) : null}
        {help?.email ? (
          <li>
            Par courriel : <a href={`mailto:${help.email}`}>{help.email}</a>
          </li>
        ) : null}
        {help?.chatUrl ? (
          <li>
            <a href={help.chatUrl}>Discuter en ligne avec un conseiller</a>
          </li>
        ) : null}
        <li><a href="/contact">Posez-nous votre question</a></li>
        <li><a href="/guichets-d-accueil">Trouver un guichet d'accueil</a></li>
      </ul>
      {help?.demo ? (
        <p class="footer__demo">Portail de démonstration : ce numéro et cette adresse sont fictifs.</p>
      ) : null}
    </section>
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
