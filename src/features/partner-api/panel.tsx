import type { Panel } from "../../ui/panels.ts";
import { listPartnersForAccount } from "../../core/partner-api/queries.ts";

/**
 * "Mon compte"'s « Partenaires autorisés » section: which API partners may create and file
 * requests for this account, and the link to change it. Nothing while the portal has no partner.
 */
export const myAccountApiPartnersSection: Panel<{ accountId: string }> = async (db, host) => {
  const partners = await listPartnersForAccount(db, host.accountId);
  const granted = partners.filter((partner) => partner.grantedAt !== null);
  return () => {
    if (partners.length === 0) return null;
    return (
      <section aria-labelledby="partenaires-autorises">
        <h2 id="partenaires-autorises">Partenaires autorisés</h2>
        <p>
          {granted.length === 0
            ? "Aucun partenaire ne peut déposer de demande en votre nom."
            : `Peuvent créer et déposer des demandes en votre nom : ${granted.map((partner) => partner.name).join(", ")}.`}
        </p>
        <ul class="link-list">
          <li>
            <a href="/mon-compte/partenaires">Gérer les partenaires autorisés</a>
          </li>
        </ul>
      </section>
    );
  };
};
