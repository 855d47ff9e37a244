/**
 * The request's PDFs (pdfkit, built-in fonts): the filing receipt ("récépissé de dépôt") mailed
 * at submission and downloadable afterwards, and the summary sheet ("récapitulatif") of every
 * answer and document. Both are rebuilt from the stored request when asked for: same request,
 * same text, and nothing to keep on disk.
 */
import type { Brand } from "../../platform/config.ts";
import { mm, winAnsi } from "../../platform/letters/render-letter.ts";
import { formatRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { formatFileSize } from "../../platform/uploads/uploads.ts";
import type { AnswerRow } from "./presentation.ts";
import { formatDateTime, formatDay } from "./presentation.ts";

// Shared with the other request PDFs (src/features/request-asks/pdf.ts), so that they all look alike.
export const MARGIN = mm(20);
export const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", number: "Courier-Bold" } as const;
export const INK = "#1e1e1e";
export const MUTED = "#4a4a4a";

export interface DocumentLine {
  label: string;
  fileName: string;
  size: number;
}

export interface PdfHeader {
  brand: Pick<Brand, "name" | "organisation">;
  title: string;
  procedureTitle: string;
  /** Compact number, printed grouped; null for a draft. */
  number: string | null;
  applicant: string;
  /** The document's date (filing for the receipt, last change for the summary), printed and used as metadata. */
  date: Date;
}

/**
 * Starts an A4 request PDF with its metadata and header (brand, title, procedure, number,
 * applicant); the caller writes the body below, then calls `doc.end()` and awaits `finished`.
 */
export async function startPdf(header: PdfHeader) {
  // pdfkit loads on first use, not at start-up (the start-to-first-page budget is 2 s).
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    lang: "fr-FR",
    info: { Title: winAnsi(header.title), Author: winAnsi(header.brand.organisation), Creator: "Guichet", Producer: "Guichet", CreationDate: header.date, ModDate: header.date },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.fillColor(INK).font(FONT.bold).fontSize(12).text(winAnsi(header.brand.organisation), { width });
  doc.fillColor(MUTED).font(FONT.regular).fontSize(10).text(winAnsi(header.brand.name), { width });
  doc.moveDown(2);
  doc.fillColor(INK).font(FONT.bold).fontSize(18).text(winAnsi(header.title), { width });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(12).text(winAnsi(header.procedureTitle), { width });
  doc.moveDown(1);
  if (header.number) {
    doc.font(FONT.regular).fontSize(11).text(winAnsi("Numéro de la demande :"), { width });
    doc.font(FONT.number).fontSize(16).text(formatRequestNumber(header.number), { width, characterSpacing: 1 });
    doc.moveDown(0.5);
  }
  doc.font(FONT.regular).fontSize(11).text(winAnsi(`Demandeur : ${header.applicant}`), { width });
  return { doc, finished, width };
}

/** A section title (a step, "Pièces jointes") across the text width. */
export function heading(doc: PDFKit.PDFDocument, text: string, width: number) {
  doc.moveDown(1);
  doc.fillColor(INK).font(FONT.bold).fontSize(13).text(winAnsi(text), MARGIN, doc.y, { width });
  doc.moveDown(0.3);
}

function documentList(doc: PDFKit.PDFDocument, documents: DocumentLine[], width: number) {
  doc.font(FONT.regular).fontSize(11).fillColor(INK);
  if (documents.length === 0) {
    doc.text(winAnsi("Aucune pièce jointe."), MARGIN, doc.y, { width });
    return;
  }
  doc.list(
    documents.map((line) => winAnsi(`${line.label} : ${line.fileName} (${formatFileSize(line.size)})`)),
    MARGIN,
    doc.y,
    { width, bulletRadius: 1.5, textIndent: mm(5) },
  );
}

/** Answers as "Label : text" lines, a group item's rows indented (the summary sheet, the official form). */
export function answerRows(doc: PDFKit.PDFDocument, rows: AnswerRow[], width: number) {
  for (const row of rows) {
    const indent = row.level === 1 ? mm(6) : 0;
    doc.font(FONT.bold).fontSize(10).fillColor(INK).text(winAnsi(row.text === "" ? row.label : `${row.label} : `), MARGIN + indent, doc.y, { width: width - indent, continued: row.text !== "" });
    if (row.text !== "") doc.font(FONT.regular).text(winAnsi(row.text));
  }
}

/** The filing receipt: who filed what, under which number, when, with which documents. */
export async function renderFilingReceipt(input: PdfHeader & { documents: DocumentLine[] }): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: "Récépissé de dépôt" });
  doc.font(FONT.regular).fontSize(11).text(winAnsi(`Date de dépôt : ${formatDateTime(input.date)}`), { width });
  doc.moveDown(1);
  doc.text(winAnsi(`Votre demande a bien été déposée auprès de ${input.brand.organisation}. Rappelez son numéro dans tous vos échanges.`), { width });
  heading(doc, "Pièces jointes", width);
  documentList(doc, input.documents, width);
  doc.end();
  return finished;
}

/** The summary sheet: every shown answer, step by step, and the documents provided. */
export async function renderRequestSummary(
  input: PdfHeader & { status: string; createdAt: Date; filedAt: Date | null; steps: { title: string; rows: AnswerRow[] }[]; documents: DocumentLine[] },
): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: "Récapitulatif de la demande" });
  doc.font(FONT.regular).fontSize(11).text(winAnsi(`État : ${input.status}`), { width });
  doc.text(winAnsi(`Créée le ${formatDay(input.createdAt)}`), { width });
  if (input.filedAt) doc.text(winAnsi(`Déposée le ${formatDay(input.filedAt)}`), { width });
  doc.text(winAnsi(`Récapitulatif édité le ${formatDateTime(input.date)}`), { width });
  for (const step of input.steps) {
    heading(doc, step.title, width);
    answerRows(doc, step.rows, width);
  }
  heading(doc, "Pièces jointes", width);
  documentList(doc, input.documents, width);
  doc.end();
  return finished;
}
