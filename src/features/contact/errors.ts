import { PageError } from "../../platform/http/errors.ts";

/** Too many questions from one address this hour: the form comes back with status 429, values kept. */
export class TooManyQuestionsError extends Error {
  override name = "TooManyQuestionsError";
}

/** An action on a closed question (assign, answer, reply). */
export class QuestionClosedError extends PageError {
  constructor() {
    super(409, "Question close", "Cette question est close : elle ne peut plus être attribuée ni recevoir de réponse. Pour une nouvelle question, utilisez le formulaire de contact.");
  }
}
