/**
 * The PDF mailed with the confirmation of a contribution for modification: what the applicant
 * changed, field by field, before and after (the seeds' "récapitulatif des informations
 * modifiées"), drawn by core/requests/changes-pdf.ts (also used for the applicant's updates).
 */
import { winAnsi } from "../../platform/letters/render-letter.ts";
import { FONT, type PdfHeader } from "../../core/requests/pdf.ts";
import { MODIFICATION_PDF_TITLE, renderChangesPdf } from "../../core/requests/changes-pdf.ts";
import { formatDateTime } from "../../core/requests/presentation.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";

export { MODIFICATION_PDF_TITLE };

/** The contribution's changes, each with its value before and after; `date` is when the contribution was sent. */
export async function renderModificationSummary(input: Omit<PdfHeader, "title"> & { number: string; askedAt: Date; message: string; changes: ModificationChange[] }): Promise<Buffer> {
  return renderChangesPdf({
    ...input,
    intro: (doc, width) => {
      doc.text(winAnsi(`Contribution pour modification demandée le ${formatDateTime(input.askedAt)}, transmise le ${formatDateTime(input.date)}.`), { width });
      doc.moveDown(0.5);
      doc.font(FONT.bold).text(winAnsi("Message de l'agent : "), { width, continued: true }).font(FONT.regular).text(winAnsi(input.message));
    },
  });
}
