import { FormatRegistry, Type, type TSchema } from "@sinclair/typebox";
import { ValueErrorType } from "@sinclair/typebox/errors";
import { Value } from "@sinclair/typebox/value";

/**
 * The API's request and response bodies, declared once: the routes check bodies against them
 * and the OpenAPI document (openapi.ts) publishes them as they are.
 */
// The formats the bodies use (TypeBox checks a format only once it is registered).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has("uuid")) FormatRegistry.Set("uuid", (value) => UUID.test(value));
if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (value) => !Number.isNaN(Date.parse(value)));
if (!FormatRegistry.Has("uri-reference")) FormatRegistry.Set("uri-reference", () => true);

const Horodatage = Type.String({ format: "date-time", description: "Date et heure (ISO 8601, UTC)" });

export const Champ = Type.Object(
  {
    id: Type.String({ description: "Identifiant du champ : le nom de la réponse à envoyer" }),
    type: Type.String({ description: "Type du champ (texte-court, commune, oui-non, groupe…)" }),
    libelle: Type.String(),
    obligatoire: Type.Boolean(),
  },
  { $id: "Champ" },
);

export const Piece = Type.Object(
  {
    id: Type.String(),
    libelle: Type.String(),
    formats: Type.Array(Type.String(), { description: "Formats acceptés (le contenu du fichier est vérifié)" }),
    taille_max_mo: Type.Integer(),
    obligatoire: Type.Boolean(),
  },
  { $id: "Piece" },
);

export const Demarche = Type.Object(
  {
    slug: Type.String(),
    titre: Type.String(),
    description: Type.String(),
    statut: Type.Union([Type.Literal("published"), Type.Literal("closed")]),
    etapes: Type.Array(Type.Object({ id: Type.String(), titre: Type.String(), champs: Type.Array(Type.Ref("Champ")), pieces: Type.Array(Type.Ref("Piece")) })),
  },
  { $id: "Demarche" },
);

export const ListeDemarches = Type.Object({ demarches: Type.Array(Type.Ref("Demarche")) }, { $id: "ListeDemarches" });

const Statut = Type.Union(
  ["draft", "filed", "in_instruction", "accepted", "refused", "closed", "abandoned", "expired"].map((status) => Type.Literal(status)),
  { description: "Statut de la demande : brouillon, déposée, en instruction, acceptée, refusée, classée, abandonnée, expirée (valeurs dans cet ordre)" },
);

export const Demande = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    numero: Type.Union([Type.String(), Type.Null()], { description: "Numéro donné au dépôt" }),
    statut: Statut,
    demarche: Type.String({ description: "Slug de la démarche" }),
    compte: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "Compte du demandeur" }),
    creee_le: Horodatage,
    deposee_le: Type.Union([Horodatage, Type.Null()]),
    decidee_le: Type.Union([Horodatage, Type.Null()]),
    modifiee_le: Horodatage,
    reponses: Type.Record(Type.String(), Type.Unknown(), { description: "Réponses enregistrées, par identifiant de champ" }),
  },
  { $id: "Demande" },
);

export const PageDemandes = Type.Object(
  {
    demandes: Type.Array(Type.Ref("Demande")),
    suivant: Type.Union([Type.String(), Type.Null()], { description: "Curseur opaque de la page suivante (paramètre `curseur`), null à la dernière page" }),
  },
  { $id: "PageDemandes" },
);

export const NouvelleDemande = Type.Object(
  {
    compte: Type.String({ format: "uuid", description: "Compte qui a autorisé ce partenaire dans « Mon compte »" }),
    reponses: Type.Record(Type.String({ maxLength: 200 }), Type.Union([Type.String({ maxLength: 10_000 }), Type.Array(Type.String({ maxLength: 10_000 }), { maxItems: 200 })]), {
      description: "Réponses, nommées comme les champs des pages (`menage[0].prenom` pour un groupe)",
      maxProperties: 500,
    }),
  },
  { $id: "NouvelleDemande", additionalProperties: false },
);

export const Decision = Type.Object(
  {
    decision: Type.Union([Type.Literal("prise-en-charge"), Type.Literal("acceptation"), Type.Literal("refus"), Type.Literal("classement")]),
    motif: Type.Optional(Type.String({ maxLength: 5000, description: "Obligatoire pour un refus" })),
  },
  { $id: "Decision", additionalProperties: false },
);

export const Versement = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    libelle: Type.String({ description: "Nom du versement (« Avance », « Solde »…)" }),
    montant_centimes: Type.Integer({ description: "Montant en centimes d'euro" }),
    prevu_le: Type.String({ description: "Date prévue (AAAA-MM-JJ)" }),
    justificatifs_requis: Type.Boolean({ description: "Le demandeur envoie des justificatifs avant que le versement soit mandaté" }),
    statut: Type.Union(["planned", "asked", "ordered", "paid"].map((status) => Type.Literal(status)), { description: "Prévu, demandé (justificatifs envoyés), mandaté, payé (valeurs dans cet ordre)" }),
    paye_le: Type.Union([Type.String(), Type.Null()], { description: "Date du paiement (AAAA-MM-JJ)" }),
  },
  { $id: "Versement" },
);

export const Versements = Type.Object(
  {
    montant_accorde_centimes: Type.Union([Type.Integer(), Type.Null()], { description: "Montant de l'aide accordée, null tant qu'aucune aide n'est enregistrée" }),
    versements: Type.Array(Type.Ref("Versement"), { description: "L'échéancier, dans l'ordre" }),
    deja_enregistre: Type.Optional(Type.Boolean({ description: "Vrai quand l'étape envoyée était déjà enregistrée : rien n'a changé (un nouvel essai ne fait rien deux fois)" })),
  },
  { $id: "Versements" },
);

export const EtapeVersement = Type.Object(
  {
    etape: Type.Union([Type.Literal("mandatement"), Type.Literal("paiement")], { description: "mandatement : le versement est mandaté ; paiement : il est payé (il doit être mandaté avant)" }),
    date_paiement: Type.Optional(Type.String({ maxLength: 10, description: "Obligatoire pour un paiement : la date du paiement, AAAA-MM-JJ, aujourd'hui ou avant" })),
  },
  { $id: "EtapeVersement", additionalProperties: false },
);

export const PieceDeposee = Type.Object(
  { id: Type.String({ format: "uuid" }), piece: Type.String(), nom: Type.String(), type: Type.String(), taille: Type.Integer() },
  { $id: "PieceDeposee" },
);

export const Probleme = Type.Object(
  {
    type: Type.String({ format: "uri-reference" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String({ description: "Pointeur JSON (RFC 6901) vers la valeur en faute" }), detail: Type.String() }))),
  },
  { $id: "Probleme" },
);

/** Every named schema, published under components/schemas. */
export const namedSchemas = { Champ, Piece, Demarche, ListeDemarches, Demande, PageDemandes, NouvelleDemande, Decision, PieceDeposee, Versement, Versements, EtapeVersement, Probleme } as const;

const messages: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.ObjectRequiredProperty]: "Cette valeur est obligatoire.",
  [ValueErrorType.ObjectAdditionalProperties]: "Cette propriété n'est pas attendue.",
  [ValueErrorType.String]: "Une chaîne de caractères est attendue.",
  [ValueErrorType.StringMaxLength]: "Cette valeur est trop longue.",
  [ValueErrorType.StringFormat]: "Cette valeur n'a pas le format attendu.",
  [ValueErrorType.Object]: "Un objet est attendu.",
  [ValueErrorType.Array]: "Une liste est attendue.",
  [ValueErrorType.Union]: "Cette valeur ne correspond à aucune des formes attendues.",
  [ValueErrorType.Literal]: "Cette valeur n'est pas une des valeurs possibles.",
};

/** Each place a body differs from its schema: a JSON pointer and a French sentence. */
export function schemaErrors(schema: TSchema, value: unknown): { pointer: string; detail: string }[] {
  const errors: { pointer: string; detail: string }[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, [], value)) {
    const pointer = error.path || "/";
    // A union reports its own error and each branch's: one per path is enough.
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    errors.push({ pointer, detail: messages[error.type] ?? "Cette valeur ne respecte pas le schéma." });
    if (errors.length >= 50) break;
  }
  return errors;
}
