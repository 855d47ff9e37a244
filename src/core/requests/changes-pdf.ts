/**
 * The PDF of what changed in a request's answers, field by field, before and after (the seeds'
 * "récapitulatif des informations modifiées"): mailed after a contribution for modification
 * (src/features/request-asks) and after an update by the applicant (src/features/request-renewal).
 */
import { mm, winAnsi } from "../../platform/letters/render-letter.ts";
import { FONT, heading, INK, MARGIN, MUTED, startPdf, type PdfHeader } from "./pdf.ts";
import type { ModificationChange } from "./queries/asks.ts";

export const MODIFICATION_PDF_TITLE = "Récapitulatif des informations modifiées";

/** `intro` is drawn first (what the change was), then each change with its value before and after. */
export async function renderChangesPdf(input: Omit<PdfHeader, "title"> & { number: string; intro: (doc: PDFKit.PDFDocument, width: number) => void; changes: ModificationChange[] }): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: MODIFICATION_PDF_TITLE });
  input.intro(doc, width);
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
