import { describe, expect, it } from "vitest";
import type { AnswerableLeafField } from "../definition/schema.ts";
import { checkField, type FieldOutcome } from "./check-field.ts";

const context = { today: "2026-03-02" };

/** Checks `field` as if the form posted `value` under its id (and other inputs when given). */
function answer(field: Partial<AnswerableLeafField> & { type: AnswerableLeafField["type"] }, value: unknown, extra: Record<string, unknown> = {}): FieldOutcome {
  const full = { id: "champ", libellé: "Champ", ...field } as AnswerableLeafField;
  return checkField(full, { champ: value, ...extra }, "champ", context);
}

const value = (outcome: FieldOutcome) => (outcome.ok ? outcome.value : `erreur : ${Object.values(outcome.errors).join(" / ")}`);
const message = (outcome: FieldOutcome) => (outcome.ok ? `valeur : ${JSON.stringify(outcome.value)}` : (outcome.errors.champ ?? JSON.stringify(outcome.errors)));

describe("an answer left empty", () => {
  it("is no value when the field is optional, whatever its type", () => {
    for (const type of ["texte-court", "texte-long", "nombre", "montant", "date", "oui-non", "email", "telephone", "commune", "siret", "nir", "rna", "iban"] as const) {
      expect(answer({ type }, "   ")).toEqual({ ok: true, value: undefined });
      expect(answer({ type }, undefined)).toEqual({ ok: true, value: undefined });
    }
    expect(answer({ type: "choix-unique", options: [{ valeur: "a", libellé: "A" }, { valeur: "b", libellé: "B" }] }, "")).toEqual({ ok: true, value: undefined });
    expect(answer({ type: "cases-a-cocher", options: [{ valeur: "a", libellé: "A" }] }, [])).toEqual({ ok: true, value: undefined });
  });

  it("is refused with a sentence fitting the type when the field is required", () => {
    const required = { obligatoire: true };
    expect(message(answer({ type: "texte-court", ...required }, ""))).toBe("Ce champ est obligatoire.");
    expect(message(answer({ type: "montant", ...required }, " "))).toBe("Saisissez un montant en euros, par exemple 650,50.");
    expect(message(answer({ type: "date", ...required }, ""))).toBe("Saisissez une date, par exemple 15/03/2025.");
    expect(message(answer({ type: "oui-non", ...required }, ""))).toBe("Choisissez une réponse.");
    expect(message(answer({ type: "cases-a-cocher", options: [{ valeur: "a", libellé: "A" }], ...required }, undefined))).toBe("Cochez au moins une case.");
    expect(message(answer({ type: "siret", ...required }, ""))).toBe("Saisissez le numéro SIRET (14 chiffres).");
    expect(message(answer({ type: "nir", ...required }, ""))).toBe("Saisissez le numéro de sécurité sociale (15 chiffres, clé comprise).");
  });
});

describe("a text answer", () => {
  it("is kept trimmed; a long text keeps its line breaks as \\n", () => {
    expect(value(answer({ type: "texte-court" }, "  Dupont  "))).toBe("Dupont");
    expect(value(answer({ type: "texte-long" }, " Ligne 1\r\nLigne 2 "))).toBe("Ligne 1\nLigne 2");
  });

  it("is refused when too long, counting characters (not bytes), with the count typed", () => {
    expect(message(answer({ type: "texte-court" }, "é".repeat(201)))).toBe("Ce texte ne peut pas dépasser 200 caractères (vous en avez saisi 201).");
    expect(value(answer({ type: "texte-court" }, "é".repeat(200)))).toBe("é".repeat(200));
    expect(message(answer({ type: "texte-court", longueur_max: 5 }, "Dupont"))).toBe("Ce texte ne peut pas dépasser 5 caractères (vous en avez saisi 6).");
    expect(message(answer({ type: "texte-long" }, "a".repeat(5001)))).toBe("Ce texte ne peut pas dépasser 5000 caractères (vous en avez saisi 5001).");
  });

  it("is refused on several lines when short, or with control characters", () => {
    expect(message(answer({ type: "texte-court" }, "Dupont\nDurand"))).toBe("Saisissez ce texte sur une seule ligne.");
    expect(message(answer({ type: "texte-long" }, "Bonjour\u0000"))).toBe("Ce texte contient des caractères non autorisés : retapez-le plutôt que de le coller.");
  });

  it("takes the first value when a forged form repeats the name, and ignores what is not text", () => {
    expect(value(answer({ type: "texte-court" }, ["Premier", "Second"]))).toBe("Premier");
    expect(answer({ type: "texte-court" }, { objet: true })).toEqual({ ok: true, value: undefined });
  });
});

describe("a number answer", () => {
  it("reads whole numbers, with spaces between thousands", () => {
    expect(value(answer({ type: "nombre" }, "3"))).toBe(3);
    expect(value(answer({ type: "nombre" }, "1 234"))).toBe(1234);
    expect(value(answer({ type: "nombre" }, "-2"))).toBe(-2);
  });

  it("reads decimals with a comma or a dot only when the field accepts them", () => {
    expect(value(answer({ type: "nombre", décimal: true }, "2,5"))).toBe(2.5);
    expect(value(answer({ type: "nombre", décimal: true }, "2.5"))).toBe(2.5);
    expect(message(answer({ type: "nombre" }, "2,5"))).toBe("Saisissez un nombre entier, sans virgule.");
  });

  it("is refused when not a number, in exponent form, or out of bounds", () => {
    expect(message(answer({ type: "nombre" }, "trois"))).toBe("Saisissez un nombre entier, avec des chiffres seulement, par exemple 3.");
    expect(message(answer({ type: "nombre" }, "1e5"))).toBe("Saisissez un nombre entier, avec des chiffres seulement, par exemple 3.");
    expect(message(answer({ type: "nombre", décimal: true }, "12,5,3"))).toBe("Saisissez un nombre, avec des chiffres et éventuellement une virgule, par exemple 12,5.");
    expect(message(answer({ type: "nombre" }, "99999999999999999999"))).toBe("Ce nombre est trop grand : vérifiez-le.");
    expect(message(answer({ type: "nombre", minimum: 1, maximum: 20 }, "0"))).toBe("Saisissez un nombre supérieur ou égal à 1.");
    expect(message(answer({ type: "nombre", minimum: 1, maximum: 20 }, "21"))).toBe("Saisissez un nombre inférieur ou égal à 20.");
  });
});

describe("an amount in euros", () => {
  it("reads « 650,50 », « 650.50 », « 650,50 € » and « 650 € » right, as cents", () => {
    expect(value(answer({ type: "montant" }, "650,50"))).toBe(65050);
    expect(value(answer({ type: "montant" }, "650.50"))).toBe(65050);
    expect(value(answer({ type: "montant" }, "650,50 €"))).toBe(65050);
    expect(value(answer({ type: "montant" }, "650 €"))).toBe(65000);
    expect(value(answer({ type: "montant" }, "1 234,56"))).toBe(123456);
  });

  it("is refused when negative, not an amount, with more than cents, or out of the field's bounds", () => {
    expect(message(answer({ type: "montant" }, "-650"))).toBe("Le montant ne peut pas être négatif.");
    expect(message(answer({ type: "montant" }, "six cents"))).toBe("Le montant ne doit comporter que des chiffres et une virgule avant les centimes, par exemple 650,50.");
    expect(message(answer({ type: "montant" }, "650,505"))).toBe("Le montant ne peut pas comporter plus de 2 chiffres après la virgule (les centimes).");
    expect(message(answer({ type: "montant" }, "1.234"))).toContain("Ce montant est ambigu");
    expect(message(answer({ type: "montant", maximum: 100000 }, "100 000,01"))).toBe("Le montant ne peut pas dépasser 100\u202f000,00\u00a0€.");
    expect(message(answer({ type: "montant", minimum: 1000 }, "999,99"))).toBe("Le montant doit être d'au moins 1\u202f000,00\u00a0€.");
  });
});

describe("a date", () => {
  it("reads a date input's value and the French way of writing it", () => {
    expect(value(answer({ type: "date" }, "2025-03-15"))).toBe("2025-03-15");
    expect(value(answer({ type: "date" }, "15/03/2025"))).toBe("2025-03-15");
    expect(value(answer({ type: "date" }, "5.3.2025"))).toBe("2025-03-05");
    expect(value(answer({ type: "date" }, "29/02/2024"))).toBe("2024-02-29");
  });

  it("is refused when impossible, badly written, or on the wrong side of today", () => {
    expect(message(answer({ type: "date" }, "31/02/2025"))).toBe("Cette date n'existe pas : ce mois compte 28 jours.");
    expect(message(answer({ type: "date" }, "29/02/2025"))).toBe("Cette date n'existe pas : ce mois compte 28 jours.");
    expect(message(answer({ type: "date" }, "15/13/2025"))).toBe("Le mois doit être compris entre 1 et 12.");
    expect(message(answer({ type: "date" }, "15/03/25"))).toBe("Saisissez l'année avec 4 chiffres, par exemple 15/03/2025.");
    expect(message(answer({ type: "date" }, "le 15 mars"))).toBe("Saisissez une date au format jour/mois/année, par exemple 15/03/2025.");
    expect(message(answer({ type: "date" }, "15/03/1850"))).toBe("Vérifiez l'année de cette date.");
    expect(message(answer({ type: "date", période: "passée" }, "03/03/2026"))).toBe("Cette date ne peut pas être dans le futur.");
    expect(value(answer({ type: "date", période: "passée" }, "02/03/2026"))).toBe("2026-03-02");
    expect(message(answer({ type: "date", période: "future" }, "01/03/2026"))).toBe("Cette date ne peut pas être dans le passé.");
  });
});

describe("a choice", () => {
  const options = [
    { valeur: "t1", libellé: "T1" },
    { valeur: "t2", libellé: "T2" },
    { valeur: "t3", libellé: "T3" },
  ];

  it("keeps an option of the list, for radios and selects", () => {
    expect(value(answer({ type: "choix-unique", options }, "t2"))).toBe("t2");
    expect(value(answer({ type: "liste-deroulante", options }, "t3"))).toBe("t3");
  });

  it("refuses a value that is not an option (a forged form, or its label)", () => {
    expect(message(answer({ type: "choix-unique", options }, "t9"))).toBe("Cette réponse ne fait pas partie des réponses proposées : choisissez-en une dans la liste.");
    expect(message(answer({ type: "liste-deroulante", options }, "T2"))).toBe("Cette réponse ne fait pas partie des réponses proposées : choisissez-en une dans la liste.");
  });

  it("keeps the ticked boxes once each in the list's order, and refuses one not in the list", () => {
    expect(value(answer({ type: "cases-a-cocher", options }, ["t3", "t1", "t3"]))).toEqual(["t1", "t3"]);
    expect(value(answer({ type: "cases-a-cocher", options }, "t2"))).toEqual(["t2"]);
    expect(message(answer({ type: "cases-a-cocher", options }, ["t1", "t4"]))).toBe("Une case cochée ne fait pas partie des réponses proposées : cochez parmi la liste.");
  });

  it("reads yes / no as a boolean and refuses anything else", () => {
    expect(value(answer({ type: "oui-non" }, "oui"))).toBe(true);
    expect(value(answer({ type: "oui-non" }, "non"))).toBe(false);
    expect(message(answer({ type: "oui-non" }, "peut-être"))).toBe("Répondez par oui ou par non.");
    expect(message(answer({ type: "oui-non" }, "true"))).toBe("Répondez par oui ou par non.");
  });
});

describe("an e-mail address and a phone number", () => {
  it("keep the address with its domain in lower case, and refuse malformed ones", () => {
    expect(value(answer({ type: "email" }, "Camille.Martin@Exemple.FR"))).toBe("Camille.Martin@exemple.fr");
    for (const wrong of ["camille", "camille@", "camille@exemple", "camille@exemple.f", "ca mille@exemple.fr", "a@b@exemple.fr", `${"a".repeat(250)}@exemple.fr`]) {
      expect(message(answer({ type: "email" }, wrong))).toBe("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
    }
  });

  it("keep a French phone in international form, and refuse wrong ones with the platform's reasons", () => {
    expect(value(answer({ type: "telephone" }, "01 23 45 67 89"))).toBe("+33123456789");
    expect(value(answer({ type: "telephone" }, "06.92.12.34.56"))).toBe("+262692123456");
    expect(message(answer({ type: "telephone" }, "01 23 45 67"))).toBe("Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 23 45 67 89.");
    expect(message(answer({ type: "telephone" }, "+44 20 7946 0958"))).toBe("Saisissez un numéro de téléphone français (indicatif +33 ou d'un département d'outre-mer).");
    expect(message(answer({ type: "telephone" }, "01 23 AB 67 89"))).toBe("Le numéro de téléphone ne doit comporter que des chiffres (et le signe + de l'indicatif).");
  });
});

describe("identifiers", () => {
  it("keep a SIRET, NIR, RNA or IBAN without separators, and refuse a wrong key", () => {
    expect(value(answer({ type: "siret" }, "732 829 320 00074"))).toBe("73282932000074");
    expect(message(answer({ type: "siret" }, "732 829 320 00079"))).toBe("Ce numéro SIRET n'est pas valide : vérifiez-le sur l'avis de situation INSEE.");
    expect(message(answer({ type: "siret" }, "732 829 320"))).toContain("Vous avez saisi un numéro SIREN");
    expect(value(answer({ type: "nir" }, "2 55 08 14 168 025 38"))).toBe("255081416802538");
    expect(message(answer({ type: "nir" }, "2 55 08 14 168 025 39"))).toContain("La clé du numéro de sécurité sociale est incorrecte");
    expect(message(answer({ type: "nir" }, "2 55 08 14 168"))).toBe("Le numéro de sécurité sociale doit comporter 15 caractères : 13 chiffres et une clé de 2 chiffres.");
    expect(value(answer({ type: "rna" }, "w723007219"))).toBe("W723007219");
    expect(message(answer({ type: "rna" }, "723007219"))).toBe("Le numéro RNA commence par la lettre W suivie de 9 caractères, par exemple W751234567.");
    expect(value(answer({ type: "iban" }, "FR76 3000 6000 0112 3456 7890 189"))).toBe("FR7630006000011234567890189");
    expect(message(answer({ type: "iban" }, "FR76 3000 6000 0112 3456 7890 188"))).toBe("Cet IBAN n'est pas valide : vérifiez-le sur votre relevé d'identité bancaire (RIB).");
  });

  it("refuse a foreign IBAN when the field asks for a French account", () => {
    expect(value(answer({ type: "iban" }, "DE89 3704 0044 0532 0130 00"))).toBe("DE89370400440532013000");
    expect(message(answer({ type: "iban", france_uniquement: true }, "DE89 3704 0044 0532 0130 00"))).toBe("L'IBAN doit être celui d'un compte en France (il commence par FR).");
  });
});

describe("a commune", () => {
  it("is found by its INSEE code or its name, written any way", () => {
    expect(value(answer({ type: "commune" }, "69123"))).toEqual({ code: "69123", nom: "Lyon", departement: "69" });
    expect(value(answer({ type: "commune" }, "st etienne"))).toEqual({ code: "42218", nom: "Saint-Étienne", departement: "42" });
    expect(value(answer({ type: "commune" }, "Saint-Denis (974)"))).toMatchObject({ code: "97411", departement: "974" });
  });

  it("is refused when unknown, or asks for the département when several communes share the name", () => {
    expect(message(answer({ type: "commune" }, "Atlantide"))).toBe("Cette commune est introuvable : vérifiez son nom ou choisissez-la dans la liste.");
    expect(message(answer({ type: "commune" }, "99999"))).toBe("Ce code de commune (code INSEE) n'existe pas : choisissez la commune dans la liste.");
    expect(message(answer({ type: "commune" }, "Saint-Denis"))).toMatch(/^Plusieurs communes portent ce nom \(départements .*93.*974.*\) : précisez le département entre parenthèses/);
    expect(message(answer({ type: "commune" }, "Lyon (13)"))).toBe("Aucune commune de ce nom dans le département 13 : vérifiez-le.");
  });
});

describe("a postal address", () => {
  const address = (parts: Record<string, string>) =>
    checkField({ id: "adresse", type: "adresse", libellé: "Adresse", obligatoire: true }, Object.fromEntries(Object.entries(parts).map(([key, text]) => [`adresse.${key}`, text])), "adresse", context);

  it("is kept with La Poste's commune name and its INSEE code", () => {
    expect(address({ ligne: "1 place de la Mairie", complement: "", code_postal: "35000", commune: "rennes" })).toEqual({
      ok: true,
      value: { ligne: "1 place de la Mairie", complément: "", codePostal: "35000", commune: "Rennes", codeInsee: "35238" },
    });
  });

  it("names each missing part, and refuses a postal code that does not serve the commune", () => {
    expect(address({})).toEqual({ ok: false, errors: { "adresse.ligne": "Saisissez le numéro et la voie." } });
    expect(address({ ligne: "1 rue A" })).toEqual({ ok: false, errors: { "adresse.code_postal": "Saisissez le code postal.", "adresse.commune": "Saisissez la commune." } });
    expect(address({ ligne: "1 rue A", code_postal: "69001", commune: "Rennes" })).toEqual({
      ok: false,
      errors: { "adresse.commune": "La commune ne correspond pas au code postal 69001. Communes de ce code postal : Lyon 1er Arrondissement." },
    });
    expect(address({ ligne: "1 rue A", code_postal: "6900", commune: "Lyon" })).toEqual({
      ok: false,
      errors: { "adresse.code_postal": "Le code postal doit comporter 5 chiffres, par exemple 75001." },
    });
    expect(address({ ligne: "x".repeat(201), code_postal: "69001", commune: "Lyon" })).toEqual({ ok: false, errors: { "adresse.ligne": "Ce texte ne peut pas dépasser 200 caractères." } });
  });

  it("is no value when optional and left entirely empty", () => {
    expect(checkField({ id: "adresse", type: "adresse", libellé: "Adresse" }, {}, "adresse", context)).toEqual({ ok: true, value: undefined });
  });
});
