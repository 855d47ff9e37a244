import { describe, expect, it } from "vitest";
import { buildDefinition, copy } from "../../../../test/procedures.ts";
import { describeProblem, parseDefinitionFile, validateDefinition, type DefinitionCheck } from "./validate-definition.ts";

// Definitions are edited here as raw JSON, to make them invalid in ways their type forbids.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = Record<string, any>;

/** The problems of a definition as the loader prints them, for the file "procedures/essai.json". */
function problemsOf(check: DefinitionCheck): string[] {
  return check.ok ? [] : check.problems.map((problem) => describeProblem("procedures/essai.json", problem));
}

function problemsWith(change: (definition: RawJson) => void): string[] {
  const definition = copy(buildDefinition()) as RawJson;
  change(definition);
  return problemsOf(validateDefinition(definition));
}

describe("a procedure definition file", () => {
  it("is accepted when well formed, with or without a byte order mark", () => {
    const text = JSON.stringify(buildDefinition(), null, 2);
    expect(parseDefinitionFile(text)).toEqual({ ok: true, definition: buildDefinition() });
    expect(parseDefinitionFile(new TextEncoder().encode(`\uFEFF${text}`)).ok).toBe(true);
  });

  it("that is not JSON says so with the line and column where it breaks", () => {
    expect(problemsOf(parseDefinitionFile('{\n  "slug": "essai",\n  "titre": "x"\n  "thème": "y"\n}'))).toEqual([
      "procedures/essai.json : ce fichier n'est pas du JSON valide (ligne 4, colonne 3) : vérifiez les guillemets, les virgules et les accolades",
    ]);
    expect(problemsOf(parseDefinitionFile('{"slug": "essai",'))).toEqual([
      "procedures/essai.json : ce fichier n'est pas du JSON valide (le fichier s'arrête avant la fin) : vérifiez les guillemets, les virgules et les accolades",
    ]);
    expect(problemsOf(parseDefinitionFile('{"a": 1,}'))[0]).toContain("(ligne 1, colonne 9)");
    expect(problemsOf(parseDefinitionFile('{"a": 1} {}'))[0]).toContain("(ligne 1, colonne 10)");
    expect(problemsOf(parseDefinitionFile("{'a': 1}"))[0]).toContain("(ligne 1, colonne 2)");
  });

  it("with a key written twice in one object names it, since JSON would silently keep the last one", () => {
    const text = JSON.stringify(buildDefinition(), null, 2).replace('"obligatoire": true,', '"obligatoire": true,\n "obligatoire": false,');
    expect(problemsOf(parseDefinitionFile(text))).toEqual([
      "procedures/essai.json, étapes[1].champs[1].obligatoire : la clé « obligatoire » figure deux fois dans le même objet : seule la dernière serait lue ; n'en gardez qu'une",
    ]);
  });

  it("written with decomposed accents (as some editors save them) reads like any other", () => {
    expect(parseDefinitionFile(JSON.stringify(buildDefinition()).normalize("NFD")).ok).toBe(true);
  });

  it("that is empty, or not UTF-8 text, says so", () => {
    expect(problemsOf(parseDefinitionFile("  \n"))).toEqual(["procedures/essai.json : ce fichier est vide"]);
    expect(problemsOf(parseDefinitionFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toEqual(["procedures/essai.json : ce fichier n'est pas un texte encodé en UTF-8"]);
    expect(problemsOf(parseDefinitionFile("[1, 2]"))).toEqual(["procedures/essai.json : doit être un objet { … }"]);
  });

  it("with an unknown field type names the path and lists the possible types", () => {
    const problems = problemsWith((definition) => (definition.étapes[1].champs[1].type = "nombre-entier"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^procedures\/essai\.json, étapes\[1\]\.champs\[1\]\.type : type de champ inconnu « nombre-entier » ; types possibles : texte-court, texte-long, nombre, montant, date, .*, groupe$/);
  });

  it("reports every problem at once, each with its path, in French", () => {
    const problems = problemsWith((definition) => {
      delete definition.titre;
      definition.préfixe_numéro = "es1";
      definition.étapes[0].champs[0].libelle = "Commune";
      definition.étapes[0].champs[1].obligatoire = "oui";
      definition.étapes[1].champs[0].maximum = 2.5;
      definition.étapes[1].pièces[0].formats = ["pdf", "gif"];
      definition.étapes[1].pièces[0].taille_max_mo = 500;
      definition.déposant = { type: "association" };
      definition.étapes[0].champs[2].options = [];
    });
    expect(problems).toEqual([
      "procedures/essai.json, titre : propriété obligatoire manquante",
      "procedures/essai.json, déposant.type : type inconnu « association » ; types possibles : personne, membre-structure",
      "procedures/essai.json, préfixe_numéro : « es1 » ne convient pas : le préfixe des numéros de demande est fait de 2 à 4 lettres majuscules sans accent, par exemple « LS »",
      "procedures/essai.json, étapes[0].champs[0].libelle : propriété inconnue « libelle » : vouliez-vous écrire « libellé » ?",
      "procedures/essai.json, étapes[0].champs[1].obligatoire : doit valoir true ou false (sans guillemets)",
      "procedures/essai.json, étapes[0].champs[2].options : la liste doit compter au moins 2 éléments",
      "procedures/essai.json, étapes[1].champs[0].maximum : doit être un nombre entier (sans guillemets)",
      "procedures/essai.json, étapes[1].pièces[0].formats[1] : valeur inconnue « gif » ; valeurs possibles : pdf, jpeg, png, odt, ods, docx, xlsx",
      "procedures/essai.json, étapes[1].pièces[0].taille_max_mo : doit valoir au plus 50",
    ]);
  });

  it("refuses a badly written id, an empty label and a group inside a group", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[0].champs[0].id = "Commune Souhaitée";
      definition.étapes[0].champs[1].libellé = "";
      definition.étapes[1].champs[0].sous_champs.push({ id: "petits", type: "groupe", libellé: "Petits", sous_champs: [] });
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[0].champs[0].id : « Commune Souhaitée » ne convient pas : identifiant de champ : lettres minuscules sans accent, chiffres et tirets, commençant par une lettre (par exemple « revenu-fiscal »), 60 caractères au plus",
      "procedures/essai.json, étapes[0].champs[1].libellé : ne doit pas être vide",
      "procedures/essai.json, étapes[1].champs[0].sous_champs[3].type : un groupe répétable ne peut pas contenir d'autre groupe",
    ]);
  });

  it("refuses a field id used twice in the procedure, even in another step", () => {
    const problems = problemsWith((definition) => definition.étapes[1].champs.push({ id: "situation", type: "texte-court", libellé: "Autre situation" }));
    expect(problems).toEqual([
      "procedures/essai.json, étapes[1].champs[2].id : l'identifiant « situation » est déjà celui de étapes[0].champs[2] : chaque champ a son propre identifiant, stable d'une version à l'autre",
    ]);
  });

  it("refuses duplicate step ids, document ids, sub-field ids, option values and labels", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[1].id = "general";
      definition.étapes[0].pièces = [{ id: "livret", libellé: "Livret", formats: ["pdf", "pdf"], taille_max_mo: 2 }];
      definition.étapes[1].champs[0].sous_champs[1].id = "prenom";
      definition.étapes[0].champs[2].options.push({ valeur: "salarie", libellé: "Salarié" });
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[0].champs[2].options[2].valeur : la valeur « salarie » est déjà celle de options[0] : chaque option a sa propre valeur",
      "procedures/essai.json, étapes[0].champs[2].options[2].libellé : le libellé « Salarié » est déjà celui de options[0]",
      "procedures/essai.json, étapes[0].pièces[0].formats : un format figure deux fois dans la liste",
      "procedures/essai.json, étapes[1].id : l'identifiant d'étape « general » est déjà celui de étapes[0] : chaque étape a le sien",
      "procedures/essai.json, étapes[1].champs[0].sous_champs[1].id : l'identifiant « prenom » est déjà celui de étapes[1].champs[0].sous_champs[0] dans ce groupe",
      // "garde" was renamed into the duplicate "prenom": the condition on it now names no field.
      "procedures/essai.json, étapes[1].champs[0].sous_champs[2].condition.champ : la condition porte sur un champ inconnu « garde »",
      "procedures/essai.json, étapes[1].pièces[0].id : l'identifiant de pièce « livret » est déjà celui de étapes[0].pièces[0] : chaque pièce a le sien",
    ]);
  });

  it("refuses a condition on a later field, on itself, or on an unknown field", () => {
    const later = problemsWith((definition) => (definition.étapes[0].champs[1].condition = { champ: "employeur", renseigné: true }));
    expect(later).toEqual([
      "procedures/essai.json, étapes[0].champs[1].condition.champ : la condition porte sur le champ « employeur » (étapes[1].champs[1]), qui vient après : une condition ne peut porter que sur un champ d'une étape précédente ou placé plus haut dans la même étape",
    ]);
    const itself = problemsWith((definition) => (definition.étapes[0].champs[1].condition = { champ: "enfants", égal: "oui" }));
    expect(itself).toEqual(["procedures/essai.json, étapes[0].champs[1].condition.champ : un champ ne peut pas dépendre de sa propre réponse"]);
    const unknown = problemsWith((definition) => (definition.étapes[1].condition = { champ: "revenus", renseigné: true }));
    expect(unknown).toEqual(["procedures/essai.json, étapes[1].condition.champ : la condition porte sur un champ inconnu « revenus »"]);
  });

  it("refuses a condition value that the field cannot take, and « égal » on a field without options", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[1].champs[0].condition = { champ: "enfants", égal: "peut-être" };
      definition.étapes[1].champs[1].condition = { champ: "situation", parmi: ["salarie", "retraite"] };
      definition.étapes[1].pièces[0].condition = { champ: "commune", égal: "69123" };
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[1].champs[0].condition.égal : « peut-être » n'est pas une réponse possible du champ « enfants » ; réponses possibles : oui, non",
      "procedures/essai.json, étapes[1].champs[1].condition.parmi[1] : « retraite » n'est pas une réponse possible du champ « situation » ; réponses possibles : salarie, autre",
      "procedures/essai.json, étapes[1].pièces[0].condition : « égal » et « parmi » ne s'emploient qu'avec un champ à options (choix unique, liste déroulante, cases à cocher, oui / non) ; le champ « commune » est de type commune : employez « renseigné »",
    ]);
  });

  it("refuses a condition with no test or two tests", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[1].champs[0].condition = { champ: "enfants" };
      definition.étapes[1].champs[1].condition = { champ: "situation", égal: "salarie", renseigné: true };
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[1].champs[0].condition : une condition porte sur un champ et indique une seule des clés « égal », « parmi » ou « renseigné »",
      "procedures/essai.json, étapes[1].champs[1].condition : une condition porte sur un champ et indique une seule des clés « égal », « parmi » ou « renseigné »",
    ]);
  });

  it("refuses bounds the wrong way round and minimal information that names no answerable field", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[1].champs[0].minimum = 5;
      definition.étapes[0].champs.push({ id: "note", type: "explication", texte: "À lire." });
      definition.informations_minimales = ["commune", "prenom", "note", "commune"];
      definition.groupes_instructeurs = ["A", "A"];
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[1].champs[0].minimum : le minimum (5) dépasse le maximum (3)",
      "procedures/essai.json, informations_minimales[1] : aucun champ n'a l'identifiant « prenom » (les champs d'un groupe répétable n'y figurent pas : indiquez le groupe)",
      "procedures/essai.json, informations_minimales[2] : le champ « note » est un texte explicatif : il n'attend pas de réponse",
      "procedures/essai.json, informations_minimales[3] : le champ « commune » figure deux fois dans la liste",
      "procedures/essai.json, groupes_instructeurs[1] : le groupe « A » figure deux fois dans la liste",
    ]);
  });

  it("refuses amounts bounded with more than cents and whole numbers bounded with decimals", () => {
    const problems = problemsWith((definition) => {
      definition.étapes[0].champs.push({ id: "loyer", type: "montant", libellé: "Loyer", maximum: 650.505 });
      definition.étapes[0].champs.push({ id: "pieces", type: "nombre", libellé: "Pièces", minimum: 1.5 });
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[0].champs[3].maximum : un montant s'exprime en euros avec au plus 2 décimales",
      "procedures/essai.json, étapes[0].champs[4].minimum : ce champ n'accepte que des nombres entiers : la borne doit en être un (ou ajoutez « décimal » : true)",
    ]);
  });

  it("accepts a sub-field depending on an earlier sub-field of the same item, and a document on a field of its own step", () => {
    expect(problemsWith(() => {})).toEqual([]);
  });

  it("refuses a sub-field depending on a later sub-field of its group", () => {
    const problems = problemsWith((definition) => {
      const [prenom, garde, jours] = definition.étapes[1].champs[0].sous_champs;
      definition.étapes[1].champs[0].sous_champs = [prenom, jours, garde];
    });
    expect(problems).toEqual([
      "procedures/essai.json, étapes[1].champs[0].sous_champs[1].condition.champ : la condition porte sur le champ « garde » (étapes[1].champs[0].sous_champs[2]), qui vient après : une condition ne peut porter que sur un champ d'une étape précédente ou placé plus haut dans la même étape",
    ]);
  });

  describe("with an official form (« formulaire_officiel »)", () => {
    const form = {
      titre: "Demande d'essai",
      référence: "Cerfa n° 00000*01",
      sections: [
        { titre: "Demandeur", champs: [{ champ: "commune", libellé: "Commune demandée" }, { champ: "situation" }] },
        { titre: "Ménage", champs: [{ champ: "menage", sous_champs: ["prenom", "jours"] }] },
      ],
    };

    it("accepts lines mapped to fields and to a group's sub-fields, with a letter signatory and ways to appeal", () => {
      const check = validateDefinition({
        ...buildDefinition(),
        formulaire_officiel: form,
        attestation: { portée: "Elle vaut justificatif." },
        courrier_de_décision: { signataire: "Service des essais", voies_de_recours: { tribunal: "le tribunal administratif de Lyon", délai_mois: 2 } },
      });
      expect(problemsOf(check)).toEqual([]);
    });

    it("names each line whose field, or sub-field, does not exist, and sub-fields of a field that is not a group", () => {
      expect(
        problemsWith((definition) => {
          const broken = copy(form) as RawJson;
          broken.sections[0].champs.push({ champ: "inconnu" }, { champ: "enfants", sous_champs: ["prenom"] });
          broken.sections[1].champs[0].sous_champs = ["prenom", "age"];
          definition.formulaire_officiel = broken;
        }),
      ).toEqual([
        "procedures/essai.json, formulaire_officiel.sections[0].champs[2].champ : aucun champ n'a l'identifiant « inconnu » (pour un champ d'un groupe répétable, indiquez le groupe et ses « sous_champs »)",
        "procedures/essai.json, formulaire_officiel.sections[0].champs[3].sous_champs : le champ « enfants » n'est pas un groupe répétable : il n'a pas de sous-champs",
        "procedures/essai.json, formulaire_officiel.sections[1].champs[0].sous_champs[1] : le groupe « menage » n'a pas de sous-champ « age » ; sous-champs possibles : prenom, garde, jours",
      ]);
    });

    it("refuses a form without sections and an appeal period outside one to twelve months", () => {
      expect(
        problemsWith((definition) => {
          definition.formulaire_officiel = { titre: "Demande", sections: [] };
          definition.courrier_de_décision = { voies_de_recours: { délai_mois: 0 } };
        }),
      ).toEqual([
        "procedures/essai.json, formulaire_officiel.sections : la liste ne doit pas être vide",
        "procedures/essai.json, courrier_de_décision.voies_de_recours.délai_mois : doit valoir au moins 1",
      ]);
    });
  });
});
