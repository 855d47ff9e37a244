import type { ApplicantRequest, ApplicantRequestSummary } from "../../core/requests/queries/requests.ts";
import type { ListPanel, Panel } from "../../ui/panels.ts";

/**
 * What other features may add to the applicant's request pages (the lists are declared in
 * src/features/panels.ts): links among a request's actions on "Mes demandes" and on its own
 * page, and sections of its own page after the actions. `now` is the page's time (the injected clock).
 */
export interface ApplicantRequestPanels {
  listLinks: readonly ListPanel<ApplicantRequestSummary & { now: Date }>[];
  links: readonly Panel<ApplicantRequest & { now: Date }>[];
  sections: readonly Panel<ApplicantRequest & { now: Date }>[];
}
