/**
 * The labels the error summary puts before each message ("Nom : Ce champ est obligatoire."), by
 * the input names `checkStep` keys its errors with.
 */
import type { Step } from "../../procedures/definition/schema.ts";

const addressPartLabels = { ligne: "numéro et voie", complement: "complément d'adresse", code_postal: "code postal", commune: "commune" } as const;

/**
 * Input name → label for a step's fields. Group items are numbered from their index
 * (`menage[1].nom` → "Personne du foyer 2 – Nom"): pass the errors to get their items' labels.
 */
export function errorLabels(step: Step, errors: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = {};
  const addLeaf = (field: Step["champs"][number], name: string, prefix: string) => {
    if (field.type === "explication") return;
    const label = `${prefix}${field.libellé}`;
    labels[name] = label;
    if (field.type === "adresse") {
      for (const [part, partLabel] of Object.entries(addressPartLabels)) labels[`${name}.${part}`] = `${label} : ${partLabel}`;
    }
  };
  for (const field of step.champs) {
    addLeaf(field, field.id, "");
    if (field.type !== "groupe") continue;
    const itemLabel = field.libellé_élément ?? field.libellé;
    const indexes = new Set<number>();
    const pattern = new RegExp(`^${field.id.replace(/-/g, "\\-")}\\[(\\d{1,3})\\]\\.`);
    for (const name of Object.keys(errors)) {
      const match = pattern.exec(name);
      if (match) indexes.add(Number(match[1]));
    }
    for (const index of indexes) {
      for (const sub of field.sous_champs) addLeaf(sub, `${field.id}[${index}].${sub.id}`, `${itemLabel} ${index + 1} – `);
    }
  }
  return labels;
}
