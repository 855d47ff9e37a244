/**
 * The PDF mailed with the confirmation of a contribution for modification: what the applicant
 * changed, field by field, before and after (the seeds' "récapitulatif des informations
 * modifiées"). Same look as the request's other PDFs (src/features/requests/pdf.ts).
 */
import type { Brand } from "../../platform/config.ts";
import { mm, winAnsi } from "../../platform/letters/render-letter.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatDateTime } from "../requests/presentation.ts";
import type { ModificationChange } from "./queries.ts";

const MARGIN = mm(20);
const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", number: "Courier-Bold" } as const;
const INK = "#1e1e1e";
const MUTED = "#4a4a4a";

export const MODIFICATION_PDF_TITLE = "Récapitulatif des informations modifiées";

export async function renderModificationSummary(input: {
  brand: Pick<Brand, "name" | "organisation">;
  procedureTitle: string;
  number: string;
  applicant: string;
  /** When the contribution was sent. */
  date: Date;
  askedAt: Date;
  message: string;
  changes: ModificationChange[];
}): Promise<Buffer> {
  // pdfkit loads on first use, not at start-up.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    lang: "fr-FR",
    info: { Title: winAnsi(MODIFICATION_PDF_TITLE), Author: winAnsi(input.brand.organisation), Creator: "Guichet", Producer: "Guichet", CreationDate: input.date, ModDate: input.date },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.fillColor(INK).font(FONT.bold).fontSize(12).text(winAnsi(input.brand.organisation), { width });
  doc.fillColor(MUTED).font(FONT.regular).fontSize(10).text(winAnsi(input.brand.name), { width });
  doc.moveDown(2);
  doc.fillColor(INK).font(FONT.bold).fontSize(18).text(winAnsi(MODIFICATION_PDF_TITLE), { width });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(12).text(winAnsi(input.procedureTitle), { width });
  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(11).text(winAnsi("Numéro de la demande :"), { width });
  doc.font(FONT.number).fontSize(16).text(formatRequestNumber(input.number), { width, characterSpacing: 1 });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(11).text(winAnsi(`Demandeur : ${input.applicant}`), { width });
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
      doc.moveDown(1);
      doc.fillColor(INK).font(FONT.bold).fontSize(13).text(winAnsi(step), MARGIN, doc.y, { width });
      doc.moveDown(0.3);
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
