import type { Panel } from "../../ui/panels.ts";

/** The dashboard as a host: whose it is, and the organisation the session acts for. */
export interface DashboardHost {
  accountId: string;
  currentOrganisationId: string | null;
}

/** What other features add to the "Tableau de bord" after its tiles (declared in src/features/panels.ts). */
export interface DashboardPanels {
  sections: readonly Panel<DashboardHost>[];
}
