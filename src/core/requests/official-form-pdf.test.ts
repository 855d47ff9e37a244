import { describe, expect, it } from "vitest";
import { buildDefinition } from "../../../test/procedures.ts";
import type { OfficialForm } from "../procedures/definition/schema.ts";
import { officialFormSections } from "./official-form-pdf.ts";

const form: OfficialForm = {
  titre: "Demande d'essai",
  sections: [
    { titre: "Demandeur", champs: [{ champ: "situation", libellé: "Situation professionnelle" }, { champ: "employeur" }] },
    { titre: "Ménage", champs: [{ champ: "menage", libellé: "Enfants du ménage", sous_champs: ["prenom"] }] },
  ],
};

describe("the official form's sections", () => {
  it("print each mapped answer under the form's wording, and only the chosen sub-fields of each group item", () => {
    const sections = officialFormSections(buildDefinition(), form, {
      commune: "69123",
      situation: "salarie",
      employeur: "Mairie de Lyon",
      enfants: "oui",
      menage: [{ prenom: "Léa", garde: "oui", jours: 15 }],
    });
    expect(sections).toEqual([
      {
        title: "Demandeur",
        rows: [
          { label: "Situation professionnelle", text: "Salarié", level: 0 },
          { label: "Employeur", text: "Mairie de Lyon", level: 0 },
        ],
      },
      {
        title: "Ménage",
        rows: [
          { label: "Enfants du ménage", text: "1 élément", level: 0 },
          { label: "Élément 1", text: "", level: 1 },
          { label: "Prénom", text: "Léa", level: 1 },
        ],
      },
    ]);
  });

  it("keep the lines of hidden or unanswered fields as « Non renseigné », so the form keeps its layout", () => {
    // « employeur » is hidden when the applicant is not « salarié »: its stale answer is not printed.
    const sections = officialFormSections(buildDefinition(), form, { commune: "69123", situation: "autre", employeur: "Ancien employeur", enfants: "non" });
    expect(sections[0]!.rows).toEqual([
      { label: "Situation professionnelle", text: "Autre", level: 0 },
      { label: "Employeur", text: "Non renseigné", level: 0 },
    ]);
    expect(sections[1]!.rows).toEqual([{ label: "Enfants du ménage", text: "Non renseigné", level: 0 }]);
  });
});
