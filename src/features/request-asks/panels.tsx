import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { listRequestAsks } from "../../core/requests/queries/asks.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Panel } from "../../ui/panels.ts";
import type { Db } from "../../platform/db/database.ts";
import type { PageContext } from "../../ui/context.ts";
import { agentAskActions, AgentAsksPanel, ApplicantAsksPanel } from "./views.tsx";

/** The asks of the service on a filed request's page: what to change, which documents to send, and their answers. */
export const applicantAsksSection: Panel<{ id: string }> = async (db, request) => {
  const asks = await listRequestAsks(db, request.id);
  return () => <ApplicantAsksPanel request={request} asks={asks} />;
};

type AgentHost = { procedure: { slug: string }; request: { id: string; status: RequestStatus; definition: ProcedureDefinition } };

/** "Sollicitations du demandeur" on the agent's request page: the asks sent and their answers. */
export const agentAsksSection = {
  id: "sollicitations",
  title: "Sollicitations du demandeur",
  load: async (db: Db, { procedure, request }: AgentHost) => {
    const asks = await listRequestAsks(db, request.id);
    return (ctx: PageContext) => <AgentAsksPanel ctx={ctx} slug={procedure.slug} request={request} asks={asks} />;
  },
};

/** "Demander une modification / des pièces complémentaires" among the agent's actions, when they apply. */
export const agentAskActionsPanel = async (db: Db, { procedure, request }: AgentHost) => {
  const actions = agentAskActions(procedure.slug, request, await listRequestAsks(db, request.id));
  return actions ? () => actions : null;
};
