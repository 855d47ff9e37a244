import { PageError } from "../../platform/http/errors.ts";

/** An agent's ask that cannot be made now (the request is not in instruction, or one is already open). */
export class AskNotPossibleError extends PageError {
  constructor(message: string) {
    super(409, "Action impossible", message);
  }
}

/** The applicant answers an ask that is no longer open (already answered, or cancelled by the agent). */
export class AskClosedError extends PageError {
  constructor() {
    super(409, "Demande déjà traitée", "Cette demande de l'agent a déjà reçu une réponse ou a été annulée : elle ne peut plus être modifiée. Retrouvez votre demande dans « Mes demandes ».");
  }
}
