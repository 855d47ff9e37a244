import type { AgentProcedure, InstructionRequest } from "../../core/requests/queries/agents.ts";
import type { Panel } from "../../ui/panels.ts";

/** The agent's request page as a host: the procedure it belongs to and the request. */
export interface AgentRequestHost {
  procedure: AgentProcedure;
  request: InstructionRequest;
  /** The agent looking at the page (what changed since they last looked), and when. */
  agentId: string;
  now: Date;
}

/**
 * What other features may add to the agent's request page (declared in src/features/panels.ts):
 * sections after the agent's actions (the Messagerie, the asks to the applicant…).
 */
export interface AgentRequestPanels {
  sections: readonly Panel<AgentRequestHost>[];
}
