import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import type { ProvidedDocument } from "../../core/requests/queries/requests.ts";
import { contributionProblems } from "./contribution-checks.ts";

const procedure = async (name: string) => JSON.parse(await readFile(path.resolve(import.meta.dirname, `../../../procedures/${name}.json`), "utf8")) as ProcedureDefinition;
const housing = await procedure("logement-social");
const aid = await procedure("aide-associations");
/** Files provided for these documents (the checks read only which documents have one). */
const provided = (...documentIds: string[]) => documentIds.map((documentId) => ({ documentId }) as ProvidedDocument);

describe("what a contribution may not do beyond the steps the agent unlocked", () => {
  const household = {
    "commune-souhaitee": "Lyon",
    "nombre-codemandeurs": "1",
    "nom-usage": "Ferrand",
    prenom: "Jules",
    codemandeurs: [{ lien: "conjoint", nom: "Ferrand", prenom: "Léa", "date-naissance": "1990-04-02" }],
  };

  it("refuses a change of the number of co-applicants when the step listing them is locked, naming the field at its origin", () => {
    const problems = contributionProblems(housing, { unlockedSteps: ["informations-generales"], before: household, after: { ...household, "nombre-codemandeurs": "0" }, documents: [], moment: "step" });
    // The co-applicants' group (step « Demandeurs ») and their tax notice (step « Revenu fiscal »).
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem).toMatchObject({ causeFieldId: "nombre-codemandeurs", stepId: "informations-generales" });
    expect(problems[0]!.message).toContain("Vos modifications changeraient l'étape « Demandeurs », que l'agent n'a pas ouverte à la modification");
    expect(problems[0]!.message).toContain("l'information « Co-demandeurs » ne serait plus demandée, et sa réponse effacée");
    expect(problems[0]!.message).toContain("réponse d'origine : 1");
    expect(problems[1]!.message).toContain("l'étape « Revenu fiscal », que l'agent n'a pas ouverte à la modification : la pièce « Avis impôts (co-demandeur) » ne serait plus demandée.");
  });

  it("refuses the other way too: co-applicants asked for that nobody can give", () => {
    const alone = { ...household, "nombre-codemandeurs": "0", codemandeurs: undefined } as unknown as Record<string, string>;
    delete alone.codemandeurs;
    const [problem] = contributionProblems(housing, { unlockedSteps: ["informations-generales"], before: alone, after: { ...alone, "nombre-codemandeurs": "2" }, documents: [], moment: "send" });
    expect(problem?.message).toContain("l'information « Co-demandeurs » serait demandée");
    expect(problem?.message).toContain("la pièce « Pièce d'identité (co-demandeur) » serait demandée");
  });

  it("lets the same change through when the agent unlocked every step it reaches", () => {
    const problems = contributionProblems(housing, {
      unlockedSteps: ["informations-generales", "demandeurs", "revenu-fiscal"],
      before: household,
      after: { ...household, "nombre-codemandeurs": "0", codemandeurs: [] },
      documents: [],
      moment: "send",
    });
    expect(problems).toEqual([]);
  });

  it("accepts edits that leave every other step as it was", () => {
    expect(contributionProblems(housing, { unlockedSteps: ["informations-generales"], before: household, after: { ...household, prenom: "Julien" }, documents: [], moment: "send" })).toEqual([]);
  });

  const project = { siret: "73282932000074", "intitule-projet": "Fête", "description-projet": "Une journée.", "nature-aide": "projet", "cout-total": 100, "montant-demande": 50 };

  it("refuses a nature of aid that asks for a budget document never provided, even with the budget step unlocked", () => {
    const documents = provided("budget-previsionnel-projet");
    const problems = contributionProblems(aid, { unlockedSteps: ["projet", "budget"], before: project, after: { ...project, "nature-aide": "fonctionnement" }, documents, moment: "step" });
    expect(problems).toEqual([
      {
        causeFieldId: "nature-aide",
        stepId: "projet",
        message: expect.stringContaining("La pièce « Budget prévisionnel de la structure » (étape « Budget ») serait demandée, mais une contribution ne permet pas de déposer de pièce."),
      },
    ]);
    // Provided already: nothing is missing, and the budget step is unlocked.
    expect(contributionProblems(aid, { unlockedSteps: ["projet", "budget"], before: project, after: { ...project, "nature-aide": "fonctionnement" }, documents: provided("budget-previsionnel-projet", "budget-previsionnel-structure"), moment: "send" })).toEqual([]);
  });

  it("holds nothing missing before the contribution against it, and checks required fields of unlocked steps only when sending", () => {
    const essai = buildDefinition();
    const before = { commune: "Lyon", enfants: false, situation: "autre" };
    // What was missing (the required "Livret de famille" is not required here; "Commune" is given) stays out of it.
    const after = { ...before, situation: "salarie" };
    expect(contributionProblems(essai, { unlockedSteps: ["general", "foyer"], before, after, documents: [], moment: "step" })).toEqual([]);
    expect(contributionProblems(essai, { unlockedSteps: ["general", "foyer"], before, after, documents: [], moment: "send" })).toEqual([
      { causeFieldId: null, stepId: "foyer", message: "Renseignez « Employeur » à l'étape « Composition du foyer » : cette information est obligatoire." },
    ]);
    expect(contributionProblems(essai, { unlockedSteps: ["general", "foyer"], before, after: { ...after, employeur: "Mairie" }, documents: [], moment: "send" })).toEqual([]);
    // With "foyer" locked, the employer appearing is a change of that step.
    expect(contributionProblems(essai, { unlockedSteps: ["general"], before, after, documents: [], moment: "step" })[0]).toMatchObject({ causeFieldId: "situation", message: expect.stringContaining("l'information « Employeur » serait demandée") });
  });
});
