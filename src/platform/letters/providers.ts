import type { PostalAddress } from "./letters.ts";

/** A rendered letter, as handed to a provider. */
export interface LetterToSend {
  id: string;
  to: PostalAddress;
  subject: string;
  reference: string | null;
  pdf: Uint8Array;
}

/**
 * Whoever prints and posts the letters.
 *
 * The built-in provider is the outbox: the letter waits on the "Courriers à envoyer" page until a
 * platform admin downloads, prints, posts it and marks it as posted. A print-and-post service
 * (a "courrier hybride" offer) plugs in as another implementation: `send` uploads the PDF and the
 * address to the service's API and resolves once the service has accepted it, with the
 * service's own reference and `posted: true` (the service posts it; the letter leaves the outbox).
 * It must throw when the service refuses or cannot be reached: the job is then retried with
 * growing delays. Send the letter id as the service's idempotency key where it has one: a job
 * that dies after the upload but before recording it is sent again.
 */
export interface LetterProvider {
  /** Stored on each letter it handled. */
  readonly name: string;
  send(letter: LetterToSend): Promise<{ providerReference: string | null; posted: boolean }>;
}

/** The built-in provider: the letter stays in the outbox, to be printed and posted by hand. */
export const outboxProvider: LetterProvider = {
  name: "outbox",
  async send() {
    return { providerReference: null, posted: false };
  },
};
