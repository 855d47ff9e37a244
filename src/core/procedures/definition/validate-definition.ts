/**
 * Checks a procedure definition file and says, in French, what is wrong with it, each problem
 * with the path of the faulty element (`étapes[2].champs[4].type`). First every problem of
 * shape (TypeBox schemas of `schema.ts`); once the shape is right, every problem a schema
 * cannot express: unique ids, conditions on earlier fields with possible values, unique
 * options, minimum ≤ maximum, the minimal information naming real fields.
 */
import { Kind, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { lineAndColumn, scanJson } from "./json-position.ts";
import { prefillProblems } from "./validate-prefill.ts";
import {
  FIELD_TYPE_NAMES,
  FIELD_TYPES,
  ProcedureDefinitionSchema,
  type AnswerableField,
  type Condition,
  type Field,
  type LeafField,
  type OfficialForm,
  type ProcedureDefinition,
} from "./schema.ts";

/** One problem: where (path inside the file, empty for the whole file) and what. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

export type DefinitionCheck = { ok: true; definition: ProcedureDefinition } | { ok: false; problems: DefinitionProblem[] };

/** « procedures/logement-social.json, étapes[2].champs[4].type : type de champ inconnu … » */
export function describeProblem(source: string, problem: DefinitionProblem): string {
  return problem.path === "" ? `${source} : ${problem.message}` : `${source}, ${problem.path} : ${problem.message}`;
}

/** Reads a definition file's bytes (UTF-8 JSON, with or without BOM) and checks it. */
export function parseDefinitionFile(content: Uint8Array | string): DefinitionCheck {
  let text: string;
  try {
    text = typeof content === "string" ? content : new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return fail("", "ce fichier n'est pas un texte encodé en UTF-8");
  }
  // Keys typed with decomposed accents (some editors) read as the schema's composed ones.
  text = text.replace(/^\uFEFF/, "").normalize("NFC");
  if (text.trim() === "") return fail("", "ce fichier est vide");
  const scan = scanJson(text);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail("", `ce fichier n'est pas du JSON valide${jsonErrorPlace(text, scan.errorOffset ?? text.length)} : vérifiez les guillemets, les virgules et les accolades`);
  }
  if (scan.duplicateKeys.length > 0) {
    return {
      ok: false,
      problems: scan.duplicateKeys.map(({ path, key }) => ({ path: joinPath(path, key), message: `la clé « ${key} » figure deux fois dans le même objet : seule la dernière serait lue ; n'en gardez qu'une` })),
    };
  }
  return validateDefinition(raw);
}

function fail(path: string, message: string): DefinitionCheck {
  return { ok: false, problems: [{ path, message }] };
}

/** Where the text stops being JSON, in French: the author's editor shows lines and columns. */
function jsonErrorPlace(text: string, offset: number): string {
  if (offset >= text.length) return " (le fichier s'arrête avant la fin)";
  const { line, column } = lineAndColumn(text, offset);
  return ` (ligne ${line}, colonne ${column})`;
}

/** Checks an already parsed definition. */
export function validateDefinition(raw: unknown): DefinitionCheck {
  const problems = shapeProblems(ProcedureDefinitionSchema, raw, "");
  if (problems.length > 0) return { ok: false, problems };
  const definition = raw as ProcedureDefinition;
  const semantic = semanticProblems(definition);
  return semantic.length > 0 ? { ok: false, problems: semantic } : { ok: true, definition };
}

// ——— Shape: TypeBox's errors, in French ———

/** "/étapes/2/champs/4/type" → "étapes[2].champs[4].type". */
function readablePath(pointer: string): string {
  let path = "";
  for (const segment of pointer.split("/").slice(1)) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    path += /^\d+$/.test(key) ? `[${key}]` : path === "" ? key : `.${key}`;
  }
  return path;
}

function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const withoutAccents = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[-_ ]/g, "");

/** Every shape problem of `value`, one per path (the first TypeBox reports there). */
function shapeProblems(schema: TSchema, value: unknown, prefix: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const path = joinPath(prefix, readablePath(error.path));
    // A missing property is also "not a string" there; a union inside a failed object too.
    if ([...seen].some((done) => path === done || path.startsWith(`${done}.`) || path.startsWith(`${done}[`))) continue;
    seen.add(path);
    if (error.type === ValueErrorType.Union) {
      const nested = unionProblems(error, path);
      if (nested) {
        problems.push(...nested);
        continue;
      }
    }
    problems.push({ path, message: frenchMessage(error) });
  }
  return problems;
}

/** Members of a union told apart by their `type` literal (fields, who may file). */
function discriminantOptions(schema: TSchema): Map<string, TSchema> | undefined {
  const members = (schema.anyOf ?? []) as TSchema[];
  const options = new Map<string, TSchema>();
  for (const member of members) {
    const literal = (member.properties as Record<string, TSchema> | undefined)?.type?.const;
    if (typeof literal !== "string") return undefined;
    options.set(literal, member);
  }
  return options;
}

function unionProblems(error: ValueError, path: string): DefinitionProblem[] | undefined {
  const options = discriminantOptions(error.schema);
  if (!options) return undefined;
  const value = error.value;
  if (!isObject(value)) return [{ path, message: "doit être un objet { … } avec sa propriété « type »" }];
  const type = value.type;
  const isFieldUnion = [...options.keys()].every((key) => (FIELD_TYPES as string[]).includes(key));
  if (type === undefined) return [{ path: joinPath(path, "type"), message: "propriété obligatoire manquante" }];
  const member = typeof type === "string" ? options.get(type) : undefined;
  if (!member) {
    if (isFieldUnion && type === "groupe") {
      return [{ path: joinPath(path, "type"), message: "un groupe répétable ne peut pas contenir d'autre groupe" }];
    }
    const what = isFieldUnion ? "type de champ inconnu" : "type inconnu";
    return [{ path: joinPath(path, "type"), message: `${what} ${quote(type)} ; types possibles : ${[...options.keys()].join(", ")}` }];
  }
  return shapeProblems(member, value, path);
}

function quote(value: unknown): string {
  return typeof value === "string" ? `« ${value} »` : JSON.stringify(value) ?? String(value);
}

function frenchMessage(error: ValueError): string {
  const schema = error.schema as TSchema & Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "propriété obligatoire manquante";
    case ValueErrorType.ObjectAdditionalProperties: {
      const key = error.path.split("/").at(-1) ?? "";
      const known = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
      const near = known.find((candidate) => withoutAccents(candidate) === withoutAccents(key));
      return near
        ? `propriété inconnue « ${key} » : vouliez-vous écrire « ${near} » ?`
        : `propriété inconnue « ${key} » ; propriétés possibles : ${known.join(", ")}`;
    }
    case ValueErrorType.Object:
      return "doit être un objet { … }";
    case ValueErrorType.Array:
      return "doit être une liste [ … ]";
    case ValueErrorType.ArrayMinItems:
      return schema.minItems === 1 ? "la liste ne doit pas être vide" : `la liste doit compter au moins ${String(schema.minItems)} éléments`;
    case ValueErrorType.ArrayMaxItems:
      return `la liste ne peut pas compter plus de ${String(schema.maxItems)} éléments`;
    case ValueErrorType.String:
      return "doit être un texte entre guillemets";
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1 ? "ne doit pas être vide" : `doit comporter au moins ${String(schema.minLength)} caractères`;
    case ValueErrorType.StringMaxLength:
      return `ne peut pas dépasser ${String(schema.maxLength)} caractères`;
    case ValueErrorType.StringPattern:
      return `${quote(error.value)} ne convient pas : ${typeof schema.errorMessage === "string" ? schema.errorMessage : "format non reconnu"}`;
    case ValueErrorType.Boolean:
      return "doit valoir true ou false (sans guillemets)";
    case ValueErrorType.Integer:
      return "doit être un nombre entier (sans guillemets)";
    case ValueErrorType.Number:
      return "doit être un nombre (sans guillemets)";
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `doit valoir au moins ${String(schema.minimum)}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `doit valoir au plus ${String(schema.maximum)}`;
    case ValueErrorType.Literal:
      return `doit valoir ${quote(schema.const)}`;
    case ValueErrorType.Union: {
      const literals = ((schema.anyOf ?? []) as TSchema[]).map((member) => member.const as unknown);
      if (literals.every((literal) => typeof literal === "string")) {
        return `valeur inconnue ${quote(error.value)} ; valeurs possibles : ${literals.join(", ")}`;
      }
      return "valeur non reconnue";
    }
    default:
      // Kinds this format does not use; keep TypeBox's words rather than say nothing.
      return `valeur non reconnue (${String(schema[Kind])} : ${error.message})`;
  }
}

// ——— Semantics: what the schema cannot say ———

interface KnownField {
  field: Field;
  path: string;
}

function semanticProblems(definition: ProcedureDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  // Every field id and where it is, to tell "comes later" from "does not exist".
  const everyField = new Map<string, string>();
  definition.étapes.forEach((step, i) => step.champs.forEach((field, j) => everyField.has(field.id) || everyField.set(field.id, `étapes[${i}].champs[${j}]`)));

  const known = new Map<string, KnownField>();
  const stepIds = new Map<string, string>();
  const documentIds = new Map<string, string>();
  definition.étapes.forEach((step, i) => {
    const stepPath = `étapes[${i}]`;
    const previous = stepIds.get(step.id);
    if (previous) add(`${stepPath}.id`, `l'identifiant d'étape « ${step.id} » est déjà celui de ${previous} : chaque étape a le sien`);
    else stepIds.set(step.id, stepPath);
    if (step.condition) checkCondition(step.condition, `${stepPath}.condition`, known, everyField, add);

    step.champs.forEach((field, j) => {
      const path = `${stepPath}.champs[${j}]`;
      const earlier = known.get(field.id);
      if (earlier) add(`${path}.id`, `l'identifiant « ${field.id} » est déjà celui de ${earlier.path} : chaque champ a son propre identifiant, stable d'une version à l'autre`);
      if (field.condition) checkCondition(field.condition, `${path}.condition`, known, everyField, add, field.id);
      checkField(field, path, add);
      prefillProblems(field, path, definition.déposant).forEach((problem) => add(problem.path, problem.message));
      if (field.type === "groupe") checkGroup(field, path, known, everyField, add);
      if (!earlier) known.set(field.id, { field, path });
    });

    (step.pièces ?? []).forEach((document, k) => {
      const path = `${stepPath}.pièces[${k}]`;
      const other = documentIds.get(document.id);
      if (other) add(`${path}.id`, `l'identifiant de pièce « ${document.id} » est déjà celui de ${other} : chaque pièce a le sien`);
      else documentIds.set(document.id, path);
      if (new Set(document.formats).size !== document.formats.length) add(`${path}.formats`, "un format figure deux fois dans la liste");
      if (document.condition) checkCondition(document.condition, `${path}.condition`, known, everyField, add);
    });
  });

  const minimal = new Set<string>();
  definition.informations_minimales.forEach((id, k) => {
    const path = `informations_minimales[${k}]`;
    if (minimal.has(id)) add(path, `le champ « ${id} » figure deux fois dans la liste`);
    minimal.add(id);
    const field = known.get(id)?.field;
    if (!field) add(path, `aucun champ n'a l'identifiant « ${id} » (les champs d'un groupe répétable n'y figurent pas : indiquez le groupe)`);
    else if (field.type === "explication") add(path, `le champ « ${id} » est un texte explicatif : il n'attend pas de réponse`);
  });

  if (definition.formulaire_officiel) officialFormProblems(definition.formulaire_officiel, known, add);

  const groups = new Set<string>();
  definition.groupes_instructeurs.forEach((group, k) => {
    if (groups.has(group)) add(`groupes_instructeurs[${k}]`, `le groupe « ${group} » figure deux fois dans la liste`);
    groups.add(group);
  });

  // The pattern says AAAA-MM-JJ; only a calendar says whether that day exists.
  if (definition.date_limite !== undefined && !isCalendarDay(definition.date_limite))
    add("date_limite", `le ${definition.date_limite} n'existe pas : indiquez un jour du calendrier, par exemple « 2027-06-30 »`);
  if (definition.résumé !== undefined && definition.résumé.trim() === "") add("résumé", "le résumé est vide : écrivez une phrase ou retirez la clé");
  return problems;
}

function isCalendarDay(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1970 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Each line of the official form names a field that takes an answer; sub-fields, those of its group. */
function officialFormProblems(form: OfficialForm, known: Map<string, KnownField>, add: (path: string, message: string) => void) {
  form.sections.forEach((section, i) =>
    section.champs.forEach((line, j) => {
      const path = `formulaire_officiel.sections[${i}].champs[${j}]`;
      const field = known.get(line.champ)?.field;
      if (!field) {
        add(`${path}.champ`, `aucun champ n'a l'identifiant « ${line.champ} » (pour un champ d'un groupe répétable, indiquez le groupe et ses « sous_champs »)`);
        return;
      }
      if (field.type === "explication") {
        add(`${path}.champ`, `le champ « ${line.champ} » est un texte explicatif : il n'a pas de réponse à reporter sur le formulaire`);
        return;
      }
      if (!line.sous_champs) return;
      if (field.type !== "groupe") {
        add(`${path}.sous_champs`, `le champ « ${line.champ} » n'est pas un groupe répétable : il n'a pas de sous-champs`);
        return;
      }
      const answerable = field.sous_champs.filter((sub) => sub.type !== "explication").map((sub) => sub.id);
      line.sous_champs.forEach((id, k) => {
        if (!answerable.includes(id)) add(`${path}.sous_champs[${k}]`, `le groupe « ${line.champ} » n'a pas de sous-champ « ${id} » ; sous-champs possibles : ${answerable.join(", ")}`);
      });
    }),
  );
}

function checkField(field: Field, path: string, add: (path: string, message: string) => void) {
  if (field.type === "choix-unique" || field.type === "liste-deroulante" || field.type === "cases-a-cocher") {
    const values = new Map<string, number>();
    const labels = new Map<string, number>();
    field.options.forEach((option, k) => {
      const value = values.get(option.valeur);
      if (value !== undefined) add(`${path}.options[${k}].valeur`, `la valeur « ${option.valeur} » est déjà celle de options[${value}] : chaque option a sa propre valeur`);
      else values.set(option.valeur, k);
      const label = labels.get(option.libellé);
      if (label !== undefined) add(`${path}.options[${k}].libellé`, `le libellé « ${option.libellé} » est déjà celui de options[${label}]`);
      else labels.set(option.libellé, k);
    });
  }
  if ((field.type === "nombre" || field.type === "montant" || field.type === "groupe") && field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) {
    add(`${path}.minimum`, `le minimum (${field.minimum}) dépasse le maximum (${field.maximum})`);
  }
  if (field.type === "montant") {
    for (const bound of ["minimum", "maximum"] as const) {
      const euros = field[bound];
      if (euros !== undefined && !Number.isInteger(Math.round(euros * 100 * 1e6) / 1e6)) add(`${path}.${bound}`, "un montant s'exprime en euros avec au plus 2 décimales");
    }
  }
  if (field.type === "nombre" && !field.décimal) {
    for (const bound of ["minimum", "maximum"] as const) {
      const value = field[bound];
      if (value !== undefined && !Number.isInteger(value)) add(`${path}.${bound}`, "ce champ n'accepte que des nombres entiers : la borne doit en être un (ou ajoutez « décimal » : true)");
    }
  }
  if (field.type === "groupe" && field.obligatoire && field.minimum === 0) {
    add(`${path}.minimum`, "un groupe obligatoire compte au moins un élément : retirez « minimum » : 0 ou « obligatoire »");
  }
}

function checkGroup(
  group: Extract<Field, { type: "groupe" }>,
  path: string,
  known: Map<string, KnownField>,
  everyField: Map<string, string>,
  add: (path: string, message: string) => void,
) {
  // Within one item, a sub-field may depend on the sub-fields above it, or on fields before the group.
  const inItem = new Map(known);
  const subIds = new Map<string, string>();
  const laterInGroup = new Map(everyField);
  group.sous_champs.forEach((sub, k) => laterInGroup.set(sub.id, `${path}.sous_champs[${k}]`));
  group.sous_champs.forEach((sub: LeafField, k) => {
    const subPath = `${path}.sous_champs[${k}]`;
    const other = subIds.get(sub.id);
    if (other) add(`${subPath}.id`, `l'identifiant « ${sub.id} » est déjà celui de ${other} dans ce groupe`);
    if (sub.condition) checkCondition(sub.condition, `${subPath}.condition`, inItem, laterInGroup, add, sub.id);
    if (sub.type !== "explication" && sub.préremplissage) {
      add(`${subPath}.préremplissage`, "un champ d'un groupe répétable ne peut pas être prérempli : préremplissez le groupe entier (« source » : « demande-précédente »)");
    }
    checkField(sub, subPath, add);
    if (!other) {
      subIds.set(sub.id, subPath);
      inItem.set(sub.id, { field: sub, path: subPath });
    }
  });
}

const CHOICE_TYPES = new Set(["choix-unique", "liste-deroulante", "cases-a-cocher", "oui-non"]);

/** The values a condition may compare a field's answer with (undefined: only « renseigné »). */
function conditionValues(field: AnswerableField): string[] | undefined {
  if (field.type === "oui-non") return ["oui", "non"];
  if (field.type === "choix-unique" || field.type === "liste-deroulante" || field.type === "cases-a-cocher") return field.options.map((option) => option.valeur);
  return undefined;
}

function checkCondition(
  condition: Condition,
  path: string,
  known: Map<string, KnownField>,
  everyField: Map<string, string>,
  add: (path: string, message: string) => void,
  selfId?: string,
) {
  const tests = (["égal", "parmi", "renseigné"] as const).filter((key) => condition[key] !== undefined);
  if (tests.length !== 1) {
    add(path, "une condition porte sur un champ et indique une seule des clés « égal », « parmi » ou « renseigné »");
    return;
  }
  const target = known.get(condition.champ);
  if (!target) {
    if (condition.champ === selfId) add(`${path}.champ`, "un champ ne peut pas dépendre de sa propre réponse");
    else if (everyField.has(condition.champ)) {
      add(
        `${path}.champ`,
        `la condition porte sur le champ « ${condition.champ} » (${everyField.get(condition.champ)}), qui vient après : une condition ne peut porter que sur un champ d'une étape précédente ou placé plus haut dans la même étape`,
      );
    } else add(`${path}.champ`, `la condition porte sur un champ inconnu « ${condition.champ} »`);
    return;
  }
  const field = target.field;
  if (field.type === "explication") {
    add(`${path}.champ`, `le champ « ${field.id} » est un texte explicatif : il n'a pas de réponse sur laquelle porter une condition`);
    return;
  }
  if (condition.renseigné) return;
  const values = conditionValues(field);
  if (!values || !CHOICE_TYPES.has(field.type)) {
    add(path, `« égal » et « parmi » ne s'emploient qu'avec un champ à options (choix unique, liste déroulante, cases à cocher, oui / non) ; le champ « ${field.id} » est de type ${FIELD_TYPE_NAMES[field.type]} : employez « renseigné »`);
    return;
  }
  const compared = condition.égal !== undefined ? [[`${path}.égal`, condition.égal] as const] : (condition.parmi ?? []).map((value, k) => [`${path}.parmi[${k}]`, value] as const);
  for (const [valuePath, value] of compared) {
    if (!values.includes(value)) add(valuePath, `« ${value} » n'est pas une réponse possible du champ « ${field.id} » ; réponses possibles : ${values.join(", ")}`);
  }
}
