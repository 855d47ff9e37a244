import { PageError } from "../../platform/http/errors.ts";

/** The administrator's role cannot be asked for now (an administrator exists, too many letters…): said on the page. */
export class AdministratorRoleUnavailable extends PageError {
  constructor(message: string) {
    super(409, "Rôle d'administrateur", message);
  }
}

