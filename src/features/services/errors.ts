import type { GrantStatus } from "../../platform/db/schema.ts";
import { PageError } from "../../platform/http/errors.ts";
import { grantStatusLabels } from "../../core/organisations/grant-status.ts";

/** The request was decided in the meantime (another administrator, a second click): the decision no longer applies. */
export class GrantAlreadyDecidedError extends PageError {
  constructor(readonly status: GrantStatus) {
    super(
      409,
      "Décision impossible sur cette habilitation",
      status === "pending"
        ? "Cette demande d'habilitation est en cours de validation : elle doit d'abord être validée avant de pouvoir être désactivée."
        : `Cette habilitation est déjà ${grantStatusLabels[status]}, peut-être par un autre administrateur. Revenez à la liste des habilitations pour voir son état.`,
    );
  }
}

/** Someone else published a new version of the terms while the admin was editing them. */
export class TermsVersionChangedError extends PageError {
  constructor() {
    super(
      409,
      "Une autre version des conditions a été publiée",
      "Une nouvelle version des conditions particulières d'utilisation a été publiée pendant que vous rédigiez la vôtre. Rouvrez le formulaire pour partir de la version en vigueur.",
    );
  }
}
