import type { FastifyInstance } from "fastify";
import type { Deps } from "../../platform/http/deps.ts";
import { sessionCookieName } from "../../platform/http/auth.ts";
import { renderPage } from "../../ui/render.ts";
import { accessibilityAudit, auditFigures } from "../../ui/accessibility/audit.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../../platform/sessions/sessions.ts";
import { AccessibilityPage, LegalNoticePage, PersonalDataPage, type CookieDescription } from "./views.tsx";

/** The pages linked from every footer: accessibility statement, legal notice, personal data (contact: src/features/contact). */
export function legalRoutes(app: FastifyInstance, deps: Deps) {
  const cookies = cookiesOf(deps);
  const personalData = {
    cookies,
    sessionIdleMinutes: SESSION_IDLE_MS / 60_000,
    sessionMaxHours: SESSION_ABSOLUTE_MS / 3_600_000,
  };
  const statement = { audit: accessibilityAudit, figures: auditFigures(accessibilityAudit) };
  app.get("/accessibilite", (request, reply) => renderPage(deps, request, reply, AccessibilityPage, statement));
  app.get("/mentions-legales", (request, reply) => renderPage(deps, request, reply, LegalNoticePage, {}));
  app.get("/donnees-personnelles", (request, reply) => renderPage(deps, request, reply, PersonalDataPage, personalData));
}

/**
 * The cookies the portal sets, named as this deployment names them (`__Host-` prefix in
 * production). The CSRF and message cookie names mirror app.ts and render.ts; the test checks
 * that the cookies actually set are all listed here.
 */
function cookiesOf(deps: Deps): CookieDescription[] {
  const production = deps.config.env === "production";
  return [
    {
      name: sessionCookieName(deps.config),
      purpose: "Garder votre session ouverte après la connexion.",
      lifetime: `Jusqu'à la déconnexion, ou ${SESSION_IDLE_MS / 60_000} minutes d'inactivité, ou ${SESSION_ABSOLUTE_MS / 3_600_000} heures après la connexion.`,
    },
    {
      name: production ? "__Host-guichet_csrf" : "guichet_csrf",
      purpose: "Vérifier que les formulaires envoyés viennent bien de ce site (protection contre la falsification de requêtes).",
      lifetime: "Jusqu'à la fermeture du navigateur.",
    },
    {
      // Mirrors features/requests/filing-intent.ts.
      name: production ? "__Host-guichet_depot" : "guichet_depot",
      purpose: "Retrouver la démarche choisie avec « Déposer une demande » avant de vous connecter, pour ouvrir votre brouillon après la connexion.",
      lifetime: "30 minutes au plus, effacé dès que le brouillon est ouvert.",
    },
    {
      // Mirrors features/help-articles/vote-on-article.ts.
      name: "guichet_aide_avis",
      purpose: "Ne compter qu'une fois votre réponse à « Cette réponse vous a-t-elle aidé ? » pour chaque article.",
      lifetime: "Jusqu'à la fermeture du navigateur.",
    },
    {
      name: "guichet_flash",
      purpose: "Afficher une seule fois le message de confirmation d'une action que vous venez d'effectuer.",
      lifetime: "1 minute au plus, effacé dès que le message est affiché.",
    },
  ];
}
