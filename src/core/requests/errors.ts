import { PageError } from "../../platform/http/errors.ts";

/** The request is no longer a draft (filed or abandoned in another tab): nothing can be changed. */
export class RequestNotEditableError extends PageError {
  constructor() {
    super(409, "Demande non modifiable", "Cette demande n'est plus un brouillon : elle ne peut plus être modifiée. Retrouvez-la dans « Mes demandes ».");
  }
}

/** The procedure was closed, or never published: no new request can start. */
export class ProcedureNotOpenError extends PageError {
  constructor() {
    super(404, "Démarche indisponible", "Cette démarche n'est pas ouverte aux nouvelles demandes.");
  }
}
