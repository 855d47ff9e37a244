import { PageError } from "../../platform/http/errors.ts";

/** The request was decided or abandoned (perhaps in another tab): its thread is read-only now. */
export class ThreadClosedError extends PageError {
  constructor() {
    super(409, "Messagerie fermée", "Cette demande est décidée ou abandonnée : sa messagerie reste consultable, mais on ne peut plus y écrire.");
  }
}
