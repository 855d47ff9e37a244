import { describe, expect, it } from "vitest";
import { buildDefinition, copy } from "../../../../test/procedures.ts";
import { describeProblem, validateDefinition } from "./validate-definition.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = Record<string, any>;

function problemsWith(change: (definition: RawJson) => void): string[] {
  const definition = copy(buildDefinition()) as RawJson;
  change(definition);
  const check = validateDefinition(definition);
  return check.ok ? [] : check.problems.map((problem) => describeProblem("procedures/essai.json", problem));
}

/** The test definition filed by organisations, with the fields given added to its first step. */
const organisationProcedureWith = (...fields: RawJson[]) =>
  problemsWith((definition) => {
    definition.déposant = { type: "membre-structure" };
    definition.étapes[0].champs.push(...fields);
  });

describe("a field's préremplissage", () => {
  it("is accepted from a source that fits the field's type, locked where the source allows it", () => {
    expect(
      organisationProcedureWith(
        { id: "siret", type: "siret", libellé: "Siret", préremplissage: { source: "structure.siret", verrouillé: true } },
        { id: "client", type: "texte-court", libellé: "Numéro client", préremplissage: { source: "structure.numéro-client", verrouillé: true } },
        { id: "adresse", type: "adresse", libellé: "Adresse", préremplissage: { source: "structure.adresse" } },
        { id: "fonction", type: "texte-court", libellé: "Fonction", préremplissage: { source: "membre.fonction" } },
        { id: "nom", type: "texte-court", libellé: "Nom", préremplissage: { source: "compte.nom", verrouillé: true } },
        { id: "civilite", type: "choix-unique", libellé: "Civilité", options: [{ valeur: "Mme", libellé: "Madame" }, { valeur: "M.", libellé: "Monsieur" }], préremplissage: { source: "compte.civilité" } },
      ),
    ).toEqual([]);
    expect(problemsWith((definition) => (definition.étapes[1].champs[0].préremplissage = { source: "demande-précédente", sous_champs: ["prenom", "garde"] }))).toEqual([]);
  });

  it("from an unknown source lists the sources there are", () => {
    const problems = organisationProcedureWith({ id: "tva", type: "texte-court", libellé: "TVA", préremplissage: { source: "structure.tva" } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^procedures\/essai\.json, étapes\[0\]\.champs\[3\]\.préremplissage\.source : valeur inconnue « structure\.tva » ; valeurs possibles : compte\.civilité, compte\.nom, .*structure\.siret, .*demande-précédente$/);
  });

  it("from a source that does not fit the field's type names the sources that would", () => {
    expect(organisationProcedureWith({ id: "siret", type: "siret", libellé: "Siret", préremplissage: { source: "structure.rna" } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.source : la source « structure.rna » ne convient pas à un champ de type numéro SIRET (« siret ») ; sources possibles pour ce type : structure.siret",
    ]);
    expect(organisationProcedureWith({ id: "adresse", type: "adresse", libellé: "Adresse", préremplissage: { source: "structure.email" } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.source : la source « structure.email » ne convient pas à un champ de type adresse postale (« adresse ») ; sources possibles pour ce type : structure.adresse",
    ]);
    expect(organisationProcedureWith({ id: "montant", type: "montant", libellé: "Montant", préremplissage: { source: "structure.siret" } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.source : la source « structure.siret » ne convient pas à un champ de type montant en euros (« montant ») ; aucune source ne convient à ce type de champ",
    ]);
    expect(organisationProcedureWith({ id: "liste", type: "texte-court", libellé: "Liste", préremplissage: { source: "demande-précédente" } })[0]).toContain(
      "la source « demande-précédente » ne convient pas à un champ de type texte court (« texte-court ») ; sources possibles pour ce type : compte.nom, compte.prénom",
    );
  });

  it("from the organisation's record is refused in a procedure filed by persons", () => {
    const problems = problemsWith((definition) => definition.étapes[0].champs.push({ id: "siret", type: "siret", libellé: "Siret", préremplissage: { source: "structure.siret" } }));
    expect(problems).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.source : la source « structure.siret » ne s'emploie que dans une démarche déposée par une structure (« déposant » : { « type » : « membre-structure » })",
    ]);
  });

  it("is locked only from a source the applicant cannot get wrong", () => {
    expect(organisationProcedureWith({ id: "tel", type: "telephone", libellé: "Téléphone", préremplissage: { source: "structure.telephone", verrouillé: true } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.verrouillé : la source « structure.telephone » ne peut pas être verrouillée : le demandeur doit pouvoir corriger la réponse ; sources verrouillables : compte.nom, compte.prénom, compte.date-naissance, compte.commune-naissance, compte.pays-naissance, compte.sexe, structure.siret, structure.rna, structure.numéro-client",
    ]);
  });

  it("of a choice needs the options the source's values are", () => {
    expect(problemsWith((definition) => definition.étapes[0].champs.push({ id: "sexe", type: "liste-deroulante", libellé: "Sexe", options: [{ valeur: "f", libellé: "Femme" }, { valeur: "M", libellé: "Homme" }], préremplissage: { source: "compte.sexe" } }))).toEqual([
      "procedures/essai.json, étapes[0].champs[3].options : avec la source « compte.sexe », les options doivent avoir les valeurs « F » et « M » (il manque « F »)",
    ]);
  });

  it("is refused on a sub-field of a group, and names the group's carried sub-fields that do not exist", () => {
    expect(problemsWith((definition) => (definition.étapes[1].champs[0].sous_champs[0].préremplissage = { source: "compte.prénom" }))).toEqual([
      "procedures/essai.json, étapes[1].champs[0].sous_champs[0].préremplissage : un champ d'un groupe répétable ne peut pas être prérempli : préremplissez le groupe entier (« source » : « demande-précédente »)",
    ]);
    expect(problemsWith((definition) => (definition.étapes[1].champs[0].préremplissage = { source: "demande-précédente", sous_champs: ["prenom", "nom"] }))).toEqual([
      "procedures/essai.json, étapes[1].champs[0].préremplissage.sous_champs[1] : le groupe n'a pas de sous-champ « nom » ; sous-champs : prenom, garde, jours",
    ]);
    expect(organisationProcedureWith({ id: "nom", type: "texte-court", libellé: "Nom", préremplissage: { source: "compte.nom", sous_champs: ["nom"] } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.sous_champs : « sous_champs » ne s'emploie qu'avec la source « demande-précédente » d'un groupe répétable",
    ]);
  });

  it("with a misspelt key suggests the right one", () => {
    expect(organisationProcedureWith({ id: "siret", type: "siret", libellé: "Siret", préremplissage: { source: "structure.siret", verrouille: true } })).toEqual([
      "procedures/essai.json, étapes[0].champs[3].préremplissage.verrouille : propriété inconnue « verrouille » : vouliez-vous écrire « verrouillé » ?",
    ]);
  });
});
