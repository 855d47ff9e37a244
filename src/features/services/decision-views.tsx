import { Button, DataTable, ErrorSummary, Form, SummaryList, TextArea } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { civilityLabels } from "../../core/accounts/identity-fields.tsx";
import type { GrantForDecision, GrantRow } from "../../core/organisations/queries/services.ts";
import { REASON_MAX_LENGTH } from "../../core/organisations/grant-status.ts";
import { DateText } from "../../ui/components.tsx";
import { GrantStatusTag } from "./ui.tsx";

/** Where decisions are made: an organisation's page for its administrators, or the administration. */
export type DecisionPlace = { kind: "organisation"; organisation: { id: string; name: string } } | { kind: "platform" };

const home = { label: "Accueil", href: "/" };

export function decisionsUrl(place: DecisionPlace): string {
  return place.kind === "organisation" ? `/structures/${place.organisation.id}/habilitations` : "/administration/habilitations";
}

function crumbs(place: DecisionPlace) {
  return place.kind === "organisation"
    ? [home, { label: place.organisation.name, href: `/structures/${place.organisation.id}` }]
    : [home, { label: "Administration du portail", href: "/administration" }];
}

const personName = (row: { civility: string; firstName: string; lastName: string }) => `${row.firstName} ${row.lastName}`;

function Person({ row }: { row: GrantRow }) {
  return (
    <>
      {civilityLabels[row.civility] ?? row.civility} {personName(row)}
      <br />
      <span class="field__hint">{row.memberEmail ?? row.accountEmail}</span>
      {row.memberFunction ? (
        <>
          <br />
          <span class="field__hint">{row.memberFunction}</span>
        </>
      ) : null}
      {row.membershipStatus === "pending" ? (
        <>
          <br />
          <span class="field__hint">Rattachement à la structure en cours de validation</span>
        </>
      ) : null}
    </>
  );
}

/** The pending requests and current grants one decides on, with "Valider", "Refuser", "Désactiver". */
export function GrantsPage({ ctx, place, grants }: { ctx: PageContext; place: DecisionPlace; grants: GrantRow[] }) {
  const pending = grants.filter((grant) => grant.status === "pending");
  const granted = grants.filter((grant) => grant.status === "granted");
  const base = decisionsUrl(place);
  const showOrganisation = place.kind === "platform";
  return (
    <Layout ctx={ctx} title="Habilitations" breadcrumb={[...crumbs(place), { label: "Habilitations" }]}>
      <h1>Habilitations</h1>
      <p class="lead">
        {place.kind === "organisation"
          ? `Les demandes d'habilitation des membres de la structure ${place.organisation.name} aux services dont vous êtes l'administrateur, et leurs habilitations en cours.`
          : "Les demandes d'habilitation aux services dont les administrateurs du portail accordent l'habilitation, et les habilitations en cours."}
      </p>

      <section aria-labelledby="demandes">
        <h2 id="demandes">Demandes en cours de validation</h2>
        {pending.length === 0 ? (
          <p>Aucune demande n'attend de décision.</p>
        ) : (
          <DataTable
            id="demandes"
            caption={`Demandes en cours de validation (${pending.length}), de la plus ancienne à la plus récente`}
            rows={pending}
            columns={[
              { header: "Personne", rowHeader: true, cell: (row) => <Person row={row} /> },
              showOrganisation && { header: "Structure", cell: (row) => row.organisationName ?? "Aucune" },
              { header: "Service", cell: (row) => row.serviceName },
              { header: "Demandée le", kind: "date", cell: (row) => <DateText date={row.requestedAt} withTime /> },
              {
                header: "Décision",
                kind: "actions",
                cell: (row) => (
                  <ul>
                    <li>
                      <Form action={`${base}/${row.id}/valider`} csrfToken={ctx.csrfToken} class="inline-form">
                        <Button>
                          Valider<span class="visually-hidden"> la demande de {personName(row)} pour {row.serviceName}</span>
                        </Button>
                      </Form>
                    </li>
                    <li>
                      <a href={`${base}/${row.id}/refuser`}>
                        Refuser<span class="visually-hidden"> la demande de {personName(row)} pour {row.serviceName}</span>
                      </a>
                    </li>
                  </ul>
                ),
              },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="habilitations">
        <h2 id="habilitations">Habilitations validées</h2>
        {granted.length === 0 ? (
          <p>Aucune habilitation n'est validée pour le moment.</p>
        ) : (
          <DataTable
            id="habilitations"
            caption={`Habilitations validées (${granted.length})`}
            rows={granted}
            columns={[
              { header: "Personne", rowHeader: true, cell: (row) => <Person row={row} /> },
              showOrganisation && { header: "Structure", cell: (row) => row.organisationName ?? "Aucune" },
              { header: "Service", cell: (row) => row.serviceName },
              { header: "Validée le", kind: "date", cell: (row) => (row.decidedAt ? <DateText date={row.decidedAt} withTime /> : null) },
              {
                header: "Action",
                kind: "actions",
                cell: (row) => (
                  <a href={`${base}/${row.id}/desactiver`}>
                    Désactiver<span class="visually-hidden"> l'habilitation de {personName(row)} pour {row.serviceName}</span>
                  </a>
                ),
              },
            ]}
          />
        )}
      </section>
    </Layout>
  );
}

export interface GrantDecisionPageProps {
  place: DecisionPlace;
  grant: GrantForDecision;
  decision: "refuse" | "revoke";
  values: FormValues;
  errors: FieldErrors;
}

/** "Refuser" or "Désactiver": the reason, which the person reads in their mail. */
export function GrantDecisionPage({ ctx, place, grant, decision, values, errors }: GrantDecisionPageProps & { ctx: PageContext }) {
  const title = decision === "refuse" ? "Refuser la demande d'habilitation" : "Désactiver l'habilitation";
  const base = decisionsUrl(place);
  return (
    <Layout ctx={ctx} title={title} hasErrors={Object.keys(errors).length > 0} breadcrumb={[...crumbs(place), { label: "Habilitations", href: base }, { label: title }]}>
      <div class="narrow">
        <h1>{title}</h1>
        <SummaryList
          rows={[
            ["Personne", `${civilityLabels[grant.civility] ?? grant.civility} ${grant.firstName} ${grant.lastName}`],
            ["Service", grant.serviceName],
            ...(grant.organisationName ? ([["Structure", grant.organisationName]] as [string, string][]) : []),
            ["État", <GrantStatusTag status={grant.status} />],
          ]}
        />
        <ErrorSummary errors={errors} labels={{ reason: decision === "refuse" ? "Motif du refus" : "Motif de la désactivation" }} />
        <Form action={`${base}/${grant.id}/${decision === "refuse" ? "refuser" : "desactiver"}`} csrfToken={ctx.csrfToken}>
          <TextArea
            name="reason"
            label={decision === "refuse" ? "Motif du refus" : "Motif de la désactivation"}
            hint={`La personne en est informée par courriel, avec ce motif (${REASON_MAX_LENGTH} caractères au maximum).`}
            value={values.reason}
            error={errors.reason}
            maxLength={REASON_MAX_LENGTH}
            rows={4}
          />
          <Button variant="danger">{decision === "refuse" ? "Refuser la demande" : "Désactiver l'habilitation"}</Button>
        </Form>
        <p>
          <a href={base}>Annuler</a>
        </p>
      </div>
    </Layout>
  );
}
