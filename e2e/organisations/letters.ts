import { extractText, getDocumentProxy } from "unpdf";
import type { Db } from "../../src/platform/db/database.ts";

/**
 * Waits for the job worker to render the newest letter of an organisation's administrator codes
 * (the real pg-boss queue), then reads the code from the PDF's text, as the legal representative
 * would from paper.
 */
export async function codeFromLatestLetter(db: Db, organisationId: string, label = "Code d'activation"): Promise<string> {
  for (let tries = 0; tries < 150; tries++) {
    const letter = await db
      .selectFrom("letters")
      .innerJoin("adminActivationCodes", "adminActivationCodes.letterId", "letters.id")
      .select(["letters.pdf", "letters.status"])
      .where("adminActivationCodes.organisationId", "=", organisationId)
      .orderBy("adminActivationCodes.createdAt", "desc")
      .executeTakeFirst();
    if (letter?.pdf) {
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(letter.pdf)), { mergePages: true });
      // The code is printed spaced out in its box, between its label and « Valable jusqu'au ».
      const after = text.slice(text.lastIndexOf(label) + label.length);
      const code = after.slice(0, after.indexOf("Valable")).replace(/\s/g, "");
      if (text.lastIndexOf(label) < 0 || code === "") throw new Error(`No « ${label} » in the letter:\n${text}`);
      return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No letter was generated for organisation ${organisationId}`);
}
