import type { Panel } from "../../ui/panels.ts";

/** "Mes demandes" on the dashboard: file a request, follow those filed. */
export const dashboardRequestsSection: Panel<unknown> = async () => () => (
  <section aria-labelledby="demandes">
    <h2 id="demandes">Mes demandes</h2>
    <ul class="link-list">
      <li><a href="/demarches">Déposer une demande</a></li>
      <li><a href="/demandes">Suivre mes demandes</a></li>
    </ul>
  </section>
);
