import type { Brand } from "../config.ts";
import type { LetterBlock, PostalAddress } from "./letters.ts";
import { addressLines } from "./letters.ts";

/** Millimetres to PDF points (1/72 inch): pdfkit places everything in points. */
export const mm = (millimetres: number) => (millimetres * 72) / 25.4;

const A4 = { width: mm(210), height: mm(297) };

/**
 * Where the recipient's address goes, for an A4 sheet folded in three in a French DL window
 * envelope (110 × 220 mm, window 45 × 100 mm at 20 mm from the right and 15 mm from the bottom).
 * The window then covers 100–195 mm across the sheet and 39–95 mm down it, whichever way the
 * sheet slides in the envelope; the box keeps inside the part that is always visible.
 */
export const ADDRESS_WINDOW = { left: mm(100), top: mm(50), width: mm(90), height: mm(34) } as const;

const MARGIN = { left: mm(20), right: mm(20), top: mm(20), bottom: mm(25) };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", code: "Courier-Bold" } as const;
const INK = "#1e1e1e";
const MUTED = "#4a4a4a";

/** A letter as the renderer needs it: the stored row's words, with who sends it and when. */
export interface LetterToRender {
  id: string;
  to: PostalAddress;
  subject: string;
  body: LetterBlock[];
  reference: string | null;
  /** The letter's date (its creation, so that a new rendering prints the same date). */
  date: Date;
}

/**
 * Renders a letter to a PDF (A4, pdfkit's built-in fonts: no font file to ship, a few kilobytes
 * per letter). Same input, same bytes: the document dates come from the letter, not the clock.
 */
export async function renderLetter(letter: LetterToRender, brand: Pick<Brand, "name" | "organisation">): Promise<Buffer> {
  // pdfkit (and its fonts) load on the first letter, not at start-up: the portal's start-to-first-
  // page budget is 2 s, and most processes never render a letter.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: "fr-FR",
    info: {
      Title: winAnsi(letter.subject),
      Author: winAnsi(brand.organisation),
      Creator: "Guichet",
      Producer: "Guichet",
      CreationDate: letter.date,
      ModDate: letter.date,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.fillColor(INK);
  // Sender, top left.
  doc.font(FONT.bold).fontSize(12).text(winAnsi(brand.organisation), MARGIN.left, MARGIN.top, { width: mm(75) });
  doc.font(FONT.regular).fontSize(10).fillColor(MUTED).text(winAnsi(brand.name), { width: mm(75) });

  // Recipient, in the envelope's window.
  const lines = addressLines(letter.to).map(winAnsi);
  // A line never wraps (a wrapped line reads as two to the sorting machines): 38 wide capitals
  // overflow 90 mm at 10 pt, so the block shrinks until its longest line fits.
  doc.fillColor(INK).font(FONT.regular).fontSize(10);
  const widest = Math.max(...lines.map((line) => doc.widthOfString(line)));
  const size = widest > ADDRESS_WINDOW.width ? Math.floor((10 * ADDRESS_WINDOW.width * 10) / widest) / 10 : 10;
  doc.fontSize(size).text(lines.join("\n"), ADDRESS_WINDOW.left, ADDRESS_WINDOW.top, {
    width: ADDRESS_WINDOW.width,
    lineGap: 1,
  });

  // Below the window: reference on the left, date on the right, then the subject.
  const metaTop = mm(100);
  if (letter.reference) {
    doc.font(FONT.regular).fontSize(10).text(winAnsi(`Référence : ${letter.reference}`), MARGIN.left, metaTop, { width: mm(80) });
  }
  doc.font(FONT.regular).fontSize(10).text(winAnsi(frenchDate(letter.date)), MARGIN.left, metaTop, { width: CONTENT_WIDTH, align: "right" });
  doc.font(FONT.bold).fontSize(11).text(winAnsi(`Objet : ${letter.subject}`), MARGIN.left, mm(112), { width: CONTENT_WIDTH });

  doc.moveDown(1.5);
  for (const block of letter.body) renderBlock(doc, block);

  addFooters(doc, letter, brand);
  doc.end();
  return finished;
}

function renderBlock(doc: PDFKit.PDFDocument, block: LetterBlock) {
  const paragraph = { width: CONTENT_WIDTH, align: "left" as const, lineGap: 2, paragraphGap: 0 };
  doc.fillColor(INK);
  switch (block.type) {
    case "paragraph":
      doc.font(FONT.regular).fontSize(11).text(winAnsi(block.text), MARGIN.left, doc.y, paragraph);
      doc.moveDown(0.8);
      return;
    case "list":
      doc.font(FONT.regular).fontSize(11).list(block.items.map(winAnsi), MARGIN.left, doc.y, { ...paragraph, bulletRadius: 1.5, textIndent: mm(5) });
      doc.moveDown(0.8);
      return;
    case "code":
      renderCode(doc, block);
      return;
  }
}

/** The code stands out in a framed box, large and spaced so it reads and types without mistakes. */
function renderCode(doc: PDFKit.PDFDocument, block: Extract<LetterBlock, { type: "code" }>) {
  const padding = mm(5);
  const innerWidth = CONTENT_WIDTH - 2 * padding;
  doc.font(FONT.regular).fontSize(11);
  const labelHeight = doc.heightOfString(winAnsi(block.label), { width: innerWidth });
  const hintHeight = block.hint ? doc.fontSize(9).heightOfString(winAnsi(block.hint), { width: innerWidth }) + mm(2) : 0;
  const codeHeight = 22;
  const height = padding + labelHeight + mm(3) + codeHeight + mm(2) + hintHeight + padding;
  // The box is never cut across two pages.
  if (doc.y + height > A4.height - MARGIN.bottom) doc.addPage();
  const top = doc.y;
  doc.lineWidth(1).strokeColor(INK).rect(MARGIN.left, top, CONTENT_WIDTH, height).stroke();
  doc.fillColor(INK).font(FONT.regular).fontSize(11).text(winAnsi(block.label), MARGIN.left + padding, top + padding, { width: innerWidth, align: "center" });
  doc.font(FONT.code).fontSize(codeHeight).text(winAnsi(block.code), MARGIN.left + padding, doc.y + mm(3), {
    width: innerWidth,
    align: "center",
    characterSpacing: 6,
  });
  if (block.hint) {
    doc.fillColor(MUTED).font(FONT.regular).fontSize(9).text(winAnsi(block.hint), MARGIN.left + padding, doc.y + mm(2), { width: innerWidth, align: "center" });
  }
  doc.fillColor(INK);
  doc.x = MARGIN.left;
  doc.y = top + height + mm(6);
}

/** Every page: who sends it, the letter's number (to find it in the outbox) and the page count. */
function addFooters(doc: PDFKit.PDFDocument, letter: LetterToRender, brand: Pick<Brand, "name" | "organisation">) {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing under the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const top = A4.height - mm(15);
    doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
    doc.text(winAnsi(`${brand.name} — ${brand.organisation}`), MARGIN.left, top, { width: CONTENT_WIDTH, align: "left", lineBreak: false });
    doc.text(winAnsi(`Courrier n° ${letterNumber(letter.id)} — page ${index - range.start + 1} sur ${range.count}`), MARGIN.left, top, {
      width: CONTENT_WIDTH,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/** A letter's short number, printed in its footer and shown in the outbox. */
export function letterNumber(id: string): string {
  return id.replace(/-/g, "").slice(0, 8).toUpperCase();
}

const dateParts = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris" });

/** "Le 1er mars 2026", "Le 2 mars 2026": the date as a French letter writes it, in Paris time. */
export function frenchDate(date: Date): string {
  const parts = Object.fromEntries(dateParts.formatToParts(date).map((part) => [part.type, part.value]));
  const day = parts.day === "1" ? "1er" : parts.day;
  return `Le ${day} ${parts.month} ${parts.year}`;
}

// Characters of Windows-1252 outside Latin-1: what pdfkit's built-in fonts can draw beyond it.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/**
 * The built-in fonts encode WinAnsi only (all of French, including œ, « », € and ’). Anything
 * else is brought back to its base letter, or "?", instead of printing as garbage.
 */
export function winAnsi(text: string): string {
  let result = "";
  for (const character of text.normalize("NFC").replace(/[\u202f\u2009]/g, "\u00a0")) {
    const code = character.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(character)) {
      result += character;
      continue;
    }
    const base = character.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    result += base.length > 0 && [...base].every((c) => (c.codePointAt(0) ?? 0) < 0x7f) ? base : "?";
  }
  return result;
}
