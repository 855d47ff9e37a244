import { raw } from "hono/html";
import type { listArticles, listThemes } from "../../core/help/queries.ts";
import { SLUG_MAX } from "../../core/help/slug.ts";
import { Alert, Button, ButtonLink, DataTable, ErrorSummary, Form, Radios, Select, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { helpPaths } from "./views.tsx";

export const HELP_ADMIN = "/administration/aide";
export const helpAdminPaths = {
  home: HELP_ADMIN,
  themes: `${HELP_ADMIN}/themes`,
  theme: (id: string) => `${HELP_ADMIN}/themes/${id}`,
  moveTheme: (id: string) => `${HELP_ADMIN}/themes/${id}/deplacer`,
  deleteTheme: (id: string) => `${HELP_ADMIN}/themes/${id}/supprimer`,
  newArticle: (themeId?: string) => `${HELP_ADMIN}/articles/nouveau${themeId ? `?theme=${themeId}` : ""}`,
  article: (id: string) => `${HELP_ADMIN}/articles/${id}`,
  moveArticle: (id: string) => `${HELP_ADMIN}/articles/${id}/deplacer`,
  deleteArticle: (id: string) => `${HELP_ADMIN}/articles/${id}/supprimer`,
};

const crumbs = [
  { label: "Accueil", href: "/" },
  { label: "Administration du portail", href: "/administration" },
];
const adminCrumb = { label: "Aide « Comment ça marche ? »", href: HELP_ADMIN };

type Theme = Awaited<ReturnType<typeof listThemes>>[number];
type ArticleRow = Awaited<ReturnType<typeof listArticles>>[number];

/** What the list says after a change ("?fait=…"), so the admin knows it was done. */
export const notices = {
  "theme-cree": { type: "success", text: "Le thème a été créé." },
  "theme-renomme": { type: "success", text: "Le thème a été renommé." },
  "theme-supprime": { type: "success", text: "Le thème a été supprimé." },
  "theme-non-vide": { type: "error", text: "Ce thème contient encore des articles : déplacez-les dans un autre thème ou supprimez-les avant de le supprimer." },
  "article-enregistre": { type: "success", text: "L'article a été enregistré." },
  "article-supprime": { type: "success", text: "L'article a été supprimé." },
  deplace: { type: "success", text: "L'ordre a été modifié." },
} as const;
export type NoticeKey = keyof typeof notices;

function MoveButtons({ ctx, action, label, first, last }: { ctx: PageContext; action: string; label: string; first: boolean; last: boolean }) {
  return (
    <Form action={action} csrfToken={ctx.csrfToken} class="help-admin__move">
      {first ? null : (
        <button type="submit" class="button button--secondary" name="sens" value="haut">
          Monter<span class="visually-hidden"> {label}</span>
        </button>
      )}
      {last ? null : (
        <button type="submit" class="button button--secondary" name="sens" value="bas">
          Descendre<span class="visually-hidden"> {label}</span>
        </button>
      )}
    </Form>
  );
}

export function HelpAdminPage(props: { ctx: PageContext; themes: Theme[]; articles: ArticleRow[]; notice?: NoticeKey | undefined; values?: Record<string, string>; errors?: Record<string, string> }) {
  const { ctx, themes, articles } = props;
  const errors = props.errors ?? {};
  const notice = props.notice ? notices[props.notice] : undefined;
  return (
    <Layout ctx={ctx} title="Aide « Comment ça marche ? » - Administration" hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, { label: "Aide « Comment ça marche ? »" }]}>
      <ErrorSummary errors={errors} />
      <h1>Aide « Comment ça marche ? »</h1>
      <p>
        Les thèmes et leurs articles, dans l'ordre où les usagers les voient sur <a href={helpPaths.home}>la page « Comment ça marche ? »</a>. Seuls les articles
        publiés y apparaissent ; les brouillons restent ici.
      </p>
      {notice ? (
        <Alert type={notice.type}>
          <p>{notice.text}</p>
        </Alert>
      ) : null}
      <p>
        <ButtonLink href={helpAdminPaths.newArticle()}>Écrire un article</ButtonLink>
      </p>
      {themes.length === 0 ? <p>Aucun thème pour l'instant : créez le premier ci-dessous.</p> : null}
      {themes.map((theme, index) => {
        const ofTheme = articles.filter((article) => article.themeId === theme.id);
        return (
          <section class="help-admin__theme" aria-labelledby={`theme-${theme.id}`}>
            <div class="help-admin__theme-head">
              <h2 id={`theme-${theme.id}`}>{theme.title}</h2>
              <MoveButtons ctx={ctx} action={helpAdminPaths.moveTheme(theme.id)} label={`le thème ${theme.title}`} first={index === 0} last={index === themes.length - 1} />
              <a href={helpAdminPaths.theme(theme.id)}>
                Renommer ou supprimer<span class="visually-hidden"> le thème {theme.title}</span>
              </a>
            </div>
            {ofTheme.length === 0 ? (
              <p>Aucun article dans ce thème.</p>
            ) : (
              <DataTable
                id={`articles-${theme.id}`}
                caption={`Articles du thème ${theme.title}`}
                captionHidden
                rows={ofTheme}
                columns={[
                  { header: "Article", cell: (article) => <a href={helpAdminPaths.article(article.id)}>{article.title}</a> },
                  { header: "Statut", cell: (article) => (article.status === "published" ? <Tag tone="success">Publié</Tag> : <Tag tone="neutral">Brouillon</Tag>) },
                  { header: "A aidé", headerDetail: "(réponses Oui)", kind: "number", cell: (article) => article.helpfulYes },
                  { header: "N'a pas aidé", headerDetail: "(réponses Non)", kind: "number", cell: (article) => article.helpfulNo },
                  {
                    header: "Ordre",
                    cell: (article, position) => (
                      <MoveButtons ctx={ctx} action={helpAdminPaths.moveArticle(article.id)} label={`l'article ${article.title}`} first={position === 0} last={position === ofTheme.length - 1} />
                    ),
                  },
                  {
                    header: "Actions",
                    kind: "actions",
                    cell: (article) => (
                      <ul class="help-admin__actions">
                        {article.status === "published" ? (
                          <li>
                            <a href={helpPaths.article(article.slug)}>
                              Voir<span class="visually-hidden"> l'article {article.title}</span>
                            </a>
                          </li>
                        ) : null}
                        <li>
                          <a href={helpAdminPaths.deleteArticle(article.id)}>
                            Supprimer<span class="visually-hidden"> l'article {article.title}</span>
                          </a>
                        </li>
                      </ul>
                    ),
                  },
                ]}
              />
            )}
            <p>
              <a href={helpAdminPaths.newArticle(theme.id)}>
                Ajouter un article<span class="visually-hidden"> au thème {theme.title}</span>
              </a>
            </p>
          </section>
        );
      })}
      <section aria-labelledby="new-theme-title">
        <h2 id="new-theme-title">Nouveau thème</h2>
        <Form action={helpAdminPaths.themes} csrfToken={ctx.csrfToken}>
          <TextInput name="title" label="Titre du thème" hint="Par exemple : Joindre ses pièces." value={props.values?.title} error={errors.title} maxLength={120} />
          <Button>Créer le thème</Button>
        </Form>
      </section>
    </Layout>
  );
}

export function ThemeEditPage(props: { ctx: PageContext; theme: Theme; values?: Record<string, string>; errors?: Record<string, string>; articleCount: number }) {
  const { ctx, theme } = props;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={`Thème ${theme.title} - Administration`} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, adminCrumb, { label: theme.title }]}>
      <ErrorSummary errors={errors} />
      <h1>Thème « {theme.title} »</h1>
      <Form action={helpAdminPaths.theme(theme.id)} csrfToken={ctx.csrfToken}>
        <TextInput name="title" label="Titre du thème" value={props.values?.title ?? theme.title} error={errors.title} maxLength={120} />
        <Button>Renommer le thème</Button>
      </Form>
      <h2>Supprimer le thème</h2>
      {props.articleCount > 0 ? (
        <p>Ce thème contient {props.articleCount === 1 ? "1 article" : `${props.articleCount} articles`} : déplacez-les dans un autre thème ou supprimez-les avant de le supprimer.</p>
      ) : (
        <Form action={helpAdminPaths.deleteTheme(theme.id)} csrfToken={ctx.csrfToken}>
          <p>Ce thème ne contient aucun article.</p>
          <Button variant="danger">Supprimer le thème</Button>
        </Form>
      )}
      <p>
        <a href={HELP_ADMIN}>Retour à la liste</a>
      </p>
    </Layout>
  );
}

export interface ArticleFormProps {
  ctx: PageContext;
  themes: Theme[];
  /** Absent for a new article. */
  article?: { id: string; slug: string; status: string; helpfulYes: number; helpfulNo: number } | undefined;
  values: Record<string, string>;
  errors?: Record<string, string>;
  /** The body rendered through the sanitiser, after "Prévisualiser". */
  previewHtml?: string | undefined;
}

const statusOptions = [
  { value: "draft", label: "Brouillon" },
  { value: "published", label: "Publié" },
];

export function ArticleFormPage(props: ArticleFormProps) {
  const { ctx, themes, article, values } = props;
  const errors = props.errors ?? {};
  const title = article ? `Modifier l'article « ${values.title ?? ""} »` : "Écrire un article";
  return (
    <Layout ctx={ctx} title={`${title} - Administration`} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, adminCrumb, { label: article ? "Modifier un article" : "Écrire un article" }]}>
      <ErrorSummary errors={errors} labels={{ theme: "Thème", title: "Titre", slug: "Adresse", body: "Texte", status: "Statut" }} />
      <h1>{title}</h1>
      {article ? (
        <p>
          Réponses à « Cette réponse vous a-t-elle aidé ? » : {article.helpfulYes} Oui, {article.helpfulNo} Non.
          {article.status === "published" ? (
            <>
              {" "}
              <a href={helpPaths.article(article.slug)}>Voir l'article publié</a>
            </>
          ) : null}
        </p>
      ) : null}
      {props.previewHtml !== undefined ? (
        <section class="help-preview" aria-labelledby="help-preview-title">
          <h2 id="help-preview-title">Aperçu (non enregistré)</h2>
          <div class="help-article__body">{raw(props.previewHtml)}</div>
        </section>
      ) : null}
      <Form action={article ? helpAdminPaths.article(article.id) : helpAdminPaths.newArticle()} csrfToken={ctx.csrfToken}>
        <Select name="theme" label="Thème" value={values.theme} error={errors.theme} placeholder="Choisissez un thème" options={themes.map((theme) => ({ value: theme.id, label: theme.title }))} />
        <TextInput name="title" label="Titre" value={values.title} error={errors.title} maxLength={200} />
        <TextInput
          name="slug"
          label="Adresse de l'article"
          required={false}
          hint={
            <>
              Ce qui suit /comment-ca-marche/ : lettres minuscules sans accent, chiffres et tirets. Laissée vide, elle est faite à partir du titre. Les démarches y
              renvoient par leur clé <code>article_aide</code> : la changer casse leurs liens.
            </>
          }
          value={values.slug}
          error={errors.slug}
          maxLength={SLUG_MAX}
          spellcheck={false}
        />
        <TextArea
          name="body"
          label="Texte"
          hint="En Markdown : une ligne vide entre deux paragraphes, ## pour un intertitre, - pour une liste, **gras**, [texte du lien](https://adresse). Le HTML, les images et les scripts sont retirés."
          value={values.body}
          error={errors.body}
          rows={16}
          maxLength={50000}
        />
        <Radios name="status" legend="Statut" hint="Un brouillon n'est visible que des administrateurs ; un article publié apparaît sur « Comment ça marche ? » et dans la recherche." options={statusOptions} value={values.status || "draft"} error={errors.status} />
        <div class="button-group">
          <Button variant="secondary" name="action" value="previsualiser">
            Prévisualiser
          </Button>
          <Button name="action" value="enregistrer">
            Enregistrer
          </Button>
        </div>
      </Form>
      <p>
        <a href={HELP_ADMIN}>Retour à la liste</a>
      </p>
    </Layout>
  );
}

export function ArticleDeletePage({ ctx, article }: { ctx: PageContext; article: { id: string; title: string } }) {
  return (
    <Layout ctx={ctx} title={`Supprimer l'article ${article.title} - Administration`} breadcrumb={[...crumbs, adminCrumb, { label: "Supprimer un article" }]}>
      <h1>Supprimer l'article « {article.title} » ?</h1>
      <p>L'article et ses réponses « Cette réponse vous a-t-elle aidé ? » seront supprimés. Les liens qui y mènent afficheront « Article introuvable ».</p>
      <Form action={helpAdminPaths.deleteArticle(article.id)} csrfToken={ctx.csrfToken}>
        <Button variant="danger">Supprimer l'article</Button>
      </Form>
      <p>
        <a href={helpAdminPaths.article(article.id)}>Annuler</a>
      </p>
    </Layout>
  );
}
