import { describe, expect, it } from "vitest";
import { buildDefinition } from "../../../test/procedures.ts";
import { missingForSubmission, shownSteps } from "./completeness.ts";

const lyon = { code: "69123", nom: "Lyon", departement: "69" };

describe("what a request lacks before submission", () => {
  it("counts the minimal information as required even when the field is not marked so", () => {
    const definition = buildDefinition({ informations_minimales: ["situation"] });
    expect(missingForSubmission(definition, { commune: lyon }, new Set()).map((item) => item.label)).toEqual(["Situation"]);
  });

  it("asks for every required field of the shown steps, and of every item of a group", () => {
    const definition = buildDefinition();
    const missing = missingForSubmission(definition, { commune: lyon, enfants: true, situation: "salarie", menage: [{ garde: true }] }, new Set());
    expect(missing).toEqual([
      { stepId: "foyer", stepTitle: "Composition du foyer", label: "Enfants 1 : Prénom", kind: "field" },
      { stepId: "foyer", stepTitle: "Composition du foyer", label: "Employeur", kind: "field" },
    ]);
  });

  it("ignores fields and documents hidden by their condition", () => {
    const definition = buildDefinition();
    definition.étapes[1]!.pièces![0]!.obligatoire = true;
    expect(missingForSubmission(definition, { commune: lyon, enfants: false, situation: "autre" }, new Set())).toEqual([]);
    expect(missingForSubmission(definition, { commune: lyon, enfants: true, situation: "autre", menage: [{ prenom: "Léa" }] }, new Set())).toEqual([
      { stepId: "foyer", stepTitle: "Composition du foyer", label: "Livret de famille", kind: "document" },
    ]);
    expect(missingForSubmission(definition, { commune: lyon, enfants: true, situation: "autre", menage: [{ prenom: "Léa" }] }, new Set(["livret"]))).toEqual([]);
  });

  it("leaves out a step whose condition does not hold", () => {
    const definition = buildDefinition();
    definition.étapes[1]!.condition = { champ: "enfants", égal: "oui" };
    expect(shownSteps(definition, { enfants: false }).map((step) => step.id)).toEqual(["general"]);
    expect(shownSteps(definition, { enfants: true }).map((step) => step.id)).toEqual(["general", "foyer"]);
  });
});
