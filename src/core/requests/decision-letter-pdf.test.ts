import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { appealWays, renderDecisionLetter } from "./decision-letter-pdf.ts";

const brand = { name: "Mes aides en ligne", organisation: "Région Occitanie" };

async function pdfText(content: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

const letter = (overrides: Partial<Parameters<typeof renderDecisionLetter>[0]> = {}) =>
  renderDecisionLetter({
    brand,
    procedureTitle: "Aide régionale aux projets des associations",
    number: "AAZM7NN4S3RMNTGGZB",
    applicant: "M. Jules Ferrand",
    date: new Date("2026-04-02T08:00:00Z"),
    decision: "accepted",
    decidedAt: new Date("2026-04-01T08:00:00Z"),
    filedAt: new Date("2026-03-03T10:00:00Z"),
    reason: null,
    settings: undefined,
    ...overrides,
  });

describe("the decision letter", () => {
  it("prints the amount granted on an acceptance when it is given, in euros with French typography", async () => {
    const text = await pdfText(await letter({ amountGrantedCents: 150050, reason: "Versement en deux fois." }));
    expect(text).toContain("Notification d'acceptation");
    expect(text).toMatch(/Montant accordé : 1\s500,50\s€/);
    expect(text).toContain("Observations du service : Versement en deux fois.");
    expect(text).toContain("Le 1 avril 2026");
    expect(await pdfText(await letter())).not.toContain("Montant accordé");
  });

  it("dates a refusal, gives its reason and is signed by the procedure's service above the portal's organisation", async () => {
    const text = await pdfText(await letter({ decision: "refused", reason: "Hors du dispositif.", settings: { signataire: "Direction de la vie associative" } }));
    expect(text).toContain("Notification de refus");
    expect(text).toContain("Motif du refus : Hors du dispositif.");
    expect(text).toContain("Objet : votre demande n° AAZ M7N N4S 3RM NTG GZB déposée le 3 mars 2026");
    expect(text.indexOf("Direction de la vie associative")).toBeLessThan(text.lastIndexOf("Région Occitanie"));
  });

  it("says the ways to appeal from the procedure's settings, or the defaults: the signatory, the competent court, two months", () => {
    expect(appealWays(undefined, "Région Occitanie")).toEqual([
      "Si vous contestez cette décision, vous pouvez, dans un délai de deux mois à compter de sa notification :",
      "- former un recours gracieux auprès de l'auteur de la décision (Région Occitanie) ;",
      "- former un recours contentieux devant le tribunal administratif compétent, qui peut aussi être saisi par l'application Télérecours citoyens (www.telerecours.fr).",
      "Un recours gracieux prolonge le délai du recours contentieux, qui court à nouveau à compter de la réponse (ou du rejet implicite né du silence gardé pendant deux mois).",
    ]);
    const configured = appealWays({ signataire: "Le service logement", voies_de_recours: { tribunal: "le tribunal administratif de Lyon", délai_mois: 4 } }, "Région Occitanie");
    expect(configured[0]).toContain("dans un délai de quatre mois");
    expect(configured[1]).toBe("- former un recours gracieux auprès de l'auteur de la décision (Le service logement) ;");
    expect(configured[2]).toContain("devant le tribunal administratif de Lyon");
  });
});
