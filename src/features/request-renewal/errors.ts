/** An update or renewal the request's state does not allow (closed, expired, decided…): its message says why. */
export class RenewalRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "RenewalRefusedError";
  }
}

/** The request was updated since the page was read (another tab, two updates at once): nothing was written. */
export class UpdateConflictError extends Error {
  constructor() {
    super("Votre demande a été mise à jour entre-temps, par exemple depuis un autre onglet. Vos modifications n'ont pas été enregistrées : vérifiez les informations ci-dessous, puis recommencez.");
    this.name = "UpdateConflictError";
  }
}

/** Said when an update is tried while the service waits for a contribution for modification. */
export const OPEN_CONTRIBUTION =
  "Le service instructeur vous a demandé une contribution pour modification : modifiez votre demande depuis « Contribution pour modification », sur la page de votre demande.";

/** A document's file refused by an update (too many files, a required document left without a file): its message goes under the document. */
export class DocumentUpdateRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentUpdateRefusedError";
  }
}

/** Most files one document takes, as on a draft. */
export const MAX_FILES_PER_DOCUMENT = 10;
