import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../procedures/answers/values.ts";
import type { ProcedureDefinition } from "../../procedures/definition/schema.ts";
import { describeProblem, parseDefinitionFile } from "../../procedures/definition/validate-definition.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../procedures/load-from-directory.ts";
import { errorLabels } from "./error-labels.ts";
import { formatDay } from "./step-summary.tsx";
import { StepSummary } from "./step-summary.tsx";

function demo(slug: string): ProcedureDefinition {
  const checked = parseDefinitionFile(readFileSync(path.join(PORTAL_PROCEDURES_DIRECTORY, `${slug}.json`)));
  if (!checked.ok) throw new Error(checked.problems.map((problem) => describeProblem(slug, problem)).join("\n"));
  return checked.definition;
}

/** The page's text with French spaces made plain, tags removed, blanks collapsed. */
const text = (html: string) =>
  html
    .replace(/<br\s*\/?>/g, " | ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const summary = async (definition: ProcedureDefinition, stepIndex: number, answers: Answers) =>
  (await (<StepSummary definition={definition} step={definition.étapes[stepIndex]!} answers={answers} />).toString()) as string;

describe("StepSummary", () => {
  const housing = demo("logement-social");

  it("writes each answer as people read it: communes with their postal code, dates in words, phone numbers grouped", async () => {
    const html = await summary(housing, 0, {
      "commune-souhaitee": { code: "46042", nom: "Cahors", departement: "46" },
      "nombre-codemandeurs": "0",
      "nom-usage": "Martin",
      prenom: "Léa",
      nir: "285057800608441",
      "date-naissance": "2026-10-03",
      nationalite: "francaise",
      telephone: "+33123456789",
    });
    const shown = text(html);
    expect(shown).toContain("Cahors (46000)");
    expect(shown).toContain("3 octobre 2026");
    expect(shown).toContain("01 23 45 67 89");
    expect(shown).toContain("2 85 05 78 006 084 41");
    // Left empty, but shown: said so rather than left blank.
    expect(shown).toMatch(/Nom de naissance( \(.*\))? Non renseigné/);
    expect(html).toContain('<dl class="summary-list">');
  });

  it("writes amounts in euros, yes / no in words, addresses on lines, and leaves out what a condition hides", async () => {
    const html = await summary(housing, 6, {
      "mode-logement": "locataire-prive",
      "adresse-actuelle": { ligne: "12 rue des Lilas", complément: "Bâtiment B", codePostal: "46000", commune: "Cahors", codeInsee: "46042" },
      "loyer-actuel": 65050,
      "nombre-pieces-actuel": 3,
    });
    expect(text(html)).toContain("Locataire du parc privé");
    expect(text(html)).toContain("12 rue des Lilas | Bâtiment B | 46000 Cahors");
    expect(text(html)).toContain("650,50 €");
    expect(text(html)).toContain("3 pièces");
    const sansAbri = text(await summary(housing, 6, { "mode-logement": "sans-abri", "loyer-actuel": 65050 }));
    expect(sansAbri).not.toContain("Loyer mensuel");
    expect(text(await summary(housing, 8, { "logement-adapte": true, "types-logement": ["t2", "t3"] }))).toContain("Oui");
  });

  it("shows a group as a table with a caption and a column per sub-field", async () => {
    const html = await summary(housing, 2, {
      "personnes-a-charge": [
        { nom: "Martin", prenom: "Hugo", "date-naissance": "2019-05-01", lien: "enfant", "garde-alternee": false },
        { nom: "Martin", prenom: "Rose", "date-naissance": "1950-01-12", lien: "ascendant" },
      ],
    });
    expect(html).toContain("<caption");
    expect(text(html)).toContain("Nom Prénom Date de naissance Lien de parenté Enfant en garde alternée");
    expect(text(html)).toContain("Martin Hugo 1er mai 2019 Enfant Non");
    expect(text(html)).toContain("Martin Rose 12 janvier 1950 Ascendant (parent, grand-parent) —");
  });

  it("formats days in French, the first of the month as « 1er »", () => {
    expect(formatDay("2026-10-03")).toBe("3 octobre 2026");
    expect(formatDay("2026-12-01")).toBe("1er décembre 2026");
  });
});

describe("errorLabels", () => {
  it("names each input of a step, the lines of an address and the items of a group", () => {
    const rents = demo("declaration-loyers");
    const labels = errorLabels(rents.étapes[1]!, { "locataires[2].nom": "Ce champ est obligatoire." });
    expect(labels.locataires).toBe("Locataires");
    expect(labels["locataires[2].nom"]).toBe("Locataire 3 – Nom");
    expect(labels["locataires[2].adresse-logement.code_postal"]).toBe("Locataire 3 – Adresse du logement : code postal");
    const association = demo("aide-associations");
    expect(errorLabels(association.étapes[0]!)["adresse-association.ligne"]).toBe("Adresse principale : numéro et voie");
  });
});
