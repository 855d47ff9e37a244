import type { Panel } from "../../ui/panels.ts";

/** The dashboard as a host: whose it is, their role, and the organisation the session acts for. */
export interface DashboardHost {
  accountId: string;
  /** The account's role, as the session read it (a panel for agents needs no query for others). */
  role: string;
  currentOrganisationId: string | null;
}

/** What other features add to the "Tableau de bord" after its tiles (declared in src/features/panels.ts). */
export interface DashboardPanels {
  sections: readonly Panel<DashboardHost>[];
}
