import { PageError } from "../../platform/http/errors.ts";

/**
 * The register file cannot be used at all (empty, not UTF-8 text, header missing columns,
 * unclosed quote): nothing was imported. The admin page shows the message with status 422; the
 * command line prints it and exits 1.
 */
export class UnusableRegisterFile extends PageError {
  constructor(message: string) {
    super(422, "Fichier inutilisable", message);
  }
}
