import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkAnswers } from "./answers/check-answers.ts";
import type { ProcedureDefinition } from "./definition/schema.ts";
import { describeProblem, parseDefinitionFile } from "./definition/validate-definition.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "./load-from-directory.ts";

function demo(slug: string): ProcedureDefinition {
  const checked = parseDefinitionFile(readFileSync(path.join(PORTAL_PROCEDURES_DIRECTORY, `${slug}.json`)));
  if (!checked.ok) throw new Error(checked.problems.map((problem) => describeProblem(slug, problem)).join("\n"));
  return checked.definition;
}

const documentsOf = (definition: ProcedureDefinition) => definition.étapes.flatMap((step) => (step.pièces ?? []).map((document) => document.libellé));

describe("the four demo procedures", () => {
  it("all validate", () => {
    for (const slug of ["logement-social", "aide-associations", "demande-de-pret", "declaration-loyers"]) {
      expect(demo(slug).slug).toBe(slug);
    }
  });

  it("include the social-housing request with the nine steps of seed 003, starting with the commune wanted", () => {
    const housing = demo("logement-social");
    expect(housing.étapes.map((step) => step.titre)).toEqual([
      "Informations générales",
      "Demandeurs",
      "Composition du foyer",
      "Situation professionnelle",
      "Revenu fiscal",
      "Ressources mensuelles",
      "Logement actuel",
      "Motifs",
      "Souhaits",
    ]);
    expect(housing.étapes[0]!.champs[0]).toMatchObject({ id: "commune-souhaitee", type: "commune", obligatoire: true });
    expect(housing.étapes[0]!.introduction).toContain("informations minimales pour soumettre la demande");
    expect(documentsOf(housing)).toEqual(expect.arrayContaining(["Pièce d'identité", "Avis impôts (vous)", "Fiche de paie (vous)", "Attestation (vous)"]));
    expect(housing.déposant).toEqual({ type: "personne" });
  });

  it("include the associations' aid request with the documents of seed 000", () => {
    const aid = demo("aide-associations");
    expect(aid.étapes.map((step) => step.titre)).toEqual(["Association", "Projet", "Budget", "Pièces et coordonnées bancaires"]);
    expect(documentsOf(aid)).toEqual(expect.arrayContaining(["Budget prévisionnel de la structure", "Rapport d'activité du dernier exercice clôturé"]));
    const budget = aid.étapes.flatMap((step) => step.pièces ?? []).find((document) => document.id === "budget-previsionnel-structure");
    expect(budget?.aide).toBe("Pour les organismes privés lors d'une demande de financement de fonctionnement");
  });

  it("include the loan request, for members of an organisation holding the loan service grant", () => {
    expect(demo("demande-de-pret").déposant).toEqual({ type: "membre-structure", service: "prets-en-ligne" });
  });

  it("include the landlords' rent declaration, where every way of typing a rent is read right", () => {
    const rents = demo("declaration-loyers");
    const tenants = rents.étapes[1]!.champs.find((field) => field.id === "locataires");
    expect(tenants).toMatchObject({ type: "groupe", obligatoire: true });
    const posted = {
      "locataires[0].numero-allocataire": "1234567",
      "locataires[0].nom": "Martin",
      "locataires[0].prenom": "Camille",
      "locataires[0].adresse-logement.ligne": "1 place de la Mairie",
      "locataires[0].adresse-logement.code_postal": "35000",
      "locataires[0].adresse-logement.commune": "Rennes",
      "locataires[0].loyer": "650.50",
      "locataires[0].loyer-paye": "non",
      "locataires[0].montant-impaye": "120 €",
    };
    const result = checkAnswers(rents.étapes[1]!.champs, posted, { today: "2026-03-02" });
    expect(result.errors).toEqual({});
    expect(result.values.locataires).toEqual([
      expect.objectContaining({ loyer: 65050, "loyer-paye": false, "montant-impaye": 12000, "adresse-logement": expect.objectContaining({ codeInsee: "35238" }) }),
    ]);
  });
});
