/** A payment step that cannot be taken now: the page says why (409). */
export class PaymentRefusedError extends Error {
  override name = "PaymentRefusedError";
  constructor(override readonly message: string) {
    super(message);
  }
}
