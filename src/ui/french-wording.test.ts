import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Capitals French writes with their accent (issue 13: « Etant » on two pages). Only words and
 * phrases that cannot be English, so the code's English comments never match.
 */
const UNACCENTED = /\b(?:Etant|Etape|Etapes|Etes|Etat|Etats|Etablissement|Etablissements|Electronique|Evenement|Evénement|Evenements|Evénements|Echeance|Echéance|Echéances|Egalement|Eviter|Ecrire|Ecrivez)\b|\bA (?:partir|compter|noter|défaut|la |l'|votre|vos|titre|jour|cette|ce |ces )/;

/** Every file of the interface: the source (tests left out) and the procedures' definitions. */
async function interfaceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ["src", "procedures"]) {
    for (const entry of await readdir(path.join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(tsx?|json|md)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
      files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files;
}

describe("the portal's French", () => {
  it("writes accented capitals: « Étant », « Étape », « À partir »… never « Etant » (issue 13)", async () => {
    const found: string[] = [];
    for (const file of await interfaceFiles()) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, index) => {
        const match = UNACCENTED.exec(line);
        if (match) found.push(`${path.relative(root, file)}:${index + 1}: « ${match[0].trim()} »`);
      });
    }
    expect(found).toEqual([]);
  });

  it("would catch the words it looks for", () => {
    for (const text of ["Etant le premier utilisateur", "Etape 3 sur 9", "A partir du 1er mars", "Etat de la demande"]) expect(text).toMatch(UNACCENTED);
    for (const text of ["Étant le premier utilisateur", "À partir du 1er mars", "A condition on a sibling", "Element", "Every step"]) expect(text).not.toMatch(UNACCENTED);
  });
});
