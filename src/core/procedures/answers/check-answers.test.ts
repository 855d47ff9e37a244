import { describe, expect, it } from "vitest";
import type { Field } from "../definition/schema.ts";
import { buildDefinition } from "../../../../test/procedures.ts";
import { checkAnswers, checkStep, isFieldShown, isStepShown, missingMinimalInformation, postedGroupIndexes, requestedDocuments, shownAnswers } from "./check-answers.ts";

const definition = buildDefinition();
const [general, foyer] = definition.étapes as [(typeof definition.étapes)[0], (typeof definition.étapes)[0]];
const today = "2026-03-02";

describe("a step's answers", () => {
  it("are checked field by field, with every error by input name and the valid values normalised", () => {
    const result = checkAnswers(general.champs, { commune: "", enfants: "peut-être", situation: "salarie" }, { today });
    expect(result).toEqual({
      values: { situation: "salarie" },
      errors: { commune: "Saisissez la commune.", enfants: "Répondez par oui ou par non." },
    });
  });

  it("leave a hidden field unrequired and drop what was posted for it", () => {
    // "employeur" is required only for "salarie"; "menage" only when "enfants" is yes.
    const answers = { commune: { code: "69123", nom: "Lyon", departement: "69" }, enfants: false, situation: "autre" };
    const result = checkAnswers(foyer.champs, { employeur: "Acme", "menage[0].prenom": "Léa" }, { today, answers });
    expect(result).toEqual({ values: {}, errors: {} });

    const shown = checkAnswers(foyer.champs, { employeur: "" }, { today, answers: { ...answers, situation: "salarie" } });
    expect(shown.errors).toEqual({ employeur: "Ce champ est obligatoire." });
  });

  it("evaluate conditions on fields above in the same step from what was just posted, not from older answers", () => {
    const fields: Field[] = [
      { id: "loue", type: "oui-non", libellé: "Êtes-vous locataire ?" },
      { id: "loyer", type: "montant", libellé: "Loyer", obligatoire: true, condition: { champ: "loue", égal: "oui" } },
    ];
    // The saved answer said "oui"; the form now says "non": the rent is no longer asked.
    expect(checkAnswers(fields, { loue: "non", loyer: "" }, { today, answers: { loue: true, loyer: 65000 } })).toEqual({ values: { loue: false }, errors: {} });
    expect(checkAnswers(fields, { loue: "oui", loyer: "650,50 €" }, { today })).toEqual({ values: { loue: true, loyer: 65050 }, errors: {} });
  });

  it("hide a field whose condition depends on a hidden field, and skip explanatory text", () => {
    const fields: Field[] = [
      { id: "a", type: "oui-non", libellé: "A" },
      { id: "b", type: "choix-unique", libellé: "B", condition: { champ: "a", égal: "oui" }, options: [{ valeur: "x", libellé: "X" }, { valeur: "y", libellé: "Y" }] },
      { id: "c", type: "texte-court", libellé: "C", obligatoire: true, condition: { champ: "b", renseigné: true } },
      { id: "note", type: "explication", texte: "À lire" },
    ];
    expect(checkAnswers(fields, { a: "non", b: "x", c: "" }, { today })).toEqual({ values: { a: false }, errors: {} });
    expect(checkAnswers(fields, { a: "oui", b: "x", c: "" }, { today }).errors).toEqual({ c: "Ce champ est obligatoire." });
  });

  it("show a field when a ticked box is among the values of its condition", () => {
    const fields: Field[] = [
      { id: "aides", type: "cases-a-cocher", libellé: "Aides", options: [{ valeur: "apl", libellé: "APL" }, { valeur: "rsa", libellé: "RSA" }] },
      { id: "numero", type: "texte-court", libellé: "Numéro", obligatoire: true, condition: { champ: "aides", parmi: ["apl"] } },
    ];
    expect(checkAnswers(fields, { aides: ["rsa", "apl"], numero: "" }, { today }).errors).toEqual({ numero: "Ce champ est obligatoire." });
    expect(checkAnswers(fields, { aides: "rsa" }, { today })).toEqual({ values: { aides: ["rsa"] }, errors: {} });
  });
});

describe("a repeatable group", () => {
  const answers = { enfants: true, situation: "autre" };

  it("reads its items from indexed names, in index order, renumbered, with sub-field conditions per item", () => {
    const result = checkAnswers(
      foyer.champs,
      { "menage[2].prenom": "Noé", "menage[2].garde": "oui", "menage[2].jours": "15", "menage[0].prenom": "Léa", "menage[0].garde": "non", "menage[0].jours": "10" },
      { today, answers },
    );
    expect(result).toEqual({ values: { menage: [{ prenom: "Léa", garde: false }, { prenom: "Noé", garde: true, jours: 15 }] }, errors: {} });
  });

  it("ignores an item left entirely blank, and names each sub-field error by its indexed name", () => {
    const result = checkAnswers(foyer.champs, { "menage[0].prenom": "", "menage[0].garde": "", "menage[1].prenom": "", "menage[1].garde": "oui", "menage[1].jours": "beaucoup" }, { today, answers });
    expect(result.errors).toEqual({
      "menage[1].prenom": "Ce champ est obligatoire.",
      "menage[1].jours": "Saisissez un nombre entier, avec des chiffres seulement, par exemple 3.",
    });
    expect(result.values).toEqual({});
  });

  it("refuses more items than its maximum, and fewer than its minimum", () => {
    const four = Object.fromEntries([0, 1, 2, 3].map((index) => [`menage[${index}].prenom`, `Enfant ${index}`]));
    expect(checkAnswers(foyer.champs, four, { today, answers }).errors).toEqual({ menage: "Vous ne pouvez pas ajouter plus de 3 éléments : retirez-en 1." });

    const group: Field = { id: "locataires", type: "groupe", libellé: "Locataires", obligatoire: true, libellé_élément: "Locataire", sous_champs: [{ id: "loyer", type: "montant", libellé: "Loyer", obligatoire: true }] };
    expect(checkAnswers([group], {}, { today }).errors).toEqual({ locataires: "Ajoutez au moins un élément « Locataire »." });
    expect(checkAnswers([{ ...group, minimum: 2 }], { "locataires[0].loyer": "650" }, { today }).errors).toEqual({ locataires: "Ajoutez au moins 2 éléments « Locataire »." });
  });

  it("reads every way of writing a tenant's rent the same", () => {
    const group: Field = { id: "locataires", type: "groupe", libellé: "Locataires", sous_champs: [{ id: "loyer", type: "montant", libellé: "Loyer", obligatoire: true }] };
    const posted = { "locataires[0].loyer": "650,50", "locataires[1].loyer": "650.50", "locataires[2].loyer": "650,50 €", "locataires[3].loyer": "650 €" };
    expect(checkAnswers([group], posted, { today }).values).toEqual({ locataires: [{ loyer: 65050 }, { loyer: 65050 }, { loyer: 65050 }, { loyer: 65000 }] });
  });

  it("only looks at indexes of up to three digits, so a forged form cannot make it walk a million items", () => {
    expect(postedGroupIndexes({ id: "menage" }, { "menage[1000000].prenom": "x", "menage[999].prenom": "y", "menage[1].prenom": "z", "autre[0].prenom": "w", "menage.prenom": "v" })).toEqual([1, 999]);
  });
});

describe("the minimal information", () => {
  it("lists the required-for-submission fields that are shown and unanswered", () => {
    const withMinimal = buildDefinition({ informations_minimales: ["commune", "situation", "employeur", "menage"] });
    expect(missingMinimalInformation(withMinimal, {})).toEqual(["commune", "situation"]);
    expect(missingMinimalInformation(withMinimal, { commune: { code: "69123", nom: "Lyon", departement: "69" }, situation: "salarie" })).toEqual(["employeur"]);
    expect(missingMinimalInformation(withMinimal, { commune: { code: "69123", nom: "Lyon", departement: "69" }, situation: "autre", enfants: true, menage: [] })).toEqual(["menage"]);
    expect(missingMinimalInformation(withMinimal, { commune: { code: "69123", nom: "Lyon", departement: "69" }, situation: "autre", enfants: false })).toEqual([]);
  });

  it("treats a field under a hidden step as hidden", () => {
    const stepped = buildDefinition();
    stepped.étapes[1]!.condition = { champ: "enfants", égal: "oui" };
    expect(isFieldShown(stepped, { situation: "salarie", enfants: false }, "employeur")).toBe(false);
    expect(isFieldShown(stepped, { situation: "salarie", enfants: true }, "employeur")).toBe(true);
  });
});

describe("a step of a procedure", () => {
  it("takes no answer when its condition hides it, and is checked against the other steps' shown answers", () => {
    const stepped = buildDefinition();
    stepped.étapes[1]!.condition = { champ: "enfants", égal: "oui" };
    expect(checkStep(stepped, "foyer", { employeur: "" }, { today, answers: { enfants: false, situation: "salarie" } })).toEqual({ values: {}, errors: {} });
    expect(checkStep(stepped, "foyer", { employeur: "" }, { today, answers: { enfants: true, situation: "salarie" } }).errors).toEqual({ employeur: "Ce champ est obligatoire." });
    expect(isStepShown(stepped, { enfants: true }, "foyer")).toBe(true);
    expect(isStepShown(stepped, {}, "foyer")).toBe(false);
    expect(checkStep(stepped, "inconnue", {}, { today })).toEqual({ values: {}, errors: {} });
  });

  it("asks for the documents whose condition holds", () => {
    expect(requestedDocuments(definition, "foyer", { enfants: true }).map((document) => document.id)).toEqual(["livret"]);
    expect(requestedDocuments(definition, "foyer", { enfants: false })).toEqual([]);
    expect(requestedDocuments(definition, "general", { enfants: true })).toEqual([]);
  });

  it("ignores an old answer of a field that its condition now hides", () => {
    const answers = { situation: "autre", employeur: "Acme", commune: { code: "69123", nom: "Lyon", departement: "69" } };
    expect(shownAnswers(definition, answers)).toEqual({ situation: "autre", commune: answers.commune });
  });
});
