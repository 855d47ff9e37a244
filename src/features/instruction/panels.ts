import type { AgentProcedure, InstructionRequest } from "../../core/requests/queries/agents.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Drawing, Panel } from "../../ui/panels.ts";

/** The agent's request page as a host: the procedure it belongs to and the request. */
export interface AgentRequestHost {
  procedure: AgentProcedure;
  request: InstructionRequest;
  /** The agent looking at the page (what changed since they last looked), and when. */
  agentId: string;
  now: Date;
}

/** A panel that may have nothing to draw for this request: null is neither drawn nor listed. */
export type OptionalPanel<Host> = (db: Db, host: Host) => Promise<Drawing | null>;

/**
 * A section another feature adds to the agent's request page. The page draws its heading (an
 * `<h2>` whose id is `id`) and lists it in the "Sommaire de la demande", so the table of contents
 * is drawn from the declared list and cannot point at a section that is not there.
 */
export interface AgentRequestSection {
  /** The heading's id: the table of contents links to `#id` (lower case, French: "versements"). */
  id: string;
  /** The heading, as the table of contents shows it. */
  title: string;
  /** The section's content, or null when this request has none (no payments before a grant…). */
  load: OptionalPanel<AgentRequestHost>;
}

/**
 * What other features add to the agent's request page (declared in src/features/panels.ts).
 */
export interface AgentRequestPanels {
  /** Drawn right under the summary, before the table of contents (what changed since the agent's last visit). */
  notices: readonly Panel<AgentRequestHost>[];
  /** Actions added to the summary's "Actions possibles": each draws `<li>` items, or null when none applies now. */
  actions: readonly OptionalPanel<AgentRequestHost>[];
  /** Sections after the answers and the documents, before the history, each in the table of contents. */
  sections: readonly AgentRequestSection[];
}
