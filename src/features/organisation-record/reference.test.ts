import { describe, expect, it } from "vitest";
import { entityTypeLabel, entityTypes, isEntityType, normaliseEntityType } from "./reference.ts";

const folded = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

describe("the « Type de tiers » list", () => {
  it("offers each type once, whatever the case or accents, each label starting with a capital (issue 13: « Commune » and « commune »)", () => {
    const labels = entityTypes.map((type) => folded(type.label));
    expect(new Set(labels).size).toBe(labels.length);
    for (const type of entityTypes) expect(type.label, type.value).toMatch(/^\p{Lu}/u);
    expect(entityTypes.filter((type) => folded(type.label) === "commune")).toEqual([{ value: "commune", label: "Commune" }]);
  });

  it("reads a stored label or code, in any case or accents, as the list's code", () => {
    expect(normaliseEntityType("commune")).toBe("commune");
    expect(normaliseEntityType("Commune")).toBe("commune");
    expect(normaliseEntityType(" COMMUNE ")).toBe("commune");
    expect(normaliseEntityType("Etablissement public")).toBe("etablissement-public");
    expect(normaliseEntityType("Établissement public")).toBe("etablissement-public");
    expect(isEntityType(normaliseEntityType("Commune"))).toBe(true);
  });

  it("shows the list's label for those, and any other stored value as it is", () => {
    expect(entityTypeLabel("Commune")).toBe("Commune");
    expect(entityTypeLabel("commune")).toBe("Commune");
    expect(entityTypeLabel("sem")).toBe("Société d'économie mixte");
    expect(normaliseEntityType("Groupement d'intérêt public")).toBe("Groupement d'intérêt public");
    expect(entityTypeLabel("Groupement d'intérêt public")).toBe("Groupement d'intérêt public");
  });
});
