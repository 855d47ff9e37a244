/**
 * The PDF mailed with the confirmation of a contribution for modification: what the applicant
 * changed, field by field, before and after (the seeds' "récapitulatif des informations
 * modifiées"). Same look as the request's other PDFs (src/features/requests/pdf.ts).
 */
import { mm, winAnsi } from "../../platform/letters/render-letter.ts";
import { FONT, heading, INK, MARGIN, MUTED, startPdf, type PdfHeader } from "../../core/requests/pdf.ts";
import { formatDateTime } from "../../core/requests/presentation.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";

export const MODIFICATION_PDF_TITLE = "Récapitulatif des informations modifiées";

/** The contribution's changes, each with its value before and after; `date` is when the contribution was sent. */
export async function renderModificationSummary(input: Omit<PdfHeader, "title"> & { number: string; askedAt: Date; message: string; changes: ModificationChange[] }): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: MODIFICATION_PDF_TITLE });
  doc.text(winAnsi(`Contribution pour modification demandée le ${formatDateTime(input.askedAt)}, transmise le ${formatDateTime(input.date)}.`), { width });
  doc.moveDown(0.5);
  doc.font(FONT.bold).text(winAnsi("Message de l'agent : "), { width, continued: true }).font(FONT.regular).text(winAnsi(input.message));

  if (input.changes.length === 0) {
    doc.moveDown(1);
    doc.text(winAnsi("Aucune information n'a été modifiée."), MARGIN, doc.y, { width });
  }
  let step = "";
  for (const change of input.changes) {
    if (change.stepTitle !== step) {
      step = change.stepTitle;
      heading(doc, step, width);
    }
    doc.moveDown(0.3);
    doc.font(FONT.bold).fontSize(11).fillColor(INK).text(winAnsi(change.label), MARGIN, doc.y, { width });
    const indent = mm(6);
    doc.font(FONT.bold).fontSize(10).fillColor(MUTED).text(winAnsi("Avant : "), MARGIN + indent, doc.y, { width: width - indent, continued: true });
    doc.font(FONT.regular).text(winAnsi(change.before));
    doc.font(FONT.bold).fillColor(INK).text(winAnsi("Après : "), MARGIN + indent, doc.y, { width: width - indent, continued: true });
    doc.font(FONT.regular).text(winAnsi(change.after));
  }
  doc.end();
  return finished;
}
