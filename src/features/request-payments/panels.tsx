import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Db } from "../../platform/db/database.ts";
import type { PageContext } from "../../ui/context.ts";
import type { ListPanel, Panel } from "../../ui/panels.ts";
import { findBankDetails, findGrant, listGrantSummaries, listPaymentFiles, listPayments } from "../../core/requests/queries/payments.ts";
import { paymentIban } from "../../core/requests/order-payment.ts";
import { AgentPaymentsPanel, ApplicantPaymentsPanel, PaymentsListLine } from "./views.tsx";

/** "Versements" on the applicant's request page, once a grant is recorded. */
export const applicantPaymentsSection: Panel<{ id: string; status: RequestStatus }> = async (db, request) => {
  if (request.status !== "accepted") return () => null;
  const grant = await findGrant(db, request.id);
  if (!grant) return () => null;
  const [payments, files] = await Promise.all([listPayments(db, request.id), listPaymentFiles(db, request.id)]);
  return () => <ApplicantPaymentsPanel request={request} grant={grant} payments={payments} files={files} />;
};

/** "Versements : … versés sur …" among the actions of each accepted request of "Mes demandes" (one query for the list). */
export const applicantPaymentsListLine: ListPanel<{ id: string; status: RequestStatus }> = async (db, requests) => {
  const rows = await listGrantSummaries(db, requests.filter((request) => request.status === "accepted").map((request) => request.id));
  const byRequest = Map.groupBy(rows, (row) => row.requestId);
  return (_ctx, request) => {
    const payments = byRequest.get(request.id);
    if (!payments?.length) return null;
    const paid = payments.filter((payment) => payment.status === "paid").reduce((sum, payment) => sum + payment.amountCents, 0);
    const next = payments.find((payment) => payment.status !== "paid");
    return <PaymentsListLine requestId={request.id} grantedCents={payments[0]!.grantedCents} paidCents={paid} next={next} />;
  };
};

/** "Versements" on the agent's page of an accepted request: the grant, the bank details, each payment's step. */
export const agentPaymentsSection = {
  id: "versements",
  title: "Versements",
  load: async (db: Db, { procedure, request }: { procedure: { slug: string }; request: { id: string; status: RequestStatus } }) => {
    if (request.status !== "accepted") return null;
    const [grant, payments, files, bank] = await Promise.all([findGrant(db, request.id), listPayments(db, request.id), listPaymentFiles(db, request.id), findBankDetails(db, request.id)]);
    return (ctx: PageContext) => <AgentPaymentsPanel ctx={ctx} slug={procedure.slug} request={request} grant={grant} payments={payments} files={files} bank={bank} iban={paymentIban(bank)} />;
  },
};
