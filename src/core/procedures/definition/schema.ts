/**
 * The procedure definition format (démarche), one JSON file per procedure in `procedures/`.
 * Keys are French, as the people who write these files read them; the TypeBox schemas below
 * are the reference, `validate-definition.ts` adds what a schema cannot say (unique ids,
 * conditions on earlier fields…) and turns every problem into a French sentence with its path.
 *
 * A field's `id` is stable across versions: answers are stored under it, so renaming a field
 * means a new id, and an id never changes type (checked against the previous version on load).
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { DOCUMENT_FORMATS, type DocumentFormat } from "./names.ts";
import { PREFILL_SOURCE_NAMES } from "./prefill-sources.ts";

/** `errorMessage` is ours (TypeBox ignores unknown options): the sentence shown for a pattern. */
const Id = (what: string) =>
  Type.String({
    pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
    maxLength: 60,
    errorMessage: `${what} : lettres minuscules sans accent, chiffres et tirets, commençant par une lettre (par exemple « revenu-fiscal »), 60 caractères au plus`,
  });
const Label = Type.String({ minLength: 1, maxLength: 300 });
/**
 * A help article of "Comment ça marche ?" by its address (/comment-ca-marche/<adresse>): the form
 * shows "En savoir plus : <its title>" beside the step's or field's help. An address no published
 * article has yet still gives a link, to the help's "Article introuvable" page.
 */
const HelpArticleSlug = Type.String({
  pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
  maxLength: 80,
  errorMessage: "adresse d'article d'aide : lettres minuscules sans accent, chiffres et tirets (par exemple « joindre-ses-pieces »), 80 caractères au plus",
});
const Text = Type.String({ minLength: 1, maxLength: 5000 });

/**
 * Show the field (or step) only when an earlier answer matches. Exactly one of `égal`,
 * `parmi` or `renseigné` is given (checked by the validator).
 */
export const ConditionSchema = Type.Object(
  {
    /** Id of a field of an earlier step, or earlier in the same step (or the same group item). */
    champ: Id("identifiant de champ"),
    /** The answer equals this option value ("oui" / "non" for a yes/no field). */
    égal: Type.Optional(Type.String({ minLength: 1 })),
    /** The answer is one of these option values. */
    parmi: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** The field is answered. */
    renseigné: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);

/**
 * Where the field's answer comes from when a draft starts ("dites-le-nous une fois"): the
 * account, the organisation's record, the membership, or (for a group) the last filed request.
 * Which source fits which type, and which may be locked: prefill-sources.ts.
 */
export const PrefillSchema = Type.Object(
  {
    source: Type.Union(PREFILL_SOURCE_NAMES.map((name) => Type.Literal(name))),
    /** The applicant cannot change it on the form; it is read again from its source at each save and at filing. */
    verrouillé: Type.Optional(Type.Boolean()),
    /** With « demande-précédente »: the sub-fields carried over (default: all), e.g. not the month's payment. */
    sous_champs: Type.Optional(Type.Array(Id("identifiant de sous-champ"), { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type Prefill = Static<typeof PrefillSchema>;

const OptionSchema = Type.Object(
  { valeur: Type.String({ minLength: 1, maxLength: 100 }), libellé: Label },
  { additionalProperties: false },
);

const common = {
  /** Stable identifier: answers are stored under it, version after version. */
  id: Id("identifiant de champ"),
  libellé: Label,
  /** Hint shown under the label. */
  aide: Type.Optional(Text),
  /** A help article linked under the hint: "En savoir plus : <title>". */
  article_aide: Type.Optional(HelpArticleSlug),
  /** Default false. A hidden field (condition not met) is never required. */
  obligatoire: Type.Optional(Type.Boolean()),
  condition: Type.Optional(ConditionSchema),
  préremplissage: Type.Optional(PrefillSchema),
};

const strict = { additionalProperties: false } as const;

/** One schema per field type, keyed by the `type` value written in the files. */
export const leafFieldSchemas = {
  "texte-court": Type.Object({ type: Type.Literal("texte-court"), ...common, longueur_max: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, strict),
  "texte-long": Type.Object({ type: Type.Literal("texte-long"), ...common, longueur_max: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })) }, strict),
  nombre: Type.Object(
    {
      type: Type.Literal("nombre"),
      ...common,
      minimum: Type.Optional(Type.Number()),
      maximum: Type.Optional(Type.Number()),
      /** Accept decimals ("12,5"); default: whole numbers only. */
      décimal: Type.Optional(Type.Boolean()),
      /** Shown after the input: "personnes", "m²". */
      unité: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    },
    strict,
  ),
  montant: Type.Object(
    {
      type: Type.Literal("montant"),
      ...common,
      /** In euros, e.g. 0.01 or 1000000. */
      minimum: Type.Optional(Type.Number({ minimum: 0 })),
      maximum: Type.Optional(Type.Number({ minimum: 0 })),
    },
    strict,
  ),
  date: Type.Object(
    {
      type: Type.Literal("date"),
      ...common,
      /** "passée": today or before (a birth date); "future": today or after (a wished date). */
      période: Type.Optional(Type.Union([Type.Literal("passée"), Type.Literal("future")])),
    },
    strict,
  ),
  "choix-unique": Type.Object({ type: Type.Literal("choix-unique"), ...common, options: Type.Array(OptionSchema, { minItems: 2, maxItems: 50 }) }, strict),
  "liste-deroulante": Type.Object({ type: Type.Literal("liste-deroulante"), ...common, options: Type.Array(OptionSchema, { minItems: 2, maxItems: 500 }) }, strict),
  "cases-a-cocher": Type.Object({ type: Type.Literal("cases-a-cocher"), ...common, options: Type.Array(OptionSchema, { minItems: 1, maxItems: 50 }) }, strict),
  "oui-non": Type.Object({ type: Type.Literal("oui-non"), ...common }, strict),
  email: Type.Object({ type: Type.Literal("email"), ...common }, strict),
  telephone: Type.Object({ type: Type.Literal("telephone"), ...common }, strict),
  adresse: Type.Object({ type: Type.Literal("adresse"), ...common }, strict),
  commune: Type.Object({ type: Type.Literal("commune"), ...common }, strict),
  siret: Type.Object({ type: Type.Literal("siret"), ...common }, strict),
  nir: Type.Object({ type: Type.Literal("nir"), ...common }, strict),
  rna: Type.Object({ type: Type.Literal("rna"), ...common }, strict),
  iban: Type.Object({ type: Type.Literal("iban"), ...common, france_uniquement: Type.Optional(Type.Boolean()) }, strict),
  explication: Type.Object(
    {
      type: Type.Literal("explication"),
      id: Id("identifiant de champ"),
      /** Optional heading above the text. */
      libellé: Type.Optional(Label),
      /** Paragraphs separated by blank lines. */
      texte: Text,
      /** A help article linked under the text. */
      article_aide: Type.Optional(HelpArticleSlug),
      condition: Type.Optional(ConditionSchema),
    },
    strict,
  ),
};

function groupSchema<T extends TSchema>(subFields: T) {
  return Type.Object(
    {
      type: Type.Literal("groupe"),
      ...common,
      /** The label of one item ("Personne du ménage"), numbered on the page. */
      libellé_élément: Type.Optional(Label),
      /** Fewest and most items; `obligatoire` means at least one. */
      minimum: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
      maximum: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      sous_champs: Type.Array(subFields, { minItems: 1, maxItems: 50 }),
    },
    strict,
  );
}

export const LeafFieldSchema = Type.Union(Object.values(leafFieldSchemas));
/** A repeatable group (household members, co-applicants, tenants); groups do not nest. */
export const GroupFieldSchema = groupSchema(LeafFieldSchema);
export const FieldSchema = Type.Union([...Object.values(leafFieldSchemas), GroupFieldSchema]);

export type LeafField = Static<typeof LeafFieldSchema>;
export type GroupField = Static<typeof GroupFieldSchema>;
export type Field = Static<typeof FieldSchema>;
export type FieldType = Field["type"];
export type Condition = Static<typeof ConditionSchema>;
/** A field that takes an answer (everything but explanatory text). */
export type AnswerableField = Exclude<Field, { type: "explication" }>;
export type AnswerableLeafField = Exclude<LeafField, { type: "explication" }>;

// The names and formats live in names.ts, without TypeBox, so that pages can list them without
// loading the schema (start-up time).
export { DOCUMENT_FORMATS, FIELD_TYPE_NAMES, FIELD_TYPES, type DocumentFormat } from "./names.ts";

/** A document a step asks for ("Avis d'imposition"), uploaded on that step. */
export const DocumentSchema = Type.Object(
  {
    id: Id("identifiant de pièce"),
    libellé: Label,
    aide: Type.Optional(Text),
    obligatoire: Type.Optional(Type.Boolean()),
    formats: Type.Array(Type.Union(Object.keys(DOCUMENT_FORMATS).map((format) => Type.Literal(format as DocumentFormat))), { minItems: 1 }),
    /** Largest file accepted, in megabytes. */
    taille_max_mo: Type.Integer({ minimum: 1, maximum: 50 }),
    condition: Type.Optional(ConditionSchema),
  },
  strict,
);
export type DocumentRequest = Static<typeof DocumentSchema>;

function stepSchema<T extends TSchema>(fields: T) {
  return Type.Object(
    {
      id: Id("identifiant d'étape"),
      titre: Label,
      /** Text shown above the fields ("Les informations générales demandées sur cette page…"). */
      introduction: Type.Optional(Text),
      /** A help article linked under the introduction: "En savoir plus : <title>". */
      article_aide: Type.Optional(HelpArticleSlug),
      champs: Type.Array(fields, { maxItems: 200 }),
      pièces: Type.Optional(Type.Array(DocumentSchema, { maxItems: 50 })),
      /** Show the whole step only when an earlier answer matches. */
      condition: Type.Optional(ConditionSchema),
    },
    strict,
  );
}

/**
 * Who may file: any person with an account, or an active member of an organisation — holding
 * the access grant to `service` (by its slug) when one is named.
 */
export const ApplicantSchema = Type.Union([
  Type.Object({ type: Type.Literal("personne") }, strict),
  Type.Object({ type: Type.Literal("membre-structure"), service: Type.Optional(Id("slug du service")) }, strict),
]);
export type Applicant = Static<typeof ApplicantSchema>;

/**
 * One line of the official form: the answer to `champ` (a field id of the procedure), printed
 * under its own label or `libellé`; for a repeatable group, `sous_champs` picks the sub-fields
 * printed for each item (default: all of them).
 */
export const OfficialFormLineSchema = Type.Object(
  {
    champ: Id("identifiant de champ"),
    /** The form's own wording for the line ("Nom de naissance du demandeur"); default: the field's label. */
    libellé: Type.Optional(Label),
    sous_champs: Type.Optional(Type.Array(Id("identifiant de sous-champ"), { minItems: 1, maxItems: 50 })),
  },
  strict,
);

/**
 * The answers laid out as the official paper form ("Cerfa n° 14069*04"): its title, its
 * reference and its sections, each listing the answers it shows, in the form's order.
 */
export const OfficialFormSchema = Type.Object(
  {
    titre: Label,
    /** The form's official reference, printed under the title ("Cerfa n° 14069*04"). */
    référence: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Printed above the sections (what the form is for, where it is sent). */
    introduction: Type.Optional(Text),
    sections: Type.Array(Type.Object({ titre: Label, champs: Type.Array(OfficialFormLineSchema, { minItems: 1, maxItems: 200 }) }, strict), { minItems: 1, maxItems: 50 }),
  },
  strict,
);
export type OfficialForm = Static<typeof OfficialFormSchema>;

/** What the filing attestation says it proves, after its standard sentence (number, first filing date). */
export const AttestationSchema = Type.Object({ portée: Text }, strict);

/**
 * The decision letter: who signs it and the ways to appeal a refusal ("voies et délais de
 * recours"); each key has a default (the portal's organisation, the administrative court, two months).
 */
export const DecisionLetterSchema = Type.Object(
  {
    /** The service signing the letter ("Direction de l'habitat"); default: the portal's organisation. */
    signataire: Type.Optional(Label),
    voies_de_recours: Type.Optional(
      Type.Object(
        {
          /** Whom a "recours gracieux" is addressed to ("auprès du Président de la Région, 1 place …"). */
          recours_gracieux: Type.Optional(Label),
          /** The court of a "recours contentieux" ("le tribunal administratif de Lyon, 184 rue Duguesclin"). */
          tribunal: Type.Optional(Label),
          /** Months to appeal from the notification; default 2. */
          délai_mois: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type DecisionLetterSettings = Static<typeof DecisionLetterSchema>;

function procedureSchema<T extends TSchema>(fields: T) {
  return Type.Object(
    {
      /** Where editors find the JSON Schema of this format (autocompletion, inline errors); ignored otherwise. */
      $schema: Type.Optional(Type.String()),
      /** The procedure's address on the portal, and its identity from one version to the next. */
      slug: Id("slug"),
      titre: Label,
      /** Heading of the catalogue the procedure is listed under ("Logement", "Aides aux associations"). */
      thème: Type.String({ minLength: 1, maxLength: 100 }),
      description: Text,
      /** A sentence or two for the catalogue's card and the home page (default: the description). */
      résumé: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      /**
       * The last day requests may be started, "AAAA-MM-JJ" (Europe/Paris, included): afterwards the
       * procedure leaves the catalogue and its page says so. No deadline when absent.
       */
      date_limite: Type.Optional(
        Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", errorMessage: "la date limite s'écrit AAAA-MM-JJ, par exemple « 2027-06-30 »" }),
      ),
      déposant: ApplicantSchema,
      /** First letters of the requests' numbers. */
      préfixe_numéro: Type.String({
        pattern: "^[A-Z]{2,4}$",
        errorMessage: "le préfixe des numéros de demande est fait de 2 à 4 lettres majuscules sans accent, par exemple « LS »",
      }),
      /** Case workers' groups ("Instructeurs Rhône"), by name; agents are attached to them. */
      groupes_instructeurs: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
      /** Ids of the fields that must be answered before the request can be submitted. */
      informations_minimales: Type.Array(Id("identifiant de champ"), { minItems: 1 }),
      étapes: Type.Array(stepSchema(fields), { minItems: 1, maxItems: 30 }),
      /** The answers laid out as the official form (a Cerfa-like PDF); no such PDF without it. */
      formulaire_officiel: Type.Optional(OfficialFormSchema),
      /** The filing attestation's own sentence on what it proves. */
      attestation: Type.Optional(AttestationSchema),
      /** The decision letter's signatory and ways to appeal. */
      courrier_de_décision: Type.Optional(DecisionLetterSchema),
      /** The applicant may update the answers of a filed request ("Mettre à jour ma demande") until it is decided. */
      mise_a_jour_apres_depot: Type.Optional(Type.Boolean()),
      /** How many months a filed request stays valid (from filing, then from each renewal); absent: no expiry. */
      validité_mois: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 120, errorMessage: "la validité d'une demande est un nombre entier de mois, de 1 à 120" }),
      ),
    },
    strict,
  );
}

export const ProcedureDefinitionSchema = procedureSchema(FieldSchema);
export type ProcedureDefinition = Static<typeof ProcedureDefinitionSchema>;
export type Step = ProcedureDefinition["étapes"][number];
