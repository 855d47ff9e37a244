import { Button, EmailInput, ErrorSummary, Form, TextInput, FieldError, fieldId } from "../../ui/components.tsx";
import type { FieldErrors, FormValues, PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import type { AgentSummary } from "../../core/requests/queries/agents.ts";

const TITLE = "Agents instructeurs";
const crumbs = [{ label: "Accueil", href: "/" }, { label: "Administration du portail", href: "/administration" }];

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" });

export interface ProcedureChoice {
  slug: string;
  title: string;
}

export interface AgentsPageProps {
  agents: AgentSummary[];
  procedures: ProcedureChoice[];
  /** The create form's values and errors (422). */
  values?: FormValues;
  errors?: FieldErrors;
  /** An attach form's errors (422), for the agent whose form it was. */
  attach?: { agentId: string; values: FormValues; errors: FieldErrors };
}

function ProcedureSelect({ name, label, procedures, value, error }: { name: string; label: string; procedures: ProcedureChoice[]; value: string | undefined; error: string | undefined }) {
  const id = fieldId(name);
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label class="field__label" for={id}>{label}</label>
      <FieldError id={id} error={error} />
      <select id={id} name={name} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? "true" : undefined}>
        <option value="">Choisir une démarche</option>
        {procedures.map((procedure) => (
          <option value={procedure.slug} selected={procedure.slug === value}>{procedure.title} ({procedure.slug})</option>
        ))}
      </select>
    </div>
  );
}

/** "Agents instructeurs": platform admins create agents and attach them to procedures, or detach them. */
export function AgentsPage({ ctx, agents, procedures, values = {}, errors = {}, attach }: AgentsPageProps & { ctx: PageContext }) {
  const hasErrors = Object.keys(errors).length > 0 || (attach !== undefined && Object.keys(attach.errors).length > 0);
  return (
    <Layout ctx={ctx} title={TITLE} hasErrors={hasErrors} breadcrumb={[...crumbs, { label: TITLE }]}>
      <ErrorSummary errors={attach ? attach.errors : errors} />
      <h1>{TITLE}</h1>
      <p class="lead">
        Les agents instruisent les demandes des démarches auxquelles ils sont rattachés : ils ne voient que celles-ci. Un
        agent se connecte avec son identifiant et le mot de passe temporaire envoyé par courriel à sa création, qu'il change à sa
        première connexion.
      </p>

      <h2>Agents</h2>
      {agents.length === 0 ? (
        <p>Aucun agent pour l'instant.</p>
      ) : (
        <div class="table-wrapper" role="region" tabindex={0} aria-labelledby="agents-caption">
          <table class="table">
            <caption id="agents-caption">Les agents et les démarches qu'ils instruisent ({agents.length === 1 ? "1 agent" : `${agents.length} agents`})</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Démarches</th>
                <th scope="col">Rattacher à une démarche</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => {
                const own = attach?.agentId === agent.id ? attach : undefined;
                const name = `${agent.firstName} ${agent.lastName}`;
                return (
                  <tr>
                    <th scope="row">
                      {name}
                      <br />
                      <span class="field__hint">
                        {agent.identifier} — {agent.email}
                        {agent.mustChangePassword ? " — mot de passe temporaire à changer" : ""}
                      </span>
                    </th>
                    <td>
                      {agent.procedures.length === 0 ? (
                        "Aucune"
                      ) : (
                        <ul class="letter-actions">
                          {agent.procedures.map((procedure) => (
                            <li>
                              {procedure.title}
                              {procedure.groupName ? <span class="field__hint"> (groupe {procedure.groupName})</span> : null}
                              <Form action={`/administration/agents/${agent.id}/detacher`} csrfToken={ctx.csrfToken} class="inline-form">
                                <input type="hidden" name="procedure" value={procedure.slug} />
                                <Button variant="secondary">
                                  Détacher<span class="visually-hidden"> {name} de la démarche {procedure.title}</span>
                                </Button>
                              </Form>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <Form action={`/administration/agents/${agent.id}/rattacher`} csrfToken={ctx.csrfToken}>
                        <ProcedureSelect name={`procedure-${agent.id}`} label={`Démarche pour ${name}`} procedures={procedures} value={own?.values.procedure} error={own?.errors[`procedure-${agent.id}`]} />
                        <TextInput
                          name={`group-${agent.id}`}
                          label="Groupe d'instructeurs"
                          hint="Le premier groupe de la démarche si vous le laissez vide."
                          required={false}
                          value={own?.values.group}
                          error={own?.errors[`group-${agent.id}`]}
                          maxLength={100}
                        />
                        <Button variant="secondary">
                          Rattacher<span class="visually-hidden"> {name}</span>
                        </Button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="creer">Créer un agent</h2>
      {procedures.length === 0 ? (
        <p>
          Aucune démarche n'est chargée : chargez d'abord les démarches depuis la page <a href="/administration/demarches">Démarches</a>.
        </p>
      ) : (
        <Form action="/administration/agents" csrfToken={ctx.csrfToken}>
          <TextInput name="identifier" label="Identifiant" hint="De 3 à 64 caractères : lettres sans accent, chiffres, point, tiret ou tiret bas." value={values.identifier} error={errors.identifier} autocomplete="off" maxLength={64} spellcheck={false} />
          <EmailInput name="email" label="Adresse électronique" value={values.email} error={errors.email} />
          <TextInput name="lastName" label="Nom" value={values.lastName} error={errors.lastName} required={false} maxLength={100} />
          <TextInput name="firstName" label="Prénom" value={values.firstName} error={errors.firstName} required={false} maxLength={100} />
          <ProcedureSelect name="procedure" label="Démarche instruite" procedures={procedures} value={values.procedure} error={errors.procedure} />
          <TextInput name="group" label="Groupe d'instructeurs" hint="Le premier groupe de la démarche si vous le laissez vide." value={values.group} error={errors.group} required={false} maxLength={100} />
          <Button>Créer l'agent</Button>
        </Form>
      )}
    </Layout>
  );
}

/** Shown once, right after the creation: the temporary password is never displayed again. */
export function AgentCreatedPage({ ctx, agent }: { ctx: PageContext; agent: { identifier: string; email: string; password: string; expiresAt: Date; procedure: { title: string }; group: string; mailed?: boolean } }) {
  return (
    <Layout ctx={ctx} title="Agent créé" breadcrumb={[...crumbs, { label: TITLE, href: "/administration/agents" }, { label: "Agent créé" }]}>
      <h1>Agent créé</h1>
      <p>
        L'agent <strong>{agent.identifier}</strong> ({agent.email}) est créé et rattaché à la démarche « {agent.procedure.title} »
        {agent.group ? `, groupe « ${agent.group} »` : ""}.
      </p>
      {agent.mailed ? (
        <div class="alert alert--success" role="status">
          <p>
            Son identifiant et un mot de passe temporaire lui sont envoyés par courriel à {agent.email}. Valable jusqu'au {dateTimeFormat.format(agent.expiresAt)} (heure de Paris), il
            devra être changé à la première connexion.
          </p>
        </div>
      ) : (
      <div class="alert alert--warning" role="status">
        <p>
          Mot de passe temporaire : <code>{agent.password}</code>
        </p>
        <p>
          Il est affiché une seule fois : transmettez-le à l'agent par un canal sûr. Valable jusqu'au {dateTimeFormat.format(agent.expiresAt)} (heure de Paris), il
          devra être changé à la première connexion.
        </p>
      </div>
      )}
      <p>
        <a href="/administration/agents">Revenir à la liste des agents</a>
      </p>
    </Layout>
  );
}
