import type { Service } from "../../platform/db/schema.ts";
import { Alert, Button, ButtonLink, Checkbox, DataTable, ErrorSummary, Form, Radios, SummaryList, Tag, TextArea, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { grantedByLabels, serviceLabels, termsParagraphs } from "./service-form.ts";
import { DateText } from "../../ui/components.tsx";
import { Paragraphs } from "./ui.tsx";

const home = { label: "Accueil", href: "/" };
const administration = { label: "Administration du portail", href: "/administration" };
const servicesCrumb = { label: "Services", href: "/administration/services" };

/** The catalogue as platform admins see it: every service, active or not. */
export function ServicesAdminPage({ ctx, services }: { ctx: PageContext; services: Service[] }) {
  return (
    <Layout ctx={ctx} title="Services" breadcrumb={[home, administration, { label: "Services" }]}>
      <h1>Services</h1>
      <p class="lead">
        Les services proposés aux usagers (« Voir tous les services ») : qui y accède, qui accorde l'habilitation, et leurs conditions
        particulières d'utilisation.
      </p>
      <p>
        <ButtonLink href="/administration/services/nouveau">Créer un service</ButtonLink>
      </p>
      {services.length === 0 ? (
        <p>Aucun service n'est encore défini.</p>
      ) : (
        <DataTable
          id="services"
          caption={`Services du portail (${services.length})`}
          rows={services}
          columns={[
            {
              header: "Service",
              rowHeader: true,
              cell: (service) => (
                <>
                  <a href={`/administration/services/${service.id}`}>{service.name}</a>
                  <br />
                  <span class="field__hint">/services/{service.slug}</span>
                </>
              ),
            },
            { header: "Qui accorde l'habilitation", cell: (service) => grantedByLabels[service.grantedBy] },
            {
              header: "Conditions",
              cell: (service) => (
                <>
                  Version {service.termsVersion} du <DateText date={service.termsUpdatedAt} />
                </>
              ),
            },
            { header: "État", cell: (service) => (service.active ? <Tag tone="success">actif</Tag> : <Tag tone="neutral">désactivé</Tag>) },
          ]}
        />
      )}
    </Layout>
  );
}

function ServiceFields({ values, errors, withTerms }: { values: FormValues; errors: FieldErrors; withTerms: boolean }) {
  return (
    <>
      <TextInput name="name" label={serviceLabels.name!} value={values.name} error={errors.name} maxLength={120} hint="Par exemple « Demande de prêts »." />
      <TextInput
        name="slug"
        label={serviceLabels.slug!}
        value={values.slug}
        error={errors.slug}
        maxLength={60}
        spellcheck={false}
        hint="Lettres minuscules sans accent, chiffres et tirets, par exemple « mes-prets-en-ligne ». Il forme l'adresse des pages du service."
      />
      <TextInput
        name="tileLabel"
        label={serviceLabels.tileLabel!}
        value={values.tileLabel}
        error={errors.tileLabel}
        maxLength={60}
        hint="Les mots de la tuile du tableau de bord, par exemple « Mes prêts en ligne »."
      />
      <TextArea name="description" label={serviceLabels.description!} value={values.description} error={errors.description} maxLength={1000} rows={3} />
      <TextInput
        name="url"
        label={serviceLabels.url!}
        value={values.url}
        error={errors.url}
        maxLength={500}
        spellcheck={false}
        inputmode="url"
        hint="L'adresse où mène la tuile, commençant par https://, par exemple https://prets.exemple.fr."
      />
      <fieldset class="fieldset">
        <legend class="fieldset__legend">Conditions d'accès</legend>
        <Checkbox
          name="requiresOrganisation"
          label="Le service nécessite d'être rattaché à une structure"
          checked={values.requiresOrganisation === "oui"}
          error={errors.requiresOrganisation}
        />
        <Checkbox
          name="requiresFunction"
          label="Le service nécessite la fonction du membre au sein de la structure"
          checked={values.requiresFunction === "oui"}
          error={errors.requiresFunction}
        />
      </fieldset>
      <Radios
        name="grantedBy"
        legend={serviceLabels.grantedBy!}
        hint="L'administrateur de la structure ne peut accorder l'habilitation que pour un service qui nécessite d'être rattaché à une structure."
        options={Object.entries(grantedByLabels).map(([value, label]) => ({ value, label }))}
        value={values.grantedBy}
        error={errors.grantedBy}
      />
      {withTerms ? (
        <TextArea
          name="termsText"
          label={serviceLabels.termsText!}
          value={values.termsText}
          error={errors.termsText}
          rows={12}
          hint="Texte brut ; une ligne vide sépare deux paragraphes. Chaque personne les accepte avant sa première utilisation du service."
        />
      ) : null}
    </>
  );
}

export interface ServiceFormPageProps {
  /** The service edited, or null to create one. */
  service: Service | null;
  values: FormValues;
  errors: FieldErrors;
}

/** Create a service, or edit one (with its terms and its activation beside the form). */
export function ServiceFormPage({ ctx, service, values, errors }: ServiceFormPageProps & { ctx: PageContext }) {
  const title = service ? `Modifier le service ${service.name}` : "Créer un service";
  const action = service ? `/administration/services/${service.id}` : "/administration/services/nouveau";
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, administration, servicesCrumb, { label: service ? service.name : "Créer un service" }]}>
      <div class="narrow">
        <h1>{title}</h1>
        {service && !service.active ? (
          <Alert type="warning">
            <p>Ce service est désactivé : il n'apparaît pas dans la liste des services et personne ne peut y accéder.</p>
          </Alert>
        ) : null}
        <p>Tous les champs sont obligatoires, sauf les cases à cocher.</p>
        <ErrorSummary errors={errors} labels={serviceLabels} />
        <Form action={action} csrfToken={ctx.csrfToken}>
          <ServiceFields values={values} errors={errors} withTerms={!service} />
          <Button>{service ? "Enregistrer les modifications" : "Créer le service"}</Button>
        </Form>

        {service ? (
          <>
            <section aria-labelledby="conditions">
              <h2 id="conditions">Conditions particulières d'utilisation</h2>
              <p>
                Version {service.termsVersion} du <DateText date={service.termsUpdatedAt} />.
              </p>
              <div class="terms">
                <Paragraphs paragraphs={termsParagraphs(service.termsText)} />
              </div>
              <p>
                <a href={`/administration/services/${service.id}/conditions`}>Publier une nouvelle version des conditions</a>
              </p>
            </section>

            <section aria-labelledby="activation">
              <h2 id="activation">{service.active ? "Désactiver le service" : "Activer le service"}</h2>
              <p>
                {service.active
                  ? "Un service désactivé disparaît de la liste des services et des tableaux de bord ; personne ne peut plus y accéder. Les habilitations sont conservées et retrouvées à sa réactivation."
                  : "Le service réapparaîtra dans la liste des services ; les habilitations validées redonneront accès au service."}
              </p>
              <Form action={`/administration/services/${service.id}/activation`} csrfToken={ctx.csrfToken}>
                <input type="hidden" name="active" value={service.active ? "non" : "oui"} />
                <Button variant={service.active ? "danger" : "primary"}>{service.active ? "Désactiver le service" : "Activer le service"}</Button>
              </Form>
            </section>
          </>
        ) : null}
        <p>
          <a href="/administration/services">Retour à la liste des services</a>
        </p>
      </div>
    </Layout>
  );
}

/** The details a new version of the terms replaces, and the confirmation it needs. */
export function PublishTermsPage({ ctx, service, values, errors }: { ctx: PageContext; service: Service; values: FormValues; errors: FieldErrors }) {
  const title = "Publier une nouvelle version des conditions";
  return (
    <Layout
      ctx={ctx}
      title={`${title} : ${service.name}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[home, administration, servicesCrumb, { label: service.name, href: `/administration/services/${service.id}` }, { label: title }]}
    >
      <div class="narrow">
        <h1>{title}</h1>
        <SummaryList
          rows={[
            ["Service", service.name],
            ["Version en vigueur", `Version ${service.termsVersion}`],
            ["Nouvelle version", `Version ${service.termsVersion + 1}`],
          ]}
        />
        <Alert type="warning">
          <p>
            Une fois la nouvelle version publiée, toutes les personnes habilitées devront l'accepter avant leur prochain accès au service.
          </p>
        </Alert>
        <ErrorSummary errors={errors} labels={serviceLabels} />
        <Form action={`/administration/services/${service.id}/conditions`} csrfToken={ctx.csrfToken}>
          {/* The version the admin started from, kept when the form comes back with an error. */}
          <input type="hidden" name="version" value={values.version ?? String(service.termsVersion)} />
          <TextArea
            name="termsText"
            label={serviceLabels.termsText!}
            value={values.termsText}
            error={errors.termsText}
            rows={16}
            hint="Texte brut ; une ligne vide sépare deux paragraphes."
          />
          <Checkbox
            name="confirmation"
            label="Je confirme : toutes les personnes habilitées devront accepter à nouveau les conditions"
            checked={values.confirmation === "oui"}
            error={errors.confirmation}
          />
          <Button>Publier la nouvelle version</Button>
        </Form>
        <p>
          <a href={`/administration/services/${service.id}`}>Annuler</a>
        </p>
      </div>
    </Layout>
  );
}
