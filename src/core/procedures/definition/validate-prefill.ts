/**
 * The checks of a field's `préremplissage` that its shape cannot express: the source fits the
 * field's type (a SIRET field only from the organisation's SIRET…), the organisation's sources
 * only in a procedure filed by organisations, a lock only where the source allows one, and the
 * carried sub-fields of a group naming real ones.
 */
import { FIELD_TYPE_NAMES } from "./names.ts";
import { PREFILL_SOURCES, prefillSourceSpec, type PrefillSourceSpec } from "./prefill-sources.ts";
import type { Applicant, Field } from "./schema.ts";

const LOCKABLE = Object.entries(PREFILL_SOURCES as Record<string, PrefillSourceSpec>)
  .filter(([, spec]) => spec.lockable !== "non")
  .map(([name]) => name)
  .join(", ");

function fittingSources(field: Field): string {
  const names = Object.entries(PREFILL_SOURCES as Record<string, PrefillSourceSpec>)
    .filter(([, spec]) => spec.types.includes(field.type))
    .map(([name]) => name);
  return names.length > 0 ? `sources possibles pour ce type : ${names.join(", ")}` : "aucune source ne convient à ce type de champ";
}

export function prefillProblems(field: Field, path: string, applicant: Applicant): { path: string; message: string }[] {
  if (field.type === "explication" || !field.préremplissage) return [];
  const prefill = field.préremplissage;
  const here = `${path}.préremplissage`;
  const spec = prefillSourceSpec(prefill.source);
  const problems: { path: string; message: string }[] = [];
  if (!spec.types.includes(field.type)) {
    problems.push({
      path: `${here}.source`,
      message: `la source « ${prefill.source} » ne convient pas à un champ de type ${FIELD_TYPE_NAMES[field.type]} (« ${field.type} ») ; ${fittingSources(field)}`,
    });
    return problems;
  }
  if ((spec.origin === "structure" || spec.origin === "membre") && applicant.type !== "membre-structure") {
    problems.push({
      path: `${here}.source`,
      message: `la source « ${prefill.source} » ne s'emploie que dans une démarche déposée par une structure (« déposant » : { « type » : « membre-structure » })`,
    });
  }
  if (prefill.verrouillé && spec.lockable === "non") {
    problems.push({
      path: `${here}.verrouillé`,
      message: `la source « ${prefill.source} » ne peut pas être verrouillée : le demandeur doit pouvoir corriger la réponse ; sources verrouillables : ${LOCKABLE}`,
    });
  }
  if (spec.optionValues && (field.type === "choix-unique" || field.type === "liste-deroulante")) {
    const offered = field.options.map((option) => option.valeur);
    const missing = spec.optionValues.filter((value) => !offered.includes(value));
    if (missing.length > 0) {
      problems.push({
        path: `${path}.options`,
        message: `avec la source « ${prefill.source} », les options doivent avoir les valeurs ${spec.optionValues.map((value) => `« ${value} »`).join(" et ")} (il manque ${missing.map((value) => `« ${value} »`).join(", ")})`,
      });
    }
  }
  if (prefill.sous_champs) {
    if (field.type !== "groupe") {
      problems.push({ path: `${here}.sous_champs`, message: "« sous_champs » ne s'emploie qu'avec la source « demande-précédente » d'un groupe répétable" });
    } else {
      const ids = field.sous_champs.map((sub) => sub.id);
      prefill.sous_champs.forEach((id, k) => {
        if (!ids.includes(id)) problems.push({ path: `${here}.sous_champs[${k}]`, message: `le groupe n'a pas de sous-champ « ${id} » ; sous-champs : ${ids.join(", ")}` });
      });
    }
  }
  return problems;
}
