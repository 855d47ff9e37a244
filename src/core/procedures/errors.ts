import { PageError } from "../../platform/http/errors.ts";

/**
 * One or more definition files are invalid: nothing was loaded. `problems` lists each one with
 * its file and path; the command line prints them and exits 1, the admin page lists them (422).
 */
export class InvalidProcedureFiles extends PageError {
  constructor(readonly problems: string[]) {
    super(422, "Définitions de démarches invalides", `${problems.length > 1 ? `${problems.length} problèmes empêchent` : "Un problème empêche"} le chargement des démarches : aucune n'a été chargée.`);
  }
}

export class UnknownProcedure extends PageError {
  constructor(slug: string) {
    super(404, "Démarche introuvable", `Aucune démarche n'a pour identifiant « ${slug} ».`);
  }
}

/** Publishing or closing is not possible in the procedure's current state. */
export class ProcedureStateError extends PageError {
  constructor(message: string) {
    super(409, "Action impossible", message);
  }
}
