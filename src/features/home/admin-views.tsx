import { Alert, Button, ButtonLink, Checkbox, ErrorSummary, Form, Radios, Table, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { frenchDay } from "../../core/procedures/catalogue.ts";
import { BODY_MAX, noticeLabels, PRESENTATION_MAX, TITLE_MAX } from "./notice-form.ts";
import type { NoticeRow } from "./queries.ts";
import { defaultPresentation, NoticeLink, Paragraphs } from "./views.tsx";

const home = { label: "Accueil", href: "/" };
const administration = { label: "Administration du portail", href: "/administration" };
export const noticePaths = {
  list: "/administration/actualites",
  create: "/administration/actualites/nouvelle",
  edit: (id: string) => `/administration/actualites/${id}`,
  publication: (id: string) => `/administration/actualites/${id}/publication`,
  remove: (id: string) => `/administration/actualites/${id}/supprimer`,
  presentation: "/administration/actualites/presentation",
};
const noticesCrumb = { label: "Actualités et présentation", href: noticePaths.list };

/** When a notice shows, in words: "Du 1er mars au 15 mars 2026", "À partir du…", "Jusqu'au…", "Sans limite". */
function shownWhen(notice: Pick<NoticeRow, "shownFrom" | "shownUntil">): string {
  if (notice.shownFrom && notice.shownUntil) return `Du ${frenchDay(notice.shownFrom)} au ${frenchDay(notice.shownUntil)}`;
  if (notice.shownFrom) return `À partir du ${frenchDay(notice.shownFrom)}`;
  if (notice.shownUntil) return `Jusqu'au ${frenchDay(notice.shownUntil)}`;
  return "Sans limite de dates";
}

/** A published notice outside its dates is not shown: the list says so. */
function stateOf(notice: NoticeRow, today: string) {
  if (!notice.published) return <Tag>Non publiée</Tag>;
  if (notice.shownFrom && notice.shownFrom > today) return <Tag tone="info">Publiée, affichée à partir du {frenchDay(notice.shownFrom)}</Tag>;
  if (notice.shownUntil && notice.shownUntil < today) return <Tag>Publiée, plus affichée depuis le {frenchDay(notice.shownUntil)}</Tag>;
  return <Tag tone="success">Publiée, affichée</Tag>;
}

export interface NoticesAdminProps {
  notices: NoticeRow[];
  today: string;
  presentation: string | undefined;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function NoticesAdminPage({ ctx, notices, today, presentation, values, errors }: NoticesAdminProps & { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Actualités et présentation" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, administration, { label: "Actualités et présentation" }]}>
      <h1>Actualités et présentation</h1>
      <p class="lead">Ce que la page d'accueil dit du portail, et les actualités qu'elle affiche (les annonces importantes d'abord).</p>

      <section aria-labelledby="presentation">
        <h2 id="presentation">Présentation du portail</h2>
        <ErrorSummary errors={errors} labels={{ presentation: "Présentation" }} />
        <Form action={noticePaths.presentation} csrfToken={ctx.csrfToken}>
          <TextArea
            name="presentation"
            label="Texte de présentation"
            required={false}
            rows={3}
            maxLength={PRESENTATION_MAX}
            hint={`${PRESENTATION_MAX} caractères au maximum. Laissé vide, la page d'accueil dit : « ${defaultPresentation(ctx.brand)} »`}
            value={values.presentation ?? presentation ?? ""}
            error={errors.presentation}
          />
          <Button variant="secondary">Enregistrer la présentation</Button>
        </Form>
      </section>

      <section aria-labelledby="actualites" class="notices-admin">
        <h2 id="actualites">Actualités</h2>
        <p>
          <ButtonLink href={noticePaths.create}>Ajouter une actualité</ButtonLink>
        </p>
        {notices.length === 0 ? (
          <p>Aucune actualité pour le moment.</p>
        ) : (
          <Table
            caption="Les actualités, les dernières écrites d'abord"
            headers={["Titre", "Type", "Affichage", "État", "Actions"]}
            rows={notices.map((notice) => [
              <a href={noticePaths.edit(notice.id)}>
                {notice.title}
                <span class="visually-hidden"> (modifier)</span>
              </a>,
              notice.level === "important" ? <Tag tone="warning">Important</Tag> : <Tag>Information</Tag>,
              shownWhen(notice),
              stateOf(notice, today),
              <div class="notice-actions">
                <Form action={noticePaths.publication(notice.id)} csrfToken={ctx.csrfToken}>
                  <input type="hidden" name="published" value={notice.published ? "" : "oui"} />
                  <Button variant="secondary">
                    {notice.published ? "Dépublier" : "Publier"}
                    <span class="visually-hidden"> : {notice.title}</span>
                  </Button>
                </Form>
                <a href={noticePaths.remove(notice.id)}>
                  Supprimer<span class="visually-hidden"> : {notice.title}</span>
                </a>
              </div>,
            ])}
          />
        )}
      </section>
    </Layout>
  );
}

export interface NoticeFormProps {
  notice: NoticeRow | null;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function NoticeFormPage({ ctx, notice, values, errors }: NoticeFormProps & { ctx: PageContext }) {
  const title = notice ? `Modifier l'actualité « ${notice.title} »` : "Ajouter une actualité";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, administration, noticesCrumb, { label: notice ? notice.title : "Ajouter une actualité" }]}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>Les champs sont obligatoires, sauf ceux marqués « facultatif ». Le texte s'affiche tel quel : une ligne vide sépare deux paragraphes.</p>
        <ErrorSummary errors={errors} labels={noticeLabels} />
        <Form action={notice ? noticePaths.edit(notice.id) : noticePaths.create} csrfToken={ctx.csrfToken}>
          <TextInput name="title" label={noticeLabels.title!} maxLength={TITLE_MAX} value={values.title} error={errors.title} />
          <TextArea name="body" label={noticeLabels.body!} rows={6} maxLength={BODY_MAX} hint={`${BODY_MAX} caractères au maximum.`} value={values.body} error={errors.body} />
          <TextInput
            name="link"
            label={noticeLabels.link!}
            required={false}
            hint="Une page du portail (/comment-ca-marche) ou une adresse web (https://…), affichée comme « En savoir plus »."
            value={values.link}
            error={errors.link}
          />
          <Radios
            name="level"
            legend={noticeLabels.level!}
            options={[
              { value: "information", label: "Information" },
              { value: "important", label: "Important : affichée avant les autres, mise en évidence" },
            ]}
            value={values.level}
            error={errors.level}
          />
          <TextInput name="shownFrom" label={noticeLabels.shownFrom!} required={false} hint="JJ/MM/AAAA, par exemple 01/09/2026. Vide : dès la publication." value={values.shownFrom} error={errors.shownFrom} />
          <TextInput name="shownUntil" label={noticeLabels.shownUntil!} required={false} hint="JJ/MM/AAAA, jour inclus. Vide : sans fin." value={values.shownUntil} error={errors.shownUntil} />
          <Checkbox name="published" label="Publier cette actualité (elle s'affiche sur la page d'accueil pendant ses dates)" checked={values.published === "oui"} error={errors.published} />
          <Button>{notice ? "Enregistrer les modifications" : "Ajouter l'actualité"}</Button>
        </Form>
        <p>
          <a href={noticePaths.list}>Retour aux actualités</a>
        </p>
      </div>
    </Layout>
  );
}

export function DeleteNoticePage({ ctx, notice }: { ctx: PageContext; notice: NoticeRow }) {
  return (
    <Layout ctx={ctx} title={`Supprimer l'actualité « ${notice.title} »`} breadcrumb={[home, administration, noticesCrumb, { label: "Supprimer" }]}>
      <div class="narrow">
        <h1>Supprimer l'actualité « {notice.title} » ?</h1>
        <Alert type="warning">
          <p>L'actualité disparaît de la page d'accueil et de cette liste ; elle ne peut pas être rétablie. Pour seulement la retirer de l'accueil, dépubliez-la.</p>
        </Alert>
        <div class="notice-preview">
          <Paragraphs text={notice.body} />
          {notice.link ? <NoticeLink link={notice.link} title={notice.title} /> : null}
        </div>
        <Form action={noticePaths.remove(notice.id)} csrfToken={ctx.csrfToken}>
          <Button variant="danger">Supprimer définitivement</Button>
        </Form>
        <p>
          <a href={noticePaths.list}>Annuler et revenir aux actualités</a>
        </p>
      </div>
    </Layout>
  );
}
