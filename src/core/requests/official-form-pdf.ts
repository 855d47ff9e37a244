/**
 * The answers laid out as the procedure's official form (a Cerfa-like PDF): the sections and
 * lines its definition describes (`formulaire_officiel`), each line the answer to a field in the
 * words of the summary sheet (presentation.ts). A hidden field's line says "Non renseigné", so
 * the form keeps its layout whatever was answered.
 */
import { winAnsi } from "../../platform/letters/render-letter.ts";
import type { Answers } from "../procedures/answers/values.ts";
import { shownAnswers } from "../procedures/answers/check-answers.ts";
import type { Field, OfficialForm, ProcedureDefinition } from "../procedures/definition/schema.ts";
import { answerRows, FONT, heading, INK, MUTED, startPdf, type PdfHeader } from "./pdf.ts";
import { fieldRows, formatDay, type AnswerRow } from "./presentation.ts";

export interface OfficialFormSection {
  title: string;
  rows: AnswerRow[];
}

/** The form's sections with their rows, from the definition's mapping and the request's answers. */
export function officialFormSections(definition: ProcedureDefinition, form: OfficialForm, answers: Answers): OfficialFormSection[] {
  const fields = new Map<string, Field>(definition.étapes.flatMap((step) => step.champs.map((field) => [field.id, field] as const)));
  // Hidden fields' answers are left out, as on the summary sheet.
  const shown = shownAnswers(definition, answers);
  return form.sections.map((section) => ({
    title: section.titre,
    rows: section.champs.flatMap((line) => {
      const field = fields.get(line.champ);
      // The validator checks every mapped id; a field gone from this version is skipped rather than a failure.
      if (!field) return [];
      const picked: Field =
        field.type === "groupe" && line.sous_champs ? { ...field, sous_champs: field.sous_champs.filter((sub) => line.sous_champs?.includes(sub.id)) } : field;
      return fieldRows({ ...picked, libellé: line.libellé ?? field.libellé } as Field, shown[field.id]);
    }),
  }));
}

export async function renderOfficialForm(
  input: Omit<PdfHeader, "title"> & { form: Pick<OfficialForm, "titre" | "référence" | "introduction">; filedAt: Date | null; sections: OfficialFormSection[] },
): Promise<Buffer> {
  const { doc, finished, width } = await startPdf({ ...input, title: input.form.titre });
  if (input.form.référence) doc.font(FONT.bold).fontSize(11).fillColor(INK).text(winAnsi(`Formulaire de référence : ${input.form.référence}`), { width });
  doc.font(FONT.regular).fontSize(11).fillColor(INK);
  if (input.filedAt) doc.text(winAnsi(`Déposée le ${formatDay(input.filedAt)}`), { width });
  doc.text(winAnsi(`Édité le ${formatDay(input.date)}`), { width });
  if (input.form.introduction) {
    doc.moveDown(0.5);
    doc.fontSize(10).fillColor(MUTED).text(winAnsi(input.form.introduction), { width });
  }
  for (const section of input.sections) {
    heading(doc, section.title, width);
    answerRows(doc, section.rows, width);
  }
  doc.end();
  return finished;
}
