import { Button, DataTable, DateText, EmailInput, ErrorSummary, Form, TextInput } from "../../ui/components.tsx";
import type { PlatformAdminRow } from "../../core/accounts/queries/platform-admins.ts";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";

export const PLATFORM_ADMINS_PATH = "/administration/administrateurs";

const TITLE = "Administrateurs du portail";
const crumbs = [
  { label: "Accueil", href: "/" },
  { label: "Administration du portail", href: "/administration" },
];

/**
 * "Administrateurs du portail": the existing platform admins (name, address, created, last login
 * when the audit trail holds one), and the form by which a platform admin creates another one;
 * the temporary password goes by mail.
 */
export function PlatformAdminsPage({ ctx, admins, values = {}, errors = {} }: { ctx: PageContext; admins: readonly PlatformAdminRow[]; values?: FormValues; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs, { label: TITLE }]}>
      <ErrorSummary errors={errors} />
      <h1>{TITLE}</h1>
      <p class="lead">
        Un administrateur du portail a accès à toutes les pages d'administration. Il reçoit par courriel son identifiant et un mot de passe temporaire,
        valable 24 heures, qu'il change à sa première connexion. Les agents instructeurs se créent depuis la page{" "}
        <a href="/administration/agents">Agents instructeurs</a>.
      </p>
      <h2 id="administrateurs-existants">Administrateurs existants</h2>
      <DataTable
        id="administrateurs"
        caption={`${admins.length} administrateur${admins.length > 1 ? "s" : ""} du portail, par nom`}
        rows={admins}
        columns={[
          { header: "Nom", rowHeader: true, cell: (admin) => `${admin.firstName} ${admin.lastName}` },
          { header: "Identifiant", cell: (admin) => admin.identifier },
          { header: "Adresse électronique", cell: (admin) => admin.email },
          { header: "Créé le", kind: "date", cell: (admin) => <DateText date={admin.createdAt} /> },
          {
            header: "Dernière connexion",
            kind: "date",
            cell: (admin) =>
              admin.lastLoginAt ? <DateText date={new Date(admin.lastLoginAt)} withTime /> : admin.mustChangePassword ? "Jamais (mot de passe temporaire)" : "Inconnue",
          },
        ]}
      />
      <h2>Créer un administrateur</h2>
      <Form action={PLATFORM_ADMINS_PATH} csrfToken={ctx.csrfToken} class="narrow">
        <TextInput name="identifier" label="Identifiant" hint="De 3 à 64 caractères : lettres sans accent, chiffres, point, tiret ou tiret bas." value={values.identifier} error={errors.identifier} autocomplete="off" maxLength={64} spellcheck={false} />
        <EmailInput name="email" label="Adresse électronique" value={values.email} error={errors.email} />
        <TextInput name="lastName" label="Nom" value={values.lastName} error={errors.lastName} maxLength={100} />
        <TextInput name="firstName" label="Prénom" value={values.firstName} error={errors.firstName} maxLength={100} />
        <Button>Créer l'administrateur</Button>
      </Form>
    </Layout>
  );
}

export function PlatformAdminCreatedPage({ ctx, admin }: { ctx: PageContext; admin: { identifier: string; email: string; expiresAt: Date } }) {
  const until = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(admin.expiresAt);
  return (
    <Layout ctx={ctx} title="Administrateur créé" breadcrumb={[...crumbs, { label: TITLE, href: PLATFORM_ADMINS_PATH }, { label: "Administrateur créé" }]}>
      <h1>Administrateur créé</h1>
      <div class="alert alert--success" role="status">
        <p>
          L'administrateur <strong>{admin.identifier}</strong> est créé. Son identifiant et un mot de passe temporaire lui sont envoyés par courriel à {admin.email}.
          Valable jusqu'au {until} (heure de Paris), il devra être changé à la première connexion.
        </p>
      </div>
      <p>
        <a href={PLATFORM_ADMINS_PATH}>Créer un autre administrateur</a>
      </p>
      <p>
        <a href="/administration">Revenir à l'administration du portail</a>
      </p>
    </Layout>
  );
}
