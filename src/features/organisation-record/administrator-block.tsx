import { Alert } from "../../ui/components.tsx";
import type { AdministratorRole } from "../../core/organisations/describe-administrator-role.ts";

/**
 * Shown on the organisation's page while it has no administrator: the way to become it, or to
 * type the code when a letter is on its way.
 */
export function AdministratorBlock({ organisationId, role }: { organisationId: string; role: AdministratorRole }) {
  if (role.kind !== "open") return null;
  const waiting = role.latest !== null && role.latest.live && !role.latest.expired && role.latest.attemptsLeft > 0;
  return (
    <Alert type="info" title="Cette structure n'a pas encore d'administrateur">
      {waiting ? (
        <p>
          Un courrier contenant le code d'activation a été demandé pour votre représentant légal.{" "}
          <a href={`/structures/${organisationId}/administrateur`}>Saisir le code d'activation</a>
        </p>
      ) : (
        <p>
          L'administrateur valide les demandes des autres membres et leurs habilitations.{" "}
          <a href={`/structures/${organisationId}/administrateur`}>Devenir administrateur de la structure</a>
        </p>
      )}
    </Alert>
  );
}
