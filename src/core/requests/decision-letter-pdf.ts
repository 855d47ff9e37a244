/**
 * The decision letter: acceptance (with the amount granted when there is one) or refusal with
 * its reason, and the ways to appeal ("voies et délais de recours"), dated and signed by the
 * service. The procedure's `courrier_de_décision` names the signatory, the authority of a
 * "recours gracieux" and the court; each has a default.
 */
import { formatEuros } from "../../platform/french/amount.ts";
import { winAnsi } from "../../platform/letters/render-letter.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import type { DecisionLetterSettings } from "../procedures/definition/schema.ts";
import { FONT, heading, INK, startPdf, type PdfHeader } from "./pdf.ts";
import { formatDay } from "./presentation.ts";

export const DEFAULT_APPEAL_MONTHS = 2;
const MONTHS_IN_WORDS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"];

export interface DecisionLetterInput extends Omit<PdfHeader, "title" | "number"> {
  number: string;
  decision: "accepted" | "refused";
  decidedAt: Date;
  filedAt: Date;
  /** The agent's reason (a refusal) or comment (an acceptance). */
  reason: string | null;
  /** The amount granted, in cents, when the decision grants one. */
  amountGrantedCents?: number | null | undefined;
  settings: DecisionLetterSettings | undefined;
}

/** The "voies et délais de recours" paragraphs, from the procedure's settings or their defaults. */
export function appealWays(settings: DecisionLetterSettings | undefined, organisation: string): string[] {
  const appeal = settings?.voies_de_recours;
  const months = appeal?.délai_mois ?? DEFAULT_APPEAL_MONTHS;
  const delay = `${MONTHS_IN_WORDS[months] ?? String(months)} mois`;
  const signatory = settings?.signataire ?? organisation;
  return [
    `Si vous contestez cette décision, vous pouvez, dans un délai de ${delay} à compter de sa notification :`,
    `- former un recours gracieux ${appeal?.recours_gracieux ?? `auprès de l'auteur de la décision (${signatory})`} ;`,
    `- former un recours contentieux devant ${appeal?.tribunal ?? "le tribunal administratif compétent"}, qui peut aussi être saisi par l'application Télérecours citoyens (www.telerecours.fr).`,
    `Un recours gracieux prolonge le délai du recours contentieux, qui court à nouveau à compter de la réponse (ou du rejet implicite né du silence gardé pendant ${delay}).`,
  ];
}

export async function renderDecisionLetter(input: DecisionLetterInput): Promise<Buffer> {
  const accepted = input.decision === "accepted";
  const { doc, finished, width } = await startPdf({ ...input, title: accepted ? "Notification d'acceptation" : "Notification de refus" });
  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(11).fillColor(INK).text(winAnsi(`Le ${formatDay(input.decidedAt)}`), { width, align: "right" });
  doc.moveDown(0.5);
  doc.font(FONT.bold).text(winAnsi(`Objet : votre demande n° ${formatRequestNumber(input.number)} déposée le ${formatDay(input.filedAt)}`), { width });
  doc.moveDown(1);
  doc.font(FONT.regular).text("Madame, Monsieur,", { width });
  doc.moveDown(0.5);
  if (accepted) {
    doc.text(winAnsi(`Nous avons le plaisir de vous informer que votre demande « ${input.procedureTitle} » est acceptée.`), { width });
    if (input.amountGrantedCents !== undefined && input.amountGrantedCents !== null) {
      doc.moveDown(0.5);
      doc.font(FONT.bold).text(winAnsi(`Montant accordé : ${formatEuros(input.amountGrantedCents)}`), { width });
      doc.font(FONT.regular);
    }
    if (input.reason) {
      doc.moveDown(0.5);
      doc.text(winAnsi(`Observations du service : ${input.reason}`), { width });
    }
  } else {
    doc.text(winAnsi(`Nous avons le regret de vous informer que votre demande « ${input.procedureTitle} » est refusée.`), { width });
    doc.moveDown(0.5);
    doc.text(winAnsi(`Motif du refus : ${input.reason ?? "non précisé"}`), { width });
  }
  heading(doc, "Voies et délais de recours", width);
  doc.font(FONT.regular).fontSize(10).fillColor(INK);
  for (const paragraph of appealWays(input.settings, input.brand.organisation)) doc.text(winAnsi(paragraph), { width }).moveDown(0.3);
  doc.moveDown(1.5);
  doc.fontSize(11).text(winAnsi("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."), { width });
  doc.moveDown(1);
  doc.font(FONT.bold).text(winAnsi(input.settings?.signataire ?? input.brand.organisation), { width, align: "right" });
  if (input.settings?.signataire) doc.font(FONT.regular).text(winAnsi(input.brand.organisation), { width, align: "right" });
  doc.end();
  return finished;
}
