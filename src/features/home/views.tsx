import type { Child } from "hono/jsx";
import { ButtonLink, Tag } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { applicantShort, frenchDay } from "../../core/procedures/catalogue.ts";
import type { OpenProcedure } from "../../core/procedures/queries.ts";
import type { CurrentNotice } from "./queries.ts";

/** The help pages the home page points to (issue 11; each is built in its own feature). */
export const helpLinks = [
  { href: "/comment-ca-marche", label: "Comment ça marche ?", text: "Les réponses aux questions fréquentes, par thème." },
  { href: "/suis-je-eligible", label: "Suis-je éligible ?", text: "Vérifiez en quelques questions, sans compte, si vous pouvez prétendre à un logement social." },
  { href: "/offres-par-commune", label: "Offres par commune", text: "Les logements sociaux, les demandes en attente et les délais, commune par commune." },
  { href: "/contact", label: "Posez-nous votre question", text: "Une question sur une démarche ou sur votre demande ? Écrivez-nous." },
];

/** The first sentence of the home page when no admin wrote one. */
export function defaultPresentation(brand: PageContext["brand"]): string {
  return `Votre espace personnel pour accéder aux services en ligne de ${brand.organisation} : consultez les démarches, créez votre compte, déposez vos demandes et suivez-les jusqu'à leur terme.`;
}

/** Plain text in paragraphs: a blank line separates them (the text is never read as HTML). */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== "")
        .map((paragraph) => (
          <p>{paragraph}</p>
        ))}
    </>
  );
}

const isExternal = (link: string) => !link.startsWith("/");

export function NoticeLink({ link, title }: { link: string; title: string }) {
  return (
    <p>
      <a href={link} rel={isExternal(link) ? "noopener noreferrer" : undefined}>
        En savoir plus<span class="visually-hidden"> : {title}</span>
        {isExternal(link) ? <span class="visually-hidden"> (site externe)</span> : null}
      </a>
    </p>
  );
}

function Notices({ notices }: { notices: CurrentNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="actualites" class="home-section">
      <h2 id="actualites">Actualités</h2>
      {notices.map((notice) => (
        <article class={`notice notice--${notice.level}`}>
          <h3 class="notice__title">
            {notice.level === "important" ? (
              <>
                <Tag tone="warning">Important</Tag>{" "}
              </>
            ) : null}
            {notice.title}
          </h3>
          <Paragraphs text={notice.body} />
          {notice.link ? <NoticeLink link={notice.link} title={notice.title} /> : null}
        </article>
      ))}
    </section>
  );
}

function OpenProcedures({ procedures }: { procedures: OpenProcedure[] }) {
  return (
    <section aria-labelledby="demarches-ouvertes" class="home-section">
      <h2 id="demarches-ouvertes">Les démarches ouvertes</h2>
      {procedures.length === 0 ? (
        <p>Aucune démarche n'est ouverte pour le moment.</p>
      ) : (
        <ul class="home-procedures">
          {procedures.map((procedure) => (
            <li class="tile">
              <h3>
                <a href={`/demarches/${procedure.slug}`}>{procedure.title}</a>
              </h3>
              <p class="catalogue-facts">
                <Tag>{procedure.theme}</Tag> <Tag tone="info">{applicantShort[procedure.applicantType]}</Tag>
                {procedure.deadline ? (
                  <span>
                    Jusqu'au <time datetime={procedure.deadline}>{frenchDay(procedure.deadline)}</time>
                  </span>
                ) : null}
              </p>
              <p>{procedure.summary}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/demarches">Voir toutes les démarches et déposer une demande</a>
      </p>
    </section>
  );
}

function Help(): Child {
  return (
    <section aria-labelledby="aide" class="home-section">
      <h2 id="aide">Se faire aider</h2>
      <ul class="link-list">
        {helpLinks.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
            <p class="field__hint">{link.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface HomePageProps {
  presentation: string | undefined;
  notices: CurrentNotice[];
  procedures: OpenProcedure[];
}

/** The public home page: what the portal is for, its news, the procedures open now and where to find help. */
export function HomePage({ ctx, presentation, notices, procedures }: HomePageProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Accueil">
      <h1>Bienvenue sur {ctx.brand.name}</h1>
      <div class="lead">
        <Paragraphs text={presentation ?? defaultPresentation(ctx.brand)} />
      </div>
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
      <Notices notices={notices} />
      <OpenProcedures procedures={procedures} />
      <Help />
    </Layout>
  );
}
