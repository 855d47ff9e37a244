/**
 * Errors are data: a use case throws one of these and the error handler renders the page it
 * describes. Feature errors extend it with their own title and message.
 */
export class PageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends PageError {
  constructor() {
    super(404, "Page non trouvée", "La page que vous cherchez est introuvable. Vérifiez l'adresse, ou revenez à l'accueil.");
  }
}

/**
 * A form whose input is invalid: the handler catches it and re-renders the same page with status
 * 422, the typed values and these messages.
 */
export class FormError extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(`Invalid form: ${Object.keys(errors).join(", ")}`);
    this.name = "FormError";
  }
}
