import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { accessibilityAudit, auditFigures, complianceLabel, type AccessibilityAudit, type AuditCriterion } from "../../ui/accessibility/audit.ts";

/** RGAA 4.1's themes and how many criteria each has: 106 in all. */
const criteriaPerTheme = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12];

function withCriteria(criteria: Pick<AuditCriterion, "applicable" | "compliant">[]): AccessibilityAudit {
  return {
    ...accessibilityAudit,
    criteria: criteria.map((criterion, index) => ({ ...accessibilityAudit.criteria[index]!, ...criterion })),
  };
}

describe("the RGAA self-audit kept in the repository", () => {
  it("lists each of the 106 criteria of RGAA 4.1 exactly once, in order, with its title", () => {
    const expected = criteriaPerTheme.flatMap((count, theme) => Array.from({ length: count }, (_, index) => `${theme + 1}.${index + 1}`));
    expect(expected).toHaveLength(106);
    expect(accessibilityAudit.criteria.map((criterion) => criterion.number)).toEqual(expected);
    for (const criterion of accessibilityAudit.criteria) expect(criterion.title).toMatch(/\?$|respectée \(hors cas particuliers\) \?$/);
  });

  it("gives every criterion a consistent verdict, a way it was checked and, when it applies, the pages", () => {
    const methods = Object.keys(accessibilityAudit.methods);
    const samplePaths = accessibilityAudit.sample.map((page) => page.path);
    for (const criterion of accessibilityAudit.criteria) {
      if (criterion.applicable) {
        expect(typeof criterion.compliant, criterion.number).toBe("boolean");
        expect(criterion.pages.length, criterion.number).toBeGreaterThan(0);
        for (const page of criterion.pages) expect(["toutes", ...samplePaths], criterion.number).toContain(page);
      } else {
        expect(criterion.compliant, criterion.number).toBeNull();
      }
      for (const method of criterion.checkedWith) expect(methods, criterion.number).toContain(method);
      expect(criterion.note.length, criterion.number).toBeGreaterThan(10);
    }
    expect(accessibilityAudit.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("is honest about what the portal does not do yet: small screens, site map, session warning, PDF", () => {
    const nonCompliant = auditFigures().nonCompliant.map((criterion) => criterion.number);
    expect(nonCompliant).toEqual(expect.arrayContaining(["10.11", "12.1", "13.1", "13.3"]));
  });

  it("computes the rate as compliant ÷ applicable criteria, and the level by RGAA's thresholds", () => {
    const all = accessibilityAudit.criteria.length;
    const full = withCriteria(Array.from({ length: all }, (_, index) => (index < 50 ? { applicable: true, compliant: true } : { applicable: false, compliant: null })));
    expect(auditFigures(full)).toMatchObject({ applicable: 50, compliant: 50, rate: 100, level: "totalement" });
    const half = withCriteria(Array.from({ length: all }, (_, index) => (index < 40 ? { applicable: true, compliant: index % 2 === 0 } : { applicable: false, compliant: null })));
    expect(auditFigures(half)).toMatchObject({ applicable: 40, compliant: 20, rate: 50, level: "partiellement" });
    const low = withCriteria(Array.from({ length: all }, (_, index) => (index < 3 ? { applicable: true, compliant: index === 0 } : { applicable: false, compliant: null })));
    expect(auditFigures(low)).toMatchObject({ applicable: 3, compliant: 1, rate: 33.3, level: "non" });
    // One failure in 200 is still not total: the rate is rounded down.
    const almost = withCriteria(Array.from({ length: all }, (_, index) => ({ applicable: true, compliant: index !== 0 })));
    expect(auditFigures(almost).level).toBe("partiellement");
    expect(auditFigures(almost).rate).toBeLessThan(100);
    expect(complianceLabel("non")).toBe("non conforme");
    expect(complianceLabel("partiellement")).toBe("partiellement conforme");
  });
});

describe("the accessibility statement and the footer", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("shows the audit's rate, its non-compliant criteria, the derogations, exemptions, date and sample", async () => {
    const figures = auditFigures();
    const response = await t.app.inject("/accessibilite");
    expect(response.statusCode).toBe(200);
    const main = response.body.slice(response.body.indexOf("<main"), response.body.indexOf("</main>"));
    const rate = figures.rate.toLocaleString("fr-FR");
    expect(main).toContain(`<strong>${rate} % des critères du RGAA sont respectés</strong>`);
    expect(main).toContain(`${figures.compliant} critères conformes sur ${figures.applicable} critères applicables`);
    expect(main).toContain(`est ${complianceLabel(figures.level)}</strong>`);
    for (const criterion of figures.nonCompliant) expect(main).toContain(`<strong>Critère ${criterion.number}</strong>`);
    const compliant = accessibilityAudit.criteria.find((criterion) => criterion.compliant === true)!;
    expect(main).not.toContain(`<strong>Critère ${compliant.number}</strong>`);
    expect(main).toContain(`<time datetime="${accessibilityAudit.date}">`);
    expect(main).toContain("Dérogations pour charge disproportionnée");
    for (const exemption of accessibilityAudit.exemptions) expect(main).toContain(exemption.content);
    for (const page of accessibilityAudit.sample) expect(main).toContain(`(${page.path})`);
  });

  it("gives the real status in every footer, from the same audit", async () => {
    const label = complianceLabel(auditFigures().level);
    for (const url of ["/", "/connexion", "/mentions-legales"]) {
      const body = (await t.app.inject(url)).body;
      const footer = body.slice(body.indexOf("<footer"));
      expect(footer).toContain(`<a href="/accessibilite">Accessibilité : ${label}</a>`);
    }
    expect(label).toBe("partiellement conforme");
  });
});
