import type { FastifyInstance } from "fastify";
import type { Deps } from "../platform/http/deps.ts";
import { homeRoutes } from "./home/routes.tsx";
import { loginRoutes } from "./login/routes.tsx";
import { endPartnerSessionsOfAccount } from "./sso/end-partner-sessions.ts";
import { registrationRoutes } from "./registration/routes.tsx";
import { clientNumberRegistrationRoutes } from "./registration/client-number-registration-routes.tsx";
import { captchaRoutes } from "./captcha/routes.ts";
import { themeRoutes } from "./theme/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { legalRoutes } from "./legal/routes.tsx";
import { contactRoutes } from "./contact/routes.tsx";
import { devMailboxRoutes } from "./dev-mailbox/routes.tsx";
import { myAccountRoutes } from "./my-account/routes.tsx";
import { recoveryRoutes } from "./recovery/routes.tsx";
import { partnerAccountsRoutes } from "./partner-accounts/routes.tsx";
import { temporaryPasswordRoutes } from "./temporary-password/routes.tsx";
import { lettersOutboxRoutes } from "./letters-outbox/routes.tsx";
import { organisationsRegisterRoutes } from "./organisations-register/routes.tsx";
import { administrationRoutes } from "./administration/routes.tsx";
import { organisationsRoutes } from "./organisations/routes.tsx";
import { organisationRecordRoutes } from "./organisation-record/routes.tsx";
import { organisationMembersRoutes } from "./organisation-members/routes.tsx";
import { servicesRoutes } from "./services/routes.tsx";
import { ssoRoutes } from "./sso/routes.tsx";
import { procedureRoutes } from "./procedures/routes.tsx";
import { requestRoutes } from "./requests/routes.tsx";
import { requestClaimRoutes } from "./request-claims/routes.tsx";
import { instructionRoutes } from "./instruction/routes.tsx";
import { statisticsRoutes } from "./statistics/routes.tsx";
import { auditTrailRoutes } from "./audit-trail/routes.tsx";
import { requestAskRoutes } from "./request-asks/routes.tsx";
import { requestPaymentRoutes } from "./request-payments/routes.tsx";
import { requestRenewalRoutes } from "./request-renewal/routes.tsx";
import { requestMessageRoutes } from "./request-messages/routes.tsx";
import { requestDocumentRoutes } from "./request-documents/routes.ts";
import { franceConnectRoutes } from "./franceconnect/routes.tsx";
import { socialHousingRoutes } from "./social-housing/routes.tsx";
import { receptionDesksRoutes } from "./reception-desks/routes.tsx";
import { franceConnectLogoutAddress } from "./franceconnect/logout-address.ts";
import { helpArticleRoutes } from "./help-articles/routes.tsx";
import { partnerApiRoutes } from "./partner-api/routes.ts";
import { partnerApiAdminRoutes } from "./partner-api/admin-routes.tsx";
import { agentRequestPanels, applicantRequestPanels, dashboardPanels, myAccountPanels } from "./panels.ts";

/** Each feature registers its own routes; this list is the portal's table of contents. */
export const featureRoutes: ((app: FastifyInstance, deps: Deps) => Promise<void> | void)[] = [
  homeRoutes,
  registrationRoutes,
  // Logging out of Guichet ends the partner services' sessions too, and FranceConnect's session
  // (through its end_session) when the person came by FranceConnect.
  loginRoutes({ onLogout: [endPartnerSessionsOfAccount], exits: [franceConnectLogoutAddress] }),
  franceConnectRoutes,
  captchaRoutes,
  themeRoutes,
  healthRoutes,
  legalRoutes,
  contactRoutes,
  devMailboxRoutes,
  myAccountRoutes(myAccountPanels),
  recoveryRoutes,
  partnerAccountsRoutes,
  temporaryPasswordRoutes,
  administrationRoutes,
  lettersOutboxRoutes,
  organisationsRegisterRoutes,
  organisationsRoutes,
  clientNumberRegistrationRoutes,
  organisationRecordRoutes,
  organisationMembersRoutes,
  servicesRoutes(dashboardPanels),
  ssoRoutes,
  procedureRoutes,
  requestRoutes(applicantRequestPanels),
  requestClaimRoutes,
  instructionRoutes(agentRequestPanels),
  requestAskRoutes,
  requestPaymentRoutes,
  requestRenewalRoutes,
  requestMessageRoutes,
  socialHousingRoutes,
  helpArticleRoutes,
  receptionDesksRoutes,
  requestDocumentRoutes,
  partnerApiRoutes,
  partnerApiAdminRoutes,
  statisticsRoutes,
  auditTrailRoutes,
];
