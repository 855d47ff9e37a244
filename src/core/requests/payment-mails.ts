import type { Config } from "../../platform/config.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { renderMail, type MailBlock } from "../../platform/mail/layout.tsx";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatDay } from "./fields/step-summary.tsx";
import { type Addressee, greeting } from "./mail-parts.ts";

/** The applicant's mails at each step of a granted aid's payments. */

export type PaymentStep = "granted" | "asked" | "ordered" | "paid";

const subjects: Record<PaymentStep, string> = {
  granted: "Montant de votre aide et échéancier des versements",
  asked: "Votre demande de versement a bien été transmise",
  ordered: "Un versement de votre aide est mandaté",
  paid: "Un versement de votre aide est payé",
};

/** To the applicant: a step of the payments, with the amounts and dates. */
export function paymentMail(
  config: Config,
  person: Addressee,
  request: { id: string; number: string; procedureTitle: string },
  step: PaymentStep,
  details: { grantedCents: number; payments: { label: string; amountCents: number; plannedOn: string; paidOn?: string | null }[] },
) {
  const reference = `votre demande n° ${formatRequestNumber(request.number)} (« ${request.procedureTitle} »)`;
  const [payment] = details.payments;
  const opening: Record<PaymentStep, string> = {
    granted: `Le service instructeur a enregistré le montant accordé pour ${reference} : ${formatEuros(details.grantedCents)}, versé selon l'échéancier ci-dessous.`,
    asked: `Votre demande de versement « ${payment?.label} » (${formatEuros(payment?.amountCents ?? 0)}) pour ${reference} a bien été transmise avec vos justificatifs au service instructeur.`,
    ordered: `Le versement « ${payment?.label} » (${formatEuros(payment?.amountCents ?? 0)}) de l'aide accordée pour ${reference} est mandaté : il sera payé sur le compte bancaire indiqué dans les prochains jours.`,
    paid: `Le versement « ${payment?.label} » (${formatEuros(payment?.amountCents ?? 0)}) de l'aide accordée pour ${reference} a été payé le ${formatDay(payment?.paidOn ?? "")}.`,
  };
  const blocks: MailBlock[] = [
    { paragraph: opening[step] },
    ...(step === "granted" ? details.payments.map((line) => ({ paragraph: `${line.label} : ${formatEuros(line.amountCents)}, prévu le ${formatDay(line.plannedOn)}.` })) : []),
    { paragraph: "Vous suivez les versements de votre aide sur la page de votre demande, rubrique « Versements »." },
    { link: { label: "Voir ma demande", url: `${config.publicUrl}/demandes/${request.id}` } },
  ];
  return renderMail(config.brand, { subject: subjects[step], greeting: greeting(person), blocks });
}
