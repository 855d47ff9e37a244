/**
 * The filing attestation ("attestation d'enregistrement"): a request's number, its filing date
 * and its seniority (the date of first filing, which a renewal keeps), who filed it and for whom,
 * and what the attestation proves. Rebuilt from the stored request each time it is asked for,
 * like the filing receipt (pdf.ts), with the same look.
 */
import { winAnsi } from "../../platform/letters/render-letter.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { FONT, heading, INK, MUTED, startPdf, type PdfHeader } from "./pdf.ts";
import { formatDays } from "../../platform/french/days.ts";
import { daysSince, formatDateTime, formatDay } from "./presentation.ts";

/** ", soit 9 jours" after the first filing's date, " (aujourd'hui)" the day it was filed. */
function seniority(days: number): string {
  return days === 0 ? " (aujourd'hui)" : `, soit ${formatDays(days)}`;
}

export interface AttestationInput extends Omit<PdfHeader, "title" | "number"> {
  number: string;
  /** When this request was filed. */
  filedAt: Date;
  /** Seniority: the first filing of the request (kept through renewals). */
  firstFiledAt: Date;
  /** The organisation the request was filed for, if any ("Association des Lilas, SIRET …"). */
  organisation: string | null;
  /** The procedure's own sentence on what the attestation proves (`attestation.portée`). */
  scope: string | undefined;
}

/** The standard sentence: what any filing attestation proves. */
export function attestationStatement(input: Pick<AttestationInput, "number" | "firstFiledAt" | "procedureTitle">): string {
  return `Cette attestation prouve que votre demande « ${input.procedureTitle} » est enregistrée sous le numéro ${formatRequestNumber(input.number)} depuis le ${formatDay(input.firstFiledAt)}.`;
}

export async function renderFilingAttestation(input: AttestationInput): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: "Attestation d'enregistrement" });
  if (input.organisation) doc.text(winAnsi(`Pour le compte de : ${input.organisation}`), { width });
  doc.moveDown(0.5);
  doc.text(winAnsi(`Date de dépôt : ${formatDateTime(input.filedAt)}`), { width });
  doc.text(winAnsi(`Date de première demande (ancienneté) : ${formatDay(input.firstFiledAt)}${seniority(daysSince(input.firstFiledAt, input.date))}`), { width });
  heading(doc, "Objet de l'attestation", width);
  doc.font(FONT.regular).fontSize(11).fillColor(INK).text(winAnsi(attestationStatement(input)), { width });
  if (input.scope) {
    doc.moveDown(0.5);
    doc.text(winAnsi(input.scope), { width });
  }
  doc.moveDown(2);
  doc.text(winAnsi(`Fait le ${formatDay(input.date)}, pour valoir ce que de droit.`), { width });
  doc.font(FONT.bold).text(winAnsi(input.brand.organisation), { width });
  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED).text(winAnsi(`Document établi par ${input.brand.name} le ${formatDateTime(input.date)}. Rappelez le numéro de votre demande dans tous vos échanges.`), { width });
  doc.end();
  return finished;
}
