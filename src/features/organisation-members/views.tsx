import { Alert, Button, ButtonLink, DataTable, ErrorSummary, Form, Tag, TextArea } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { MembershipStatus } from "../../platform/db/schema.ts";
import { REASON_MAX_LENGTH } from "./decide-membership.ts";
import { memberActionUrl, membersUrl } from "../../core/organisations/paths.ts";
import type { findMember, Member } from "../../core/organisations/queries/members.ts";
import { canApply } from "./transitions.ts";

const TITLE = "Membres de la structure";
const home = { label: "Accueil", href: "/" };

const dayFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

interface OrganisationRef {
  id: string;
  name: string;
}

const crumbs = (organisation: OrganisationRef) => [home, { label: organisation.name, href: `/structures/${organisation.id}` }];

/** The statuses in the words of seed 001 ("en cours de validation, validée, désactivée"). */
export const statusLabels: Record<MembershipStatus, string> = {
  pending: "En cours de validation",
  active: "Validée",
  refused: "Refusée",
  deactivated: "Désactivée",
};

const statusTones = { pending: "warning", active: "success", refused: "error", deactivated: "neutral" } as const;

const fullName = (member: { civility: string; firstName: string; lastName: string }) => `${member.civility} ${member.firstName} ${member.lastName}`;

/** A small POST form whose button names its member for screen readers (RGAA 6.1). */
function ActionForm({ ctx, action, label, member, variant }: { ctx: PageContext; action: string; label: string; member: Member; variant?: "primary" | "secondary" }) {
  return (
    <li>
      <Form action={action} csrfToken={ctx.csrfToken} class="inline-form">
        <Button variant={variant ?? "secondary"}>
          {label}
          <span class="visually-hidden"> : {fullName(member)}</span>
        </Button>
      </Form>
    </li>
  );
}

/** Refusal and deactivation first go through a confirmation page (and an optional reason). */
function ActionLink({ href, label, member }: { href: string; label: string; member: Member }) {
  return (
    <li>
      <ButtonLink href={href} variant="secondary">
        {label}
        <span class="visually-hidden"> : {fullName(member)}</span>
      </ButtonLink>
    </li>
  );
}

function MemberActions({ ctx, organisation, member, lastAdministrator }: { ctx: PageContext; organisation: OrganisationRef; member: Member; lastAdministrator: boolean }) {
  const url = (action: Parameters<typeof memberActionUrl>[2]) => memberActionUrl(organisation.id, member.id, action);
  const actions = [
    canApply("validate", member) ? <ActionForm ctx={ctx} action={url("valider")} label="Valider" member={member} variant="primary" /> : null,
    canApply("refuse", member) ? <ActionLink href={url("refuser")} label="Refuser" member={member} /> : null,
    canApply("reactivate", member) ? <ActionForm ctx={ctx} action={url("reactiver")} label="Réactiver" member={member} /> : null,
    canApply("nameAdministrator", member) ? <ActionForm ctx={ctx} action={url("nommer-administrateur")} label="Nommer administrateur" member={member} /> : null,
    canApply("removeAdministrator", member) && !lastAdministrator ? (
      <ActionForm ctx={ctx} action={url("retirer-administrateur")} label="Retirer le rôle d'administrateur" member={member} />
    ) : null,
    canApply("deactivate", member) && !lastAdministrator ? <ActionLink href={url("desactiver")} label="Désactiver" member={member} /> : null,
  ].filter((action) => action !== null);
  return (
    <>
      {actions.length > 0 ? <ul class="letter-actions">{actions}</ul> : null}
      {lastAdministrator ? (
        <p class="field__hint">Seul administrateur : nommez un autre administrateur avant de retirer ce rôle ou de désactiver ce membre.</p>
      ) : null}
    </>
  );
}

export interface MembersPageProps {
  organisation: OrganisationRef;
  members: Member[];
  /** The signed-in administrator, marked "(vous)" in the list. */
  actorId: string;
  /** Why the last action could not be done (already decided, last administrator). */
  problem?: string | undefined;
}

/** "Membres de la structure": the administrators' list of members and requests to join. */
export function MembersPage({ ctx, organisation, members, actorId, problem }: MembersPageProps & { ctx: PageContext }) {
  const administrators = members.filter((member) => member.isAdmin).length;
  const pending = members.filter((member) => member.status === "pending").length;
  const count = members.length === 1 ? "1 membre" : `${members.length} membres`;
  return (
    <Layout ctx={ctx} title={`${TITLE} - ${organisation.name}`} breadcrumb={[...crumbs(organisation), { label: TITLE }]}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Vous administrez la structure « {organisation.name} » : vous validez les demandes de rattachement et gérez ses membres
        et ses administrateurs. Chaque membre est informé par courriel de vos décisions.
      </p>
      {problem ? (
        <Alert type="error" title="Action impossible">
          <p>{problem}</p>
        </Alert>
      ) : null}
      <p>
        {pending === 0
          ? "Aucune demande de rattachement en cours de validation."
          : pending === 1
            ? "1 demande de rattachement est en cours de validation."
            : `${pending} demandes de rattachement sont en cours de validation.`}
      </p>
      <DataTable
        id="membres"
        caption={<>Membres de « {organisation.name} », les demandes en cours de validation d'abord ({count})</>}
        rows={members}
        columns={[
          {
            header: "Membre",
            rowHeader: true,
            cell: (member) => (
              <>
                {fullName(member)}
                {member.accountId === actorId ? <span class="field__hint"> (vous)</span> : null}
              </>
            ),
          },
          { header: "Adresse électronique", cell: (member) => member.email },
          { header: "Fonction", cell: (member) => member.function ?? <span class="field__hint">Non renseignée</span> },
          { header: "Statut", cell: (member) => <Tag tone={statusTones[member.status]}>{statusLabels[member.status]}</Tag> },
          { header: "Rôle", cell: (member) => (member.isAdmin ? <Tag tone="info">Administrateur</Tag> : "Membre") },
          {
            header: "Membre depuis le",
            kind: "date",
            cell: (member) => <time datetime={member.createdAt.toISOString()}>{dayFormat.format(member.createdAt)}</time>,
          },
          {
            header: "Actions",
            kind: "actions",
            cell: (member) => (
              <MemberActions ctx={ctx} organisation={organisation} member={member} lastAdministrator={member.isAdmin && administrators <= 1} />
            ),
          },
        ]}
      />
    </Layout>
  );
}


export type ConfirmedAction = "refuse" | "deactivate";

export interface ConfirmDecisionPageProps {
  action: ConfirmedAction;
  organisation: OrganisationRef;
  member: NonNullable<Awaited<ReturnType<typeof findMember>>>;
  actorId: string;
  values: FormValues;
  errors: FieldErrors;
}

const confirmations = {
  refuse: { title: "Refuser une demande de rattachement", reasonLabel: "Motif du refus", button: "Refuser la demande", path: "refuser" },
  deactivate: { title: "Désactiver un membre", reasonLabel: "Motif de la désactivation", button: "Désactiver le membre", path: "desactiver" },
} as const;

/** Confirmation of a refusal or a deactivation, with the reason told to the member. */
export function ConfirmDecisionPage({ ctx, action, organisation, member, actorId, values, errors }: ConfirmDecisionPageProps & { ctx: PageContext }) {
  const text = confirmations[action];
  const self = member.accountId === actorId;
  return (
    <Layout
      ctx={ctx}
      title={`${text.title} - ${organisation.name}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumb={[...crumbs(organisation), { label: TITLE, href: membersUrl(organisation.id) }, { label: text.title }]}
    >
      <div class="narrow">
        <h1>{text.title}</h1>
        <ErrorSummary errors={errors} labels={{ reason: text.reasonLabel }} />
        {action === "refuse" ? (
          <p>
            {fullName(member)} ({member.email}) demande à être rattaché(e) à la structure « {organisation.name} ». Si vous refusez,
            cette personne en sera informée par courriel.
          </p>
        ) : (
          <>
            {self ? (
              <p>
                Vous ne pourrez plus agir pour la structure « {organisation.name} » ni accéder aux services en son nom. Un autre
                administrateur pourra vous réactiver plus tard.
              </p>
            ) : (
              <p>
                {fullName(member)} ({member.email}) ne pourra plus agir pour la structure « {organisation.name} » ni accéder aux
                services en son nom. Vous pourrez le réactiver plus tard. Ce membre en sera informé par courriel.
              </p>
            )}
            {member.isAdmin ? (
              <Alert type="warning">
                <p>
                  {self
                    ? "Vous perdrez aussi votre rôle d'administrateur : vous ne pourrez plus gérer les membres de cette structure."
                    : "Ce membre perdra aussi son rôle d'administrateur ; il ne le retrouvera pas en étant réactivé."}
                </p>
              </Alert>
            ) : null}
          </>
        )}
        <Form action={memberActionUrl(organisation.id, member.id, text.path)} csrfToken={ctx.csrfToken}>
          <TextArea
            name="reason"
            label={text.reasonLabel}
            hint={`Il sera indiqué dans le courriel envoyé au membre. ${REASON_MAX_LENGTH} caractères au maximum.`}
            value={values.reason}
            error={errors.reason}
            maxLength={REASON_MAX_LENGTH}
            required={false}
          />
          <Button variant="danger">{text.button}</Button>
        </Form>
        <p>
          <a href={membersUrl(organisation.id)}>Annuler et revenir à la liste des membres</a>
        </p>
      </div>
    </Layout>
  );
}
