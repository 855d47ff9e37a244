import type { Panel } from "../../ui/panels.ts";
import { listApplicantWaitingStates } from "../../core/requests/queries/requests.ts";
import { waitingReasons } from "../../core/requests/validity.ts";

/**
 * "Mes demandes" on the dashboard: file a request, follow those filed, and how many wait for the
 * person (an ask of the service, a renewal whose reminder was mailed: see waitingReasons).
 */
export const dashboardRequestsSection: Panel<{ accountId: string }> = async (db, host) => {
  const waiting = (await listApplicantWaitingStates(db, host.accountId)).filter((request) => waitingReasons(request).length > 0).length;
  return () => (
    <section aria-labelledby="demandes">
      <h2 id="demandes">Mes demandes</h2>
      {waiting > 0 ? (
        <p>
          <strong>{waiting === 1 ? "1 demande attend une action de votre part." : `${waiting} demandes attendent une action de votre part.`}</strong>
        </p>
      ) : null}
      <ul class="link-list">
        <li><a href="/demarches">Déposer une demande</a></li>
        <li><a href="/demandes">Suivre mes demandes</a>{waiting > 0 ? ` (${waiting} en attente de votre action)` : ""}</li>
      </ul>
    </section>
  );
};
