import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { listRequestAsks } from "../../core/requests/queries/asks.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Panel } from "../../ui/panels.ts";
import { AgentAsksPanel, ApplicantAsksPanel } from "./views.tsx";

/** The asks of the service on a filed request's page: what to change, which documents to send, and their answers. */
export const applicantAsksSection: Panel<{ id: string }> = async (db, request) => {
  const asks = await listRequestAsks(db, request.id);
  return () => <ApplicantAsksPanel request={request} asks={asks} />;
};

/** "Demander une modification / des pièces complémentaires" and the asks sent, on the agent's request page. */
export const agentAsksSection: Panel<{ procedure: { slug: string }; request: { id: string; status: RequestStatus; definition: ProcedureDefinition } }> = async (db, { procedure, request }) => {
  const asks = await listRequestAsks(db, request.id);
  return (ctx) => <AgentAsksPanel ctx={ctx} slug={procedure.slug} request={request} asks={asks} />;
};
