import { Alert, Button, ButtonLink, ErrorSummary, fieldId, Form, RejectedLinesTable, Table, TextArea, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { FileField } from "../../ui/file-field.tsx";
import { Layout } from "../../ui/layout.tsx";
import { DESK_COLUMNS, MAX_DESK_LINES } from "./csv.ts";
import { DESK_LIMITS } from "./desk-input.ts";
import type { DesksImportReport } from "./import-reception-desks.ts";
import { ADMIN_DESKS_PATH, MAX_DESKS_FILE_MEGABYTES, nationalPhone } from "./paths.ts";
import type { Desk } from "./queries.ts";

const LIST_TITLE = "Guichets d'accueil";
const crumbs = [
  { label: "Accueil", href: "/" },
  { label: "Administration du portail", href: "/administration" },
];
const listCrumb = { label: LIST_TITLE, href: ADMIN_DESKS_PATH };

export const deskLabels = {
  name: "Nom du guichet",
  address: "Adresse (numéro et voie)",
  postalCode: "Code postal",
  commune: "Commune",
  openingHours: "Horaires d'ouverture",
  phone: "Téléphone",
  services: "Services proposés",
  latitude: "Latitude",
  longitude: "Longitude",
};

/** The admins' list of desks, with the ways to add, edit, delete and load them. */
export function DesksAdminPage({ ctx, desks }: { ctx: PageContext; desks: Desk[] }) {
  return (
    <Layout ctx={ctx} title={LIST_TITLE} breadcrumb={[...crumbs, { label: LIST_TITLE }]}>
      <h1>{LIST_TITLE}</h1>
      <p class="lead">
        Les guichets où les usagers sont reçus, que le public trouve par commune ou code postal sur la page{" "}
        <a href="/guichets-d-accueil">Trouver un guichet d'accueil</a>.
      </p>
      <div class="button-group">
        <ButtonLink href={`${ADMIN_DESKS_PATH}/nouveau`}>Ajouter un guichet</ButtonLink>
        <ButtonLink href={`${ADMIN_DESKS_PATH}/import`} variant="secondary">Charger un fichier CSV</ButtonLink>
      </div>
      {desks.length === 0 ? (
        <p>Aucun guichet d'accueil pour l'instant.</p>
      ) : (
        <Table
          caption={`Guichets d'accueil (${desks.length}), par département et commune`}
          headers={["Nom", "Commune", "Téléphone", "Position", "Actions"]}
          rows={desks.map((desk) => [
            <>
              {desk.name}
              {desk.demo ? " (démonstration)" : ""}
            </>,
            `${desk.postalCode} ${desk.communeName} (${desk.departement})`,
            desk.phone ? nationalPhone(desk.phone) : "",
            desk.latitude === null ? "Inconnue" : "Connue",
            <ul class="inline-list">
              <li>
                <a href={`${ADMIN_DESKS_PATH}/${desk.id}/modifier`}>
                  Modifier<span class="visually-hidden"> {desk.name}</span>
                </a>
              </li>
              <li>
                <a href={`${ADMIN_DESKS_PATH}/${desk.id}/supprimer`}>
                  Supprimer<span class="visually-hidden"> {desk.name}</span>
                </a>
              </li>
            </ul>,
          ])}
        />
      )}
    </Layout>
  );
}

/** Adding a desk (no `id`) or editing one. */
export function DeskFormPage({ ctx, id, values = {}, errors = {} }: { ctx: PageContext; id?: string; values?: FormValues; errors?: FieldErrors }) {
  const title = id ? `Modifier le guichet ${values.name ?? ""}`.trim() : "Ajouter un guichet d'accueil";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, listCrumb, { label: id ? "Modifier un guichet" : "Ajouter un guichet" }]}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={deskLabels} />
      <Form action={id ? `${ADMIN_DESKS_PATH}/${id}/modifier` : `${ADMIN_DESKS_PATH}/nouveau`} csrfToken={ctx.csrfToken}>
        <TextInput name="name" label={deskLabels.name} value={values.name} error={errors.name} maxLength={DESK_LIMITS.name} />
        <TextInput name="address" label={deskLabels.address} value={values.address} error={errors.address} maxLength={DESK_LIMITS.address} />
        <TextInput name="postalCode" label={deskLabels.postalCode} value={values.postalCode} error={errors.postalCode} maxLength={10} inputmode="numeric" />
        <TextInput name="commune" label={deskLabels.commune} hint="Le nom de la commune, comme dans la liste officielle." value={values.commune} error={errors.commune} maxLength={100} />
        <TextArea
          name="openingHours"
          label={deskLabels.openingHours}
          hint="Par exemple : du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h."
          value={values.openingHours}
          error={errors.openingHours}
          maxLength={DESK_LIMITS.openingHours}
          rows={3}
        />
        <TextInput name="phone" label={deskLabels.phone} hint="Par exemple : 05 61 00 00 00." type="tel" value={values.phone} error={errors.phone} required={false} maxLength={30} />
        <TextArea name="services" label={deskLabels.services} hint="Un service par ligne." value={values.services} error={errors.services} required={false} maxLength={DESK_LIMITS.services} rows={4} />
        <fieldset class="fieldset">
          <legend>Position du guichet (facultative)</legend>
          <p class="field__hint">Les deux coordonnées, en degrés décimaux : elles permettent de classer les guichets du plus proche au plus éloigné.</p>
          <TextInput name="latitude" label={deskLabels.latitude} hint="Par exemple : 43,6045." value={values.latitude} error={errors.latitude} required={false} maxLength={20} inputmode="decimal" />
          <TextInput name="longitude" label={deskLabels.longitude} hint="Par exemple : 1,4440." value={values.longitude} error={errors.longitude} required={false} maxLength={20} inputmode="decimal" />
        </fieldset>
        <Button>{id ? "Enregistrer les modifications" : "Ajouter le guichet"}</Button>
      </Form>
    </Layout>
  );
}

/** Asks before deleting a desk. */
export function DeleteDeskPage({ ctx, desk }: { ctx: PageContext; desk: Desk }) {
  const title = `Supprimer le guichet ${desk.name}`;
  return (
    <Layout ctx={ctx} title={title} breadcrumb={[...crumbs, listCrumb, { label: "Supprimer un guichet" }]}>
      <h1>{title}</h1>
      <p>
        Le guichet « {desk.name} » ({desk.postalCode} {desk.communeName}) ne sera plus proposé au public. Cette suppression est
        définitive.
      </p>
      <Form action={`${ADMIN_DESKS_PATH}/${desk.id}/supprimer`} csrfToken={ctx.csrfToken}>
        <div class="button-group">
          <Button variant="danger">Supprimer le guichet</Button>
          <ButtonLink href={ADMIN_DESKS_PATH} variant="secondary">Annuler</ButtonLink>
        </div>
      </Form>
    </Layout>
  );
}

const IMPORT_TITLE = "Charger les guichets d'accueil";

/** The CSV upload, and after a POST the report: loaded, or the broken lines and why. */
export function DesksImportPage({ ctx, report, error }: { ctx: PageContext; report?: DesksImportReport; error?: string }) {
  const id = fieldId("fichier");
  const failed = Boolean(error) || (report !== undefined && !report.loaded);
  return (
    <Layout ctx={ctx} title={report ? `${IMPORT_TITLE} : compte rendu` : IMPORT_TITLE} hasErrors={failed} breadcrumb={[...crumbs, listCrumb, { label: IMPORT_TITLE }]}>
      <h1>{IMPORT_TITLE}</h1>
      {error ? <ErrorSummary errors={{ fichier: error }} /> : null}
      {report ? <ImportReport report={report} /> : null}
      <p class="lead">
        Le fichier donne la liste complète des guichets : chargé, il <strong>remplace</strong> la liste actuelle. Si une seule
        ligne est incorrecte, rien n'est chargé : le compte rendu indique chaque ligne à corriger.
      </p>
      <Form action={`${ADMIN_DESKS_PATH}/import`} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
        <FileField
          id={id}
          name="fichier"
          label="Fichier des guichets (CSV)"
          accept=".csv,text/csv"
          required
          error={error}
          hint={
            <>
              <p>
                Fichier CSV encodé en UTF-8, séparé par des points-virgules ou des virgules, de {MAX_DESKS_FILE_MEGABYTES} Mo et{" "}
                {MAX_DESK_LINES.toLocaleString("fr-FR")} lignes au maximum. Sa première ligne nomme les colonnes :
              </p>
              <ul>
                <li><code>{DESK_COLUMNS.name.header}</code>, <code>{DESK_COLUMNS.address.header}</code> (numéro et voie), <code>{DESK_COLUMNS.postalCode.header}</code> et <code>{DESK_COLUMNS.commune.header}</code> ;</li>
                <li><code>{DESK_COLUMNS.openingHours.header}</code> : les horaires d'ouverture, en texte ;</li>
                <li><code>{DESK_COLUMNS.phone.header}</code> (facultatif) : un numéro français ;</li>
                <li><code>{DESK_COLUMNS.services.header}</code> (facultatif) : les services proposés, séparés par des barres verticales « | » ;</li>
                <li><code>{DESK_COLUMNS.latitude.header}</code> et <code>{DESK_COLUMNS.longitude.header}</code> (facultatifs, ensemble) : la position en degrés décimaux.</li>
              </ul>
            </>
          }
        />
        <Button variant="primary">Charger le fichier</Button>
      </Form>
    </Layout>
  );
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("fr-FR")} ${count > 1 ? many : one}`;

function ImportReport({ report }: { report: DesksImportReport }) {
  if (report.loaded) {
    return (
      <Alert type="success">
        <h2 class="alert__title">Les guichets sont chargés</h2>
        <p>
          {plural(report.lineCount, "guichet chargé", "guichets chargés")}, qui remplacent les{" "}
          {plural(report.replaced, "guichet précédent", "guichets précédents")}.
        </p>
        {report.ignoredColumns.length > 0 ? <p>Colonnes ignorées : {report.ignoredColumns.join(", ")}.</p> : null}
        <p>
          <a href={ADMIN_DESKS_PATH}>Voir la liste des guichets</a>
        </p>
      </Alert>
    );
  }
  const rejected = report.rejected.length;
  return (
    <section aria-labelledby="compte-rendu">
      <div class="alert alert--error" role="alert">
        <h2 id="compte-rendu" class="alert__title">Aucun guichet n'a été chargé</h2>
        <p>
          {plural(rejected, "ligne est incorrecte", "lignes sont incorrectes")} sur {plural(report.lineCount, "ligne lue", "lignes lues")} :
          corrigez-{rejected > 1 ? "les" : "la"} dans le fichier, puis chargez-le de nouveau. La liste actuelle des guichets
          n'a pas changé.
        </p>
        {report.ignoredColumns.length > 0 ? <p>Colonnes ignorées : {report.ignoredColumns.join(", ")}.</p> : null}
      </div>
      <RejectedLinesTable
        id="lignes-incorrectes"
        caption={`Lignes à corriger (${rejected})`}
        keyHeader="Guichet"
        lines={report.rejected.map((line) => ({ line: line.line, key: line.name, reasons: line.reasons }))}
      />
    </section>
  );
}
