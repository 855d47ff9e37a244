import type { ProcedureDefinition } from "../src/core/procedures/definition/schema.ts";

/**
 * A small valid definition the tests change one thing in. Two steps: the second depends on the
 * first (a condition on an earlier field), with a repeatable group and a document.
 */
export function buildDefinition(overrides: Partial<ProcedureDefinition> = {}): ProcedureDefinition {
  return {
    slug: "essai",
    titre: "Démarche d'essai",
    thème: "Essais",
    description: "Une démarche pour les tests.",
    déposant: { type: "personne" },
    préfixe_numéro: "ES",
    groupes_instructeurs: ["Instructeurs"],
    informations_minimales: ["commune"],
    étapes: [
      {
        id: "general",
        titre: "Informations générales",
        champs: [
          { id: "commune", type: "commune", libellé: "Commune souhaitée", obligatoire: true },
          { id: "enfants", type: "oui-non", libellé: "Avez-vous des enfants ?" },
          { id: "situation", type: "choix-unique", libellé: "Situation", options: [{ valeur: "salarie", libellé: "Salarié" }, { valeur: "autre", libellé: "Autre" }] },
        ],
      },
      {
        id: "foyer",
        titre: "Composition du foyer",
        champs: [
          {
            id: "menage",
            type: "groupe",
            libellé: "Enfants",
            condition: { champ: "enfants", égal: "oui" },
            maximum: 3,
            sous_champs: [
              { id: "prenom", type: "texte-court", libellé: "Prénom", obligatoire: true },
              { id: "garde", type: "oui-non", libellé: "Garde alternée" },
              { id: "jours", type: "nombre", libellé: "Jours par mois", condition: { champ: "garde", égal: "oui" } },
            ],
          },
          { id: "employeur", type: "texte-court", libellé: "Employeur", obligatoire: true, condition: { champ: "situation", égal: "salarie" } },
        ],
        pièces: [{ id: "livret", libellé: "Livret de famille", formats: ["pdf"], taille_max_mo: 5, condition: { champ: "enfants", égal: "oui" } }],
      },
    ],
    ...overrides,
  };
}

/** A deep copy to change: definitions are plain JSON. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
