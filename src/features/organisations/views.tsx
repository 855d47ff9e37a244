import type { OrganisationsRegisterEntry } from "../../platform/db/schema.ts";
import { formatSiret } from "../../platform/french/siret.ts";
import { Button, ButtonLink, ErrorSummary, Form, Radios, SummaryList, Table, Tag, TextInput } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { listMembershipsOfAccount } from "../../core/organisations/queries/organisations.ts";

const home = { label: "Accueil", href: "/" };
const myOrganisations = { label: "Gérer mes structures", href: "/structures" };

type MyMembership = Awaited<ReturnType<typeof listMembershipsOfAccount>>[number];

function MembershipTag({ membership }: { membership: MyMembership }) {
  if (membership.status === "pending") return <Tag tone="warning">En cours de validation</Tag>;
  if (membership.status === "refused") return <Tag tone="error">Refusée</Tag>;
  if (membership.status === "deactivated") return <Tag tone="neutral">Désactivée</Tag>;
  return membership.isAdmin ? <Tag tone="success">Administrateur</Tag> : <Tag tone="success">Validée</Tag>;
}

/** "Gérer mes structures": the person's organisations, the one they act for, and how to add or leave one. */
export function MyOrganisationsPage({ ctx, memberships }: { ctx: PageContext; memberships: MyMembership[] }) {
  const current = ctx.organisation?.id;
  return (
    <Layout ctx={ctx} title="Gérer mes structures" breadcrumb={[home, { label: "Gérer mes structures" }]}>
      <h1>Gérer mes structures</h1>
      <p>
        Rattachez-vous à l'organisme pour lequel vous agissez (commune, association, bailleur…) pour demander l'accès à ses services. Si vous agissez pour
        plusieurs organismes, choisissez celui pour lequel vous agissez maintenant.
      </p>
      {memberships.length === 0 ? (
        <p>Vous n'êtes rattaché à aucune structure.</p>
      ) : (
        <Table
          caption="Mes structures"
          headers={["Structure", "SIRET", "Numéro client", "Mon rattachement", "Actions"]}
          rowHeader
          kinds={{ SIRET: "number", Actions: "actions" }}
          rows={memberships.map((membership) => [
            <>
              <a href={`/structures/${membership.organisationId}`}>{membership.name}</a>
              <br />
              <span class="field__hint">
                {membership.postalCode} {membership.communeName}
              </span>
            </>,
            formatSiret(membership.siret),
            membership.clientNumber ?? "—",
            <MembershipTag membership={membership} />,
            membership.organisationId === current ? (
              <>
                <Tag tone="info">Structure en cours</Tag>
                <br />
                <a href={`/structures/${membership.organisationId}/supprimer`}>
                  Supprimer<span class="visually-hidden"> la structure {membership.name}</span>
                </a>
              </>
            ) : (
              <ul class="link-list">
                {membership.status === "active" || membership.status === "pending" ? (
                  <li>
                    <Form action={`/structures/${membership.organisationId}/choisir`} csrfToken={ctx.csrfToken} class="inline-form">
                      <Button variant="secondary">
                        Agir pour cette structure<span class="visually-hidden"> : {membership.name}</span>
                      </Button>
                    </Form>
                  </li>
                ) : null}
                <li>
                  <a href={`/structures/${membership.organisationId}/supprimer`}>
                    Supprimer<span class="visually-hidden"> la structure {membership.name}</span>
                  </a>
                </li>
              </ul>
            ),
          ])}
        />
      )}
      <p>
        <ButtonLink href="/structures/ajouter">Ajouter une structure</ButtonLink>
      </p>
    </Layout>
  );
}

const attachLabels = { par: "Je me rattache avec", numero: "Numéro" };

/** "Ajouter une structure", step 1: the number printed on the organisation's documents. */
export function AttachPage({ ctx, values, errors, brandOrganisation }: { ctx: PageContext; values: FormValues; errors: FieldErrors; brandOrganisation: string }) {
  return (
    <Layout ctx={ctx} title="Ajouter une structure" hasErrors={Object.keys(errors).length > 0} breadcrumb={[home, myOrganisations, { label: "Ajouter une structure" }]}>
      <h1>Ajouter une structure</h1>
      <ErrorSummary errors={errors} labels={attachLabels} />
      <p>
        Rattachez-vous à l'organisme pour lequel vous agissez, avec le numéro figurant sur ses documents : le numéro client (code tiers) indiqué sur la
        plupart des courriers de {brandOrganisation} (contrats, échéanciers…), ou son numéro SIRET.
      </p>
      <Form action="/structures/ajouter" csrfToken={ctx.csrfToken}>
        <Radios
          name="par"
          legend={attachLabels.par}
          value={values.par ?? "client"}
          error={errors.par}
          options={[
            { value: "client", label: "le numéro client (code tiers)" },
            { value: "siret", label: "le numéro SIRET" },
          ]}
        />
        <TextInput
          name="numero"
          label="Numéro client ou SIRET"
          hint="Numéro client : les zéros placés devant peuvent être omis. SIRET : 14 chiffres, espaces acceptés."
          value={values.numero}
          error={errors.numero}
          inputmode="numeric"
          autocomplete="off"
          maxLength={40}
        />
        <ul class="button-group">
          <li><Button>Rechercher la structure</Button></li>
          <li><ButtonLink href="/structures" variant="secondary">Annuler</ButtonLink></li>
        </ul>
      </Form>
    </Layout>
  );
}

/** Step 2: "Est-ce bien votre structure ?" before attaching. */
export function ConfirmAttachPage({ ctx, entry }: { ctx: PageContext; entry: OrganisationsRegisterEntry }) {
  return (
    <Layout ctx={ctx} title="Confirmer le rattachement" breadcrumb={[home, myOrganisations, { label: "Ajouter une structure" }]}>
      <h1>Est-ce bien votre structure ?</h1>
      <SummaryList
        rows={[
          ["Structure", entry.name],
          ["Numéro client", entry.clientNumber],
          ["SIRET", formatSiret(entry.siret)],
          ["Adresse", `${entry.addressLine}, ${entry.postalCode} ${entry.communeName}`],
        ]}
      />
      <Form action="/structures/ajouter/confirmer" csrfToken={ctx.csrfToken}>
        <input type="hidden" name="structure" value={entry.id} />
        <ul class="button-group">
          <li><Button>Me rattacher à cette structure</Button></li>
          <li><ButtonLink href="/structures/ajouter" variant="secondary">Ce n'est pas ma structure</ButtonLink></li>
        </ul>
      </Form>
    </Layout>
  );
}

/** "Supprimer une structure": confirmation, with what leaving means. */
export function DetachPage({ ctx, organisation }: { ctx: PageContext; organisation: { id: string; name: string } }) {
  return (
    <Layout ctx={ctx} title="Supprimer une structure" breadcrumb={[home, myOrganisations, { label: "Supprimer une structure" }]}>
      <h1>Supprimer la structure « {organisation.name} »</h1>
      <p>
        Vous ne serez plus rattaché à cette structure : vos habilitations aux services pour son compte prendront fin. Vous pourrez vous y rattacher à nouveau ;
        votre demande devra alors être validée par son administrateur.
      </p>
      <Form action={`/structures/${organisation.id}/supprimer`} csrfToken={ctx.csrfToken}>
        <ul class="button-group">
          <li><Button variant="danger">Supprimer la structure</Button></li>
          <li><ButtonLink href="/structures" variant="secondary">Annuler</ButtonLink></li>
        </ul>
      </Form>
    </Layout>
  );
}
