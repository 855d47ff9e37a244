import type { Panel } from "../../ui/panels.ts";

/** "Mon compte" as a host: whose account it is. */
export interface MyAccountHost {
  accountId: string;
}

/** What other features add to "Mon compte" after "Mes informations" (declared in src/features/panels.ts). */
export interface MyAccountPanels {
  sections: readonly Panel<MyAccountHost>[];
}
