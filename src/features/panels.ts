import type { AgentRequestPanels } from "./instruction/panels.ts";
import { agentAskActionsPanel, agentAsksSection, applicantAsksSection } from "./request-asks/panels.tsx";
import { agentPaymentsSection, applicantPaymentsListLine, applicantPaymentsSection } from "./request-payments/panels.tsx";
import { agentMessagesSection, applicantMessagesLink, applicantMessagesListLink } from "./request-messages/panels.tsx";
import { agentDocumentsSection, applicantDocumentsLink, applicantDocumentsListLink } from "./request-documents/panels.tsx";
import { dashboardRequestsSection } from "./requests/dashboard-section.tsx";
import { dashboardQuestionsSection } from "./contact/panels.tsx";
import type { ApplicantRequestPanels } from "./requests/panels.ts";
import type { DashboardPanels } from "./services/panels.ts";
import { myAccountFranceConnectSection } from "./franceconnect/panel.tsx";
import { agentNewsSection, applicantValidityListLinks, applicantValiditySection } from "./request-renewal/panels.tsx";
import type { MyAccountPanels } from "./my-account/panels.ts";
import { myAccountApiPartnersSection } from "./partner-api/panel.tsx";

/**
 * The panels of each host page, in the order they are drawn. A feature that adds to a request's
 * pages or to the dashboard (payments, expert opinions…) exports a panel and is listed here; the
 * host pages themselves do not change. Hosts load their panels together with their own queries.
 */

/** The applicant's pages: "Mes demandes" and a filed request's page. */
export const applicantRequestPanels: ApplicantRequestPanels = {
  listLinks: [applicantValidityListLinks, applicantMessagesListLink, applicantDocumentsListLink, applicantPaymentsListLine],
  links: [applicantMessagesLink, applicantDocumentsLink],
  sections: [applicantValiditySection, applicantAsksSection, applicantPaymentsSection],
};

/** The agent's request page: under its summary, among its actions, and its sections (in the "Sommaire de la demande"). */
export const agentRequestPanels: AgentRequestPanels = {
  notices: [agentNewsSection],
  actions: [agentAskActionsPanel],
  sections: [agentAsksSection, agentDocumentsSection, agentPaymentsSection, agentMessagesSection],
};

/** The "Tableau de bord", after the tiles of the services. */
export const dashboardPanels: DashboardPanels = {
  sections: [dashboardRequestsSection, dashboardQuestionsSection],
};

/** "Mon compte", after "Mes informations". */
export const myAccountPanels: MyAccountPanels = {
  sections: [myAccountFranceConnectSection, myAccountApiPartnersSection],
};
