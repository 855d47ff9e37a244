import { PageError } from "../../platform/http/errors.ts";

/**
 * The membership is no longer in the state the action expects (another administrator decided
 * first, a second click…): the decision is explained, not repeated.
 */
export class MembershipDecisionError extends PageError {
  constructor(message: string) {
    super(409, "Action impossible sur ce membre", message);
  }
}

/** An organisation never loses its last administrator. */
export class LastAdministratorError extends PageError {
  constructor(readonly self: boolean) {
    super(
      409,
      "Dernier administrateur de la structure",
      `${self ? "Vous êtes le dernier administrateur de cette structure" : "Ce membre est le dernier administrateur de cette structure"} : elle ne peut pas rester sans administrateur. Nommez d'abord un autre membre administrateur.`,
    );
  }
}
