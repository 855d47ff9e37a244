import type { PageContext } from "../../ui/context.ts";
import { Layout } from "../../ui/layout.tsx";
import { Table } from "../../ui/components.tsx";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../core/partner-api/tokens.ts";
import { problems } from "./problem.ts";
import type { OpenApiDocument } from "./openapi.ts";

type Schema = { type?: string | string[]; format?: string; description?: string; properties?: Record<string, Schema>; required?: string[]; $ref?: string; anyOf?: Schema[]; items?: Schema; const?: unknown };
type Operation = { operationId: string; summary: string; description?: string; "x-droit": string; parameters?: { name: string; in: string; required: boolean; description?: string }[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }> };

const METHODS = { get: "GET", post: "POST", put: "PUT" } as const;

function typeOf(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split("/").at(-1)!;
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" ou ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === "array" && schema.items) return `liste de ${typeOf(schema.items)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" ou ") : (schema.type ?? "valeur");
  return schema.format ? `${type} (${schema.format})` : type;
}

function schemaLink(schema: Schema) {
  const name = schema.$ref?.split("/").at(-1);
  return name ? (
    <a href={`#schema-${name}`}>
      <code>{name}</code>
    </a>
  ) : (
    <code>{typeOf(schema)}</code>
  );
}

/** What each event adds to `data`: its properties, each shown as code. */
const webhookData: Record<WebhookEvent, string[]> = {
  "demande.deposee": ["ancien_statut"],
  "demande.decidee": ["ancien_statut"],
  "demande.modifiee": ["ancien_statut"],
  "demande.reponses-modifiees": ["modification.nature", "modification.champs", "modification.pieces", "modification.valide_jusqu_au"],
  "paiement.modifie": ["paiement.etape", "paiement.versement", "paiement.libelle", "paiement.montant_centimes", "paiement.statut", "paiement.paye_le"],
};

/** The API's reference, drawn on the server from the OpenAPI document (no JavaScript). */
export function ApiReferencePage({ ctx, document }: { ctx: PageContext; document: OpenApiDocument }) {
  const title = "Référence de l'API";
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method: METHODS[method as keyof typeof METHODS] ?? method.toUpperCase(), operation })),
  );
  return (
    <Layout ctx={ctx} title={title} breadcrumb={[{ label: "Accueil", href: "/" }, { label: title }]}>
      <h1>{title}</h1>
      <p class="lead">{document.info.description}</p>
      <p>
        Adresse de base : <code>{document.servers[0]!.url}</code>. Document OpenAPI 3.1 : <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <h2>Opérations</h2>
      <ul>
        {operations.map(({ path, method, operation }) => (
          <li>
            <a href={`#${operation.operationId}`}>
              {method} {path}
            </a>{" "}
            : {operation.summary}
          </li>
        ))}
      </ul>
      {operations.map(({ path, method, operation }) => (
        <section class="api-operation" aria-labelledby={operation.operationId}>
          <h3 id={operation.operationId}>
            <code>
              {method} {path}
            </code>{" "}
            — {operation.summary}
          </h3>
          {operation.description && <p>{operation.description}</p>}
          <p>
            Droit nécessaire : <code>{operation["x-droit"]}</code>
          </p>
          {operation.parameters && operation.parameters.length > 0 && (
            <Table
              caption={`Paramètres de ${method} ${path}`}
              headers={["Nom", "Où", "Obligatoire", "Description"]}
              rowHeader
              rows={operation.parameters.map((parameter) => [<code>{parameter.name}</code>, parameter.in === "path" ? "chemin" : "requête", parameter.required ? "oui" : "non", parameter.description ?? ""])}
            />
          )}
          {operation.requestBody && (
            <p>
              Corps :{" "}
              {Object.entries(operation.requestBody.content).map(([type, content]) => (
                <>
                  <code>{type}</code> {schemaLink(content.schema)}{" "}
                </>
              ))}
            </p>
          )}
          <Table
            caption={`Réponses de ${method} ${path}`}
            headers={["Statut", "Description", "Contenu"]}
            rowHeader
            rows={Object.entries(operation.responses).map(([status, response]) => [
              status,
              response.description,
              response.content ? Object.values(response.content).map((content) => schemaLink(content.schema)) : "",
            ])}
          />
        </section>
      ))}
      <h2>Schémas</h2>
      {Object.entries(document.components.schemas as Record<string, Schema>).map(([name, schema]) => (
        <section aria-labelledby={`schema-${name}`}>
          <h3 id={`schema-${name}`}>{name}</h3>
          {schema.properties && (
            <Table
              caption={`Propriétés de ${name}`}
              headers={["Propriété", "Type", "Obligatoire", "Description"]}
              rowHeader
              rows={Object.entries(schema.properties).map(([property, value]) => [<code>{property}</code>, schemaLink(value), schema.required?.includes(property) ? "oui" : "non", value.description ?? ""])}
            />
          )}
        </section>
      ))}
      <h2>Erreurs</h2>
      <p>Chaque erreur est un objet « problem details » (RFC 9457, application/problem+json) en français ; son type renvoie ici.</p>
      <dl>
        {Object.entries(problems).map(([slug, [status, problemTitle, detail]]) => (
          <>
            <dt id={`probleme-${slug}`}>
              {status} {problemTitle}
            </dt>
            <dd>{detail}</dd>
          </>
        ))}
      </dl>
      <h2 id="webhooks">Webhooks</h2>
      <p>
        Chaque envoi est un POST JSON signé selon Standard Webhooks : en-têtes <code>webhook-id</code> (le même à chaque nouvel essai),{" "}
        <code>webhook-timestamp</code> (secondes) et <code>webhook-signature</code> (<code>v1,</code> suivi du HMAC-SHA256 en base64 de
        « id.timestamp.corps », avec la clé du secret <code>whsec_…</code>). Refusez un horodatage à plus de 5 minutes de votre horloge
        (rejeu). Répondez 2xx en moins de 10 secondes ; sinon l'envoi est retenté avec des délais croissants pendant environ un jour.
      </p>
      <p>
        Le corps est <code>{'{"type", "timestamp", "data"}'}</code> ; <code>data</code> porte toujours <code>demande</code>, <code>numero</code>,{" "}
        <code>demarche</code> et <code>statut</code>, et selon l'événement les propriétés ci-dessous. La nature d'une modification est{" "}
        <code>reponses</code>, <code>contribution</code> (la contribution pour modification demandée par un agent), <code>pieces</code> ou{" "}
        <code>renouvellement</code> ; l'étape d'un paiement est <code>aide_accordee</code>,{" "}
        <code>demande</code>, <code>mandate</code> ou <code>paye</code>.
      </p>
      <dl>
        {Object.entries(WEBHOOK_EVENTS).map(([event, label]) => (
          <>
            <dt>
              <code>{event}</code>
            </dt>
            <dd>
              {label}. Propriétés ajoutées :{" "}
              {webhookData[event as WebhookEvent].map((property, index) => (
                <>
                  {index > 0 && ", "}
                  <code>{property}</code>
                </>
              ))}
              .
            </dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}
