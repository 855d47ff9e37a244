import type { Deps } from "../../platform/http/deps.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { markPaid } from "../../core/requests/mark-paid.ts";
import { orderPayment } from "../../core/requests/order-payment.ts";
import { PaymentRefusedError, type PaymentActor } from "../../core/requests/payments.ts";
import { findGrant, listPayments } from "../../core/requests/queries/payments.ts";
import { problem } from "./problem.ts";
import { presentPayments } from "./present.ts";
import type { ApiCaller } from "./request-use-cases.ts";

type Procedure = { id: string; slug: string };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A request's grant and schedule (`GET …/versements`; the route checked the request is of its procedure). */
export async function readPaymentsByApi(deps: Deps, requestId: string) {
  const payments = await listPayments(deps.db, requestId);
  return presentPayments(await findGrant(deps.db, requestId), payments);
}

/**
 * Records a payment step by API (`versements:ecriture`): `mandatement` orders the payment,
 * `paiement` pays it on `date_paiement`, with the same use cases as the agent's buttons
 * (core/requests orderPayment, markPaid: row locks, the grant never passed, the history line and
 * the audit event naming the partner and its token, the applicant's mail, the `paiement.modifie`
 * webhook, all in one transaction). A step already taken
 * changes nothing (`deja_enregistre`), so a partner may retry safely. Each refusal is a problem
 * in French: 404 (unknown request or payment), 409 (not possible now, the reason said), 422 (the
 * date missing, malformed or in the future).
 */
export async function recordPaymentByApi(deps: Deps, caller: ApiCaller, procedure: Procedure, input: { requestId: string; paymentId: string; etape: "mandatement" | "paiement"; date_paiement?: string | undefined }) {
  const actor: PaymentActor = { kind: "partner", partnerId: caller.partnerId, tokenId: caller.tokenId };
  const target = { procedureId: procedure.id, requestId: input.requestId, actor, paymentId: input.paymentId };
  let outcome: { already: boolean };
  try {
    if (input.etape === "mandatement") outcome = await orderPayment(deps, target);
    else {
      const day = input.date_paiement ?? "";
      // The API speaks ISO 8601 only (the pages also accept jj/mm/aaaa).
      if (day !== "" && !ISO_DAY.test(day)) throw new FormError({ "date-paiement": "Donnez la date au format AAAA-MM-JJ, par exemple 2026-03-15." });
      outcome = await markPaid(deps, { ...target, paidOn: day });
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw problem("notFound", "Cette demande ou ce versement n'existe pas dans cette démarche.");
    if (error instanceof PaymentRefusedError) throw problem("conflict", error.message);
    if (error instanceof FormError) {
      const detail = error.errors["date-paiement"] ?? "La date du paiement n'est pas valide.";
      throw problem("invalidBody", detail, { errors: [{ pointer: "/date_paiement", detail: detail === "Indiquez la date du paiement." ? "La date du paiement est obligatoire pour un paiement (AAAA-MM-JJ)." : detail }] });
    }
    throw error;
  }
  return { ...(await readPaymentsByApi(deps, input.requestId)), deja_enregistre: outcome.already };
}
