import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkStep } from "../../procedures/answers/check-answers.ts";
import { conditionHolds } from "../../procedures/answers/conditions.ts";
import type { Answers, PostedForm } from "../../procedures/answers/values.ts";
import type { AnswerableLeafField, Field, ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";
import { describeProblem, parseDefinitionFile } from "../../procedures/definition/validate-definition.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../procedures/load-from-directory.ts";
import { ErrorSummary, fieldId } from "../../../ui/components.tsx";
import { errorLabels } from "./error-labels.ts";
import { applyGroupAction, addRowValue, GROUP_ACTION, removeRowValue } from "./group-action.ts";
import { parsePage, submittedForm, type Control } from "./html-form.test-support.ts";
import { StepFields, type StepFieldsProps } from "./step-fields.tsx";

const today = "2026-11-23";
const DEMOS = ["logement-social", "aide-associations", "demande-de-pret", "declaration-loyers"];

function demo(slug: string): ProcedureDefinition {
  const checked = parseDefinitionFile(readFileSync(path.join(PORTAL_PROCEDURES_DIRECTORY, `${slug}.json`)));
  if (!checked.ok) throw new Error(checked.problems.map((problem) => describeProblem(slug, problem)).join("\n"));
  return checked.definition;
}

const render = async (props: StepFieldsProps) => (await (<StepFields {...props} />).toString()) as string;

/** The field (or group sub-field) an input name belongs to, and the address part if any. */
function fieldOf(step: Step, name: string): { field: AnswerableLeafField; part?: string } {
  const match = /^([a-z0-9-]+)(?:\[\d+\]\.([a-z0-9-]+))?(?:\.([a-z_]+))?$/.exec(name);
  if (!match) throw new Error(`Unexpected input name ${name}`);
  const top = step.champs.find((field) => field.id === match[1]);
  const field = match[2] !== undefined && top?.type === "groupe" ? top.sous_champs.find((sub) => sub.id === match[2]) : top;
  if (!field || field.type === "explication" || field.type === "groupe") throw new Error(`No field for input ${name}`);
  return { field, ...(match[3] !== undefined ? { part: match[3] } : {}) };
}

/** A valid value for a text-like input, by its field's type. */
function validText(field: AnswerableLeafField, part?: string): string {
  switch (field.type) {
    case "texte-court":
      return "Dupont";
    case "texte-long":
      return "Première ligne.\nDeuxième ligne.";
    case "nombre":
      return String(Math.min(Math.max(3, field.minimum ?? 0), field.maximum ?? 3)).replace(".", ",");
    case "montant":
      return field.minimum !== undefined && field.minimum > 650 ? `${field.minimum} €` : field.maximum !== undefined && field.maximum < 650 ? "1" : "650,50 €";
    case "date":
      return field.période === "passée" ? "15/03/1985" : field.période === "future" ? "01/12/2027" : "03/10/2026";
    case "email":
      return "camille@exemple.fr";
    case "telephone":
      return "01 23 45 67 89";
    case "commune":
      return "Cahors";
    case "siret":
      return "849 719 976 00011";
    case "nir":
      return "2 85 05 78 006 084 41";
    case "rna":
      return "W723007219";
    case "iban":
      return "FR76 3000 6000 0112 3456 7890 189";
    case "adresse":
      return { ligne: "12 rue des Lilas", complement: "Bâtiment B", code_postal: "46000", commune: "Cahors" }[part ?? "ligne"] ?? "";
    default:
      throw new Error(`No text value for ${field.type}`);
  }
}

/** The option values some condition of the procedure waits for, by field id: choosing them shows the conditional fields. */
function awaitedValues(definition: ProcedureDefinition): Map<string, string[]> {
  const awaited = new Map<string, string[]>();
  const fields = definition.étapes.flatMap((step) => step.champs.flatMap((field) => (field.type === "groupe" ? [field, ...field.sous_champs] : [field])));
  for (const { condition } of [...fields, ...definition.étapes]) {
    if (!condition) continue;
    const values = condition.égal !== undefined ? [condition.égal] : (condition.parmi ?? []);
    awaited.set(condition.champ, [...(awaited.get(condition.champ) ?? []), ...values]);
  }
  return awaited;
}

/** Fills every control as a careful person would: valid text, and the options that show the conditional fields ("Oui" for yes / no). */
function fill(step: Step, controls: Control[], definition?: ProcedureDefinition): Control[] {
  const awaited = definition ? awaitedValues(definition) : new Map<string, string[]>();
  const preferred = (field: AnswerableLeafField, values: string[]) => values.find((value) => awaited.get(field.id)?.includes(value)) ?? (field.type === "oui-non" ? "oui" : values.find((value) => value !== ""));
  const pickedRadio = new Set<string>();
  const pickedBox = new Set<string>();
  return controls.map((control) => {
    if (control.name === "" || control.tag === "button") return control;
    const { field, part } = fieldOf(step, control.name);
    if (control.type === "radio") {
      const values = controls.filter((other) => other.name === control.name).map((other) => other.value);
      const pick = !pickedRadio.has(control.name) && control.value === preferred(field, values);
      if (pick) pickedRadio.add(control.name);
      return { ...control, checked: pick };
    }
    if (control.type === "checkbox") {
      const pick = !pickedBox.has(control.name);
      pickedBox.add(control.name);
      return { ...control, checked: pick };
    }
    if (control.tag === "select") return { ...control, value: preferred(field, control.options) ?? "" };
    return { ...control, value: validText(field, part) };
  });
}

/** Adds one row to each group of the step through its "Ajouter une ligne" button, as without JavaScript. */
async function withOneRowPerGroup(definition: ProcedureDefinition, step: Step, answers: Answers): Promise<PostedForm | undefined> {
  let posted: PostedForm | undefined;
  for (const group of step.champs.filter((field) => field.type === "groupe")) {
    const page = parsePage(await render({ definition, step, answers, posted }));
    const button = page.controls.find((control) => control.name === GROUP_ACTION && control.value === addRowValue(group));
    if (!button) continue; // a group hidden by an earlier answer, or already at its maximum
    const outcome = applyGroupAction(definition, step, { ...submittedForm(page.controls), [GROUP_ACTION]: button.value });
    expect(outcome.requested).toBe(true);
    posted = outcome.form;
  }
  return posted;
}

const fieldIds = (fields: readonly Field[]) => fields.map((field) => field.id);

describe("StepFields renders every step of the four demo procedures so that posting it round-trips through checkStep", () => {
  for (const slug of DEMOS) {
    it(`${slug}: each step filled with valid values checks without error, and renders again from the saved answers`, async () => {
      const definition = demo(slug);
      let answers: Answers = {};
      for (const step of definition.étapes) {
        const posted = await withOneRowPerGroup(definition, step, answers);
        const page = parsePage(await render({ definition, step, answers, posted }));
        const form = submittedForm(fill(step, page.controls, definition));
        const check = checkStep(definition, step.id, form, { today, answers });
        expect(check.errors, `${slug} / ${step.id}`).toEqual({});
        // Every field shown got its answer, conditional ones included (the options chosen show them).
        const now = { ...answers, ...check.values };
        for (const field of step.champs) {
          if (field.type === "explication") continue;
          expect(check.values[field.id], `${slug} / ${step.id} / ${field.id}`).toBeDefined();
          expect(conditionHolds(field.condition, (id) => now[id]), `${slug} / ${step.id} / ${field.id} shown`).toBe(true);
        }
        answers = { ...answers, ...check.values };

        // Rendered from what was saved, the page posts the same answers back.
        const again = parsePage(await render({ definition, step, answers }));
        const recheck = checkStep(definition, step.id, submittedForm(again.controls), { today, answers });
        expect(recheck.errors, `${slug} / ${step.id} (saved)`).toEqual({});
        expect(recheck.values, `${slug} / ${step.id} (saved)`).toEqual(check.values);
      }
      // The required fields of the procedure with no condition are all answered.
      expect(Object.keys(answers)).toEqual(expect.arrayContaining(definition.étapes.flatMap((step) => fieldIds(step.champs.filter((field) => field.type !== "explication" && !field.condition && field.obligatoire)))));
    });
  }

  it("reads an amount typed as 650,50, 650.50, 650,50 € or 650 € right (the rent declaration)", async () => {
    const definition = demo("declaration-loyers");
    const step = definition.étapes[1]!;
    for (const [typed, cents] of [["650,50", 65050], ["650.50", 65050], ["650,50 €", 65050], ["650 €", 65000]] as const) {
      const page = parsePage(await render({ definition, step, answers: {} }));
      const form = submittedForm(fill(step, page.controls).map((control) => (control.name === "locataires[0].loyer" ? { ...control, value: typed } : control)));
      const check = checkStep(definition, step.id, form, { today, answers: {} });
      expect(check.errors).toEqual({});
      expect((check.values.locataires as Record<string, unknown>[])[0]!.loyer).toBe(cents);
    }
  });
});

describe("the markup of each field", () => {
  const definition = demo("aide-associations");
  const [association, projet, budget] = definition.étapes;

  it("labels each input, marks optional fields « (facultatif) » and shows the hint, tied to the input", async () => {
    const page = parsePage(await render({ definition, step: association!, answers: {} }));
    expect(page.labels.get(fieldId("siret"))).toBe("Siret");
    expect(page.labels.get(fieldId("rna"))).toBe("Numéro RNA (facultatif)");
    const siret = page.ids.get(fieldId("siret"))!;
    expect(siret["aria-required"]).toBe("true");
    expect(siret["aria-describedby"]).toBe(`${fieldId("siret")}-hint`);
    expect(page.textOf.get(`${fieldId("siret")}-hint`)).toBe("14 chiffres, par exemple 849 719 976 00011.");
    expect(page.labels.get(fieldId("adresse-association.code_postal"))).toBe("Code postal");
    expect(page.labels.get(fieldId("adresse-association.complement"))).toBe("Complément d'adresse (facultatif)");
  });

  it("offers an amount as a decimal text input followed by « € », the sign read with the input", async () => {
    const page = parsePage(await render({ definition, step: budget!, answers: {} }));
    const amount = page.ids.get(fieldId("cout-total"))!;
    expect(amount.type).toBe("text");
    expect(amount.inputmode).toBe("decimal");
    expect(page.textOf.get(`${fieldId("cout-total")}-suffix`)).toBe("€");
    expect(amount["aria-describedby"]).toContain(`${fieldId("cout-total")}-suffix`);
  });

  it("puts choices in a fieldset whose legend is the question, and a list's first option asks to choose", async () => {
    const html = await render({ definition, step: projet!, answers: {} });
    expect(html).toMatch(/<fieldset[^>]*id="champ-nature-aide"[^>]*>\s*<legend class="fieldset__legend">Nature de l&#39;aide demandée<\/legend>/);
    const page = parsePage(html);
    expect(page.controls.filter((control) => control.name === "publics").map((control) => control.type)).toEqual(["checkbox", "checkbox", "checkbox", "checkbox"]);
    const loans = demo("demande-de-pret");
    const select = parsePage(await render({ definition: loans, step: loans.étapes[0]!, answers: {} })).controls.find((control) => control.name === "nature-emprunteur")!;
    expect(select.tag).toBe("select");
    expect(select.options[0]).toBe("");
  });

  it("renders saved answers as people type them: amounts, dates, communes, phone numbers, yes / no", async () => {
    const housing = demo("logement-social");
    const answers: Answers = { "commune-souhaitee": { code: "46042", nom: "Cahors", departement: "46" }, "date-naissance": "1985-03-15", telephone: "+33123456789", salaires: 145080, "nombre-parts": 2.5 };
    const first = parsePage(await render({ definition: housing, step: housing.étapes[0]!, answers }));
    const value = (name: string) => first.controls.find((control) => control.name === name)?.value;
    expect(value("commune-souhaitee")).toBe("Cahors (46)");
    expect(value("date-naissance")).toBe("15/03/1985");
    expect(value("telephone")).toBe("01 23 45 67 89");
    const resources = parsePage(await render({ definition: housing, step: housing.étapes[5]!, answers }));
    expect(resources.controls.find((control) => control.name === "salaires")?.value).toBe("1450,80");
    const fiscal = parsePage(await render({ definition: housing, step: housing.étapes[4]!, answers }));
    expect(fiscal.controls.find((control) => control.name === "nombre-parts")?.value).toBe("2,5");
  });

  it("shows explanatory text as paragraphs, with no input", async () => {
    const rents = demo("declaration-loyers");
    const html = await render({ definition: rents, step: rents.étapes[1]!, answers: {} });
    expect(html).toContain("<p>Saisissez le loyer de chaque locataire, hors charges.");
    expect(parsePage(html).controls.some((control) => control.name === "saisie-montants")).toBe(false);
  });
});

describe("a 422 re-render", () => {
  const definition = demo("declaration-loyers");
  const step = definition.étapes[1]!;

  it("keeps what was typed and shows each error under its field, linked from the error summary", async () => {
    const posted: PostedForm = {
      "locataires[0].numero-allocataire": "1234567",
      "locataires[0].nom": "",
      "locataires[0].prenom": "Camille",
      "locataires[0].adresse-logement.ligne": "3 place Gambetta",
      "locataires[0].adresse-logement.complement": "",
      "locataires[0].adresse-logement.code_postal": "75001",
      "locataires[0].adresse-logement.commune": "Cahors",
      "locataires[0].loyer": "six cents",
      "locataires[0].charges": "",
      "locataires[0].loyer-paye": "non",
      "locataires[0].montant-impaye": "",
    };
    const { errors } = checkStep(definition, step.id, posted, { today, answers: {} });
    expect(Object.keys(errors).sort()).toEqual(["locataires[0].adresse-logement.commune", "locataires[0].loyer", "locataires[0].montant-impaye", "locataires[0].nom"].sort());

    const html = await render({ definition, step, answers: {}, posted, errors });
    const page = parsePage(html);
    const value = (name: string) => page.controls.find((control) => control.name === name && (control.type !== "radio" || control.checked))?.value;
    expect(value("locataires[0].prenom")).toBe("Camille");
    expect(value("locataires[0].loyer")).toBe("six cents");
    expect(value("locataires[0].loyer-paye")).toBe("non");
    for (const [name, message] of Object.entries(errors)) {
      const id = fieldId(name);
      expect(page.ids.has(id), name).toBe(true);
      expect(page.textOf.get(`${id}-error`)).toBe(`Erreur : ${message}`);
      expect(page.ids.get(id)!["aria-describedby"]).toContain(`${id}-error`);
      expect(page.ids.get(id)!["aria-invalid"]).toBe("true");
    }

    const summary = parsePage((await (<ErrorSummary errors={errors} labels={errorLabels(step, errors)} />).toString()) as string);
    const links = [...summary.ids.keys()];
    expect(links).toContain("error-summary-title");
    const summaryHtml = (await (<ErrorSummary errors={errors} labels={errorLabels(step, errors)} />).toString()) as string;
    for (const name of Object.keys(errors)) expect(summaryHtml).toContain(`href="#${fieldId(name)}"`);
    expect(summaryHtml).toContain("Locataire 1 – Nom : Ce champ est obligatoire.");
    expect(summaryHtml).toContain("Locataire 1 – Adresse du logement : commune : ");
  });

  it("links a group's own error (too few items) to the group's fieldset", async () => {
    const { errors } = checkStep(definition, step.id, {}, { today, answers: {} });
    expect(errors).toEqual({ locataires: "Ajoutez au moins un élément « Locataire »." });
    const page = parsePage(await render({ definition, step, answers: {}, posted: {}, errors }));
    expect(page.ids.get(fieldId("locataires"))!.tabindex).toBe("-1");
    expect(page.textOf.get(`${fieldId("locataires")}-error`)).toBe("Erreur : Ajoutez au moins un élément « Locataire ».");
  });
});

describe("repeatable groups without JavaScript", () => {
  const definition = demo("aide-associations");
  const budget = definition.étapes[2]!;
  const rents = demo("declaration-loyers");
  const tenants = rents.étapes[1]!;

  it("start empty when optional, with « Ajouter une ligne », and with one row when at least one is required", async () => {
    const optional = parsePage(await render({ definition, step: budget, answers: {} }));
    expect(optional.controls.some((control) => control.name.startsWith("autres-financements["))).toBe(false);
    expect(optional.controls.find((control) => control.value === "autres-financements:ajouter")?.attributes.name).toBe("_groupe");
    const required = parsePage(await render({ definition: rents, step: tenants, answers: {} }));
    expect(required.controls.filter((control) => control.name === "locataires[0].nom")).toHaveLength(1);
    // The only row of a group that needs one cannot be removed.
    expect(required.controls.some((control) => control.value === "locataires:supprimer:0")).toBe(false);
  });

  it("add a row keeping what was typed, number the items in their legends, and focus the new row", async () => {
    const posted = { "locataires[0].nom": "Martin", "locataires[0].prenom": "Léa", [GROUP_ACTION]: addRowValue({ id: "locataires" }) };
    const outcome = applyGroupAction(rents, tenants, posted);
    expect(outcome.requested).toBe(true);
    expect(outcome.form[GROUP_ACTION]).toBeUndefined();
    expect(outcome.focus).toBe("locataires[1].numero-allocataire");
    const html = await render({ definition: rents, step: tenants, answers: {}, posted: outcome.form, autofocus: outcome.focus });
    const page = parsePage(html);
    expect(page.controls.find((control) => control.name === "locataires[0].nom")?.value).toBe("Martin");
    expect(page.controls.find((control) => control.name === "locataires[1].nom")?.value).toBe("");
    expect(page.ids.get(fieldId("locataires[1].numero-allocataire"))!.autofocus).toBeDefined();
    expect(html).toMatch(/<legend class="fieldset__legend group__item-legend">Locataire 1<\/legend>[\s\S]*Locataire 2<\/legend>/);
    expect(page.controls.filter((control) => control.value.startsWith("locataires:supprimer:")).map((control) => control.value)).toEqual(["locataires:supprimer:0", "locataires:supprimer:1"]);
  });

  it("remove the chosen row and renumber the others, saving nothing", () => {
    const posted = { "locataires[0].nom": "Martin", "locataires[1].nom": "Durand", "locataires[2].nom": "Petit", [GROUP_ACTION]: removeRowValue({ id: "locataires" }, 1) };
    const outcome = applyGroupAction(rents, tenants, posted);
    expect(outcome).toEqual({ requested: true, form: { "locataires[0].nom": "Martin", "locataires[1].nom": "Petit" }, focus: "locataires" });
  });

  it("refuse to go beyond the maximum or below the minimum, and ignore an unknown group", () => {
    const full: PostedForm = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`autres-financements[${index}].financeur`, `Financeur ${index}`]));
    const beyond = applyGroupAction(definition, budget, { ...full, [GROUP_ACTION]: "autres-financements:ajouter" });
    expect(beyond.requested).toBe(true);
    expect(beyond.form).toEqual(full);
    const below = applyGroupAction(rents, tenants, { "locataires[0].nom": "Martin", [GROUP_ACTION]: "locataires:supprimer:0" });
    expect(below.form).toEqual({ "locataires[0].nom": "Martin" });
    expect(applyGroupAction(rents, tenants, { [GROUP_ACTION]: "inconnu:ajouter" })).toEqual({ requested: true, form: {}, focus: undefined });
    expect(applyGroupAction(rents, tenants, { "locataires[0].nom": "Martin" })).toEqual({ requested: false, form: { "locataires[0].nom": "Martin" } });
  });

  it("offer no more « Ajouter une ligne » at the maximum, and say so", async () => {
    const full: PostedForm = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`autres-financements[${index}].financeur`, `Financeur ${index}`]));
    const html = await render({ definition, step: budget, answers: {}, posted: full });
    expect(html).not.toContain('value="autres-financements:ajouter"');
    expect(html).toContain("Vous avez atteint le nombre maximum de lignes (20).");
  });

  it("start the form with a hidden default button, so that Enter in a field never removes a row", async () => {
    const page = parsePage(await render({ definition: rents, step: tenants, answers: {} }));
    const firstButton = page.controls.find((control) => control.tag === "button")!;
    expect(firstButton.attributes.hidden).toBeDefined();
    expect(firstButton.name).toBe("");
  });
});

describe("conditions", () => {
  const housing = demo("logement-social");
  const [general, applicants] = housing.étapes;

  it("render a field that depends on an earlier step only when that answer matches", async () => {
    const without = await render({ definition: housing, step: applicants!, answers: { "nombre-codemandeurs": "0" } });
    expect(without).not.toContain('name="codemandeurs[0].nom"');
    const withOne = await render({ definition: housing, step: applicants!, answers: { "nombre-codemandeurs": "1" } });
    expect(withOne).toContain('name="codemandeurs[0].nom"');
    expect(general).toBeDefined();
  });

  it("always render a field that depends on the same step, with the condition in data attributes and in words", async () => {
    const situation = housing.étapes[3]!;
    const html = await render({ definition: housing, step: situation, answers: {} });
    expect(html).toContain('data-condition-on="situation-professionnelle"');
    expect(html).toContain('data-condition-values="[&quot;cdi&quot;,&quot;cdd&quot;,&quot;apprenti&quot;]"');
    expect(html).toContain("À renseigner si vous avez répondu « CDI ou fonctionnaire », « CDD, intérim, stage » ou « Apprenti » à « Votre situation professionnelle ».");
    const page = parsePage(html);
    expect(page.ids.get(fieldId("employeur"))!["aria-describedby"]).toContain(`${fieldId("employeur")}-condition`);

    const rents = demo("declaration-loyers");
    const tenants = await render({ definition: rents, step: rents.étapes[1]!, answers: {} });
    expect(tenants).toContain('data-condition-on="locataires[0].loyer-paye"');
    expect(tenants).toContain("À renseigner si vous avez répondu « Non » à « Le loyer du mois a-t-il été payé ? ».");
    const current = await render({ definition: housing, step: housing.étapes[6]!, answers: {} });
    expect(current).toContain("À renseigner si vous avez répondu à « Votre logement actuel ».");
    expect(current).toMatch(/data-condition-on="mode-logement"(?![^>]*data-condition-values)[^>]*>\s*<p class="conditional__hint" id="champ-nombre-pieces-actuel-condition">/);
  });

  it("leave a same-step field whose condition does not hold out of the answers, whatever was posted", async () => {
    const situation = housing.étapes[3]!;
    const check = checkStep(housing, situation.id, { "situation-professionnelle": "retraite", employeur: "Acme" }, { today, answers: {} });
    expect(check).toEqual({ values: { "situation-professionnelle": "retraite" }, errors: {} });
  });
});
