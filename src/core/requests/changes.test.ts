import { readFile } from "node:fs/promises";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { ProcedureDefinition } from "../procedures/definition/schema.ts";
import { describeChanges, describeDocumentChange } from "./changes.ts";
import { renderModificationSummary } from "../../features/request-asks/pdf.ts";

const definition = JSON.parse(await readFile(path.resolve(import.meta.dirname, "../../../procedures/aide-associations.json"), "utf8")) as ProcedureDefinition;

describe("what a contribution changed", () => {
  it("lists only the fields whose answer differs, in the definition's order, in words", () => {
    const before = { "intitule-projet": "Fête", "nature-aide": "projet", "cout-total": 1250050 };
    const after = { "intitule-projet": "Fête des Lilas", "nature-aide": "fonctionnement", "cout-total": 1250050, autofinancement: 10000 };
    expect(describeChanges(definition, before, after)).toEqual([
      { stepId: "projet", stepTitle: "Projet", fieldId: "intitule-projet", label: "Intitulé du projet", before: "Fête", after: "Fête des Lilas" },
      { stepId: "projet", stepTitle: "Projet", fieldId: "nature-aide", label: "Nature de l'aide demandée", before: "Projet ou action spécifique", after: "Fonctionnement" },
      { stepId: "budget", stepTitle: "Budget", fieldId: "autofinancement", label: "Autofinancement de l'association", before: "Non renseigné", after: expect.stringMatching(/^100,00\s€$/) },
    ]);
  });

  it("writes a repeatable group as its items, and finds nothing when nothing changed", () => {
    const before = { "autres-financements": [{ financeur: "Commune", montant: 50000, statut: "acquis" }] };
    const after = { "autres-financements": [{ financeur: "Commune", montant: 50000, statut: "acquis" }, { financeur: "Département", montant: 20000, statut: "sollicite" }] };
    const [change] = describeChanges(definition, before, after);
    expect(change?.before).toMatch(/^Financeur 1 \(Financeur : Commune, Montant : 500,00\s€, Statut : Acquis\)$/);
    expect(change?.after).toContain("Financeur 2 (Financeur : Département");
    expect(describeChanges(definition, after, structuredClone(after))).toEqual([]);
  });

  it("prints the before / after of each change in the PDF mailed to the applicant", async () => {
    const pdf = await renderModificationSummary({
      brand: { name: "Mes aides en ligne", organisation: "Région Occitanie" },
      procedureTitle: definition.titre,
      number: "AA4GM7JDSBFN3XC3JY",
      applicant: "M. Jules Ferrand",
      date: new Date("2026-03-04T10:00:00Z"),
      askedAt: new Date("2026-03-03T10:00:00Z"),
      message: "Précisez l'intitulé.",
      changes: describeChanges(definition, { "intitule-projet": "Fête" }, { "intitule-projet": "Fête des Lilas" }),
    });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain("Récapitulatif des informations modifiées");
    expect(text).toContain("AA4 GM7 JDS BFN 3XC 3JY");
    expect(text).toContain("Message de l'agent : Précisez l'intitulé.");
    expect(text).toMatch(/Avant : Fête\s/);
    expect(text).toContain("Après : Fête des Lilas");
    const empty = await renderModificationSummary({ brand: { name: "x", organisation: "y" }, procedureTitle: "t", number: "AA4GM7JDSBFN3XC3JY", applicant: "a", date: new Date(), askedAt: new Date(), message: "m", changes: [] });
    expect((await extractText(await getDocumentProxy(new Uint8Array(empty)), { mergePages: true })).text).toContain("Aucune information n'a été modifiée.");
  });

  it("says a document's files before and after, « Aucun fichier » for none", () => {
    const step = { id: "budget", titre: "Budget" };
    const document = { id: "rib", libellé: "RIB" };
    expect(describeDocumentChange(step, document, ["ancien.pdf"], ["nouveau.pdf"])).toEqual({ stepId: "budget", stepTitle: "Budget", fieldId: "piece:rib", label: "Pièce « RIB »", before: "ancien.pdf", after: "nouveau.pdf" });
    expect(describeDocumentChange(step, document, [], ["a.pdf", "b.png"])).toMatchObject({ before: "Aucun fichier", after: "a.pdf, b.png" });
    expect(describeDocumentChange(step, document, ["a.pdf"], [])).toMatchObject({ before: "a.pdf", after: "Aucun fichier" });
  });
});
