/**
 * The portal's RGAA 4.1 self-audit, kept in the repository beside the pages it describes
 * (`audit-rgaa.json`: the 106 criteria, each applicable or not, compliant or not, how it was
 * checked and on which pages). The accessibility statement and the footer's status are computed
 * from it here, so that they can never say more than the audit.
 */
import data from "./audit-rgaa.json" with { type: "json" };

export type AuditMethod = "axe" | "parcours" | "parcours-sans-javascript" | "tests-automatiques" | "inspection";

export interface AuditCriterion {
  /** "1.1" to "13.12". */
  number: string;
  theme: string;
  /** The criterion's question, as RGAA 4.1 words it. */
  title: string;
  applicable: boolean;
  /** null when the criterion does not apply. */
  compliant: boolean | null;
  checkedWith: AuditMethod[];
  /** Paths of the sample the result covers, or "toutes". */
  pages: string[];
  /** Why it does not apply, what was seen, or what fails. */
  note: string;
}

export interface AccessibilityAudit {
  referential: string;
  /** ISO date of the audit. */
  date: string;
  auditor: string;
  methods: Record<AuditMethod, string>;
  environment: string[];
  /** The pages of the sample (échantillon). */
  sample: { path: string; title: string }[];
  /** Non-compliant content kept for a disproportionate burden (article 47 of the 2005 law). */
  derogations: { content: string; reason: string }[];
  /** Content outside the scope of the law (third parties' documents and services). */
  exemptions: { content: string; reason: string }[];
  criteria: AuditCriterion[];
}

export type ComplianceLevel = "totalement" | "partiellement" | "non";

export interface AuditFigures {
  applicable: number;
  compliant: number;
  /** Compliant ÷ applicable criteria, in percent (RGAA's formula), rounded down to a tenth. */
  rate: number;
  /** RGAA thresholds: 100 % total, 50 % or more partial, under 50 % not compliant. */
  level: ComplianceLevel;
  nonCompliant: AuditCriterion[];
}

export const accessibilityAudit = data as AccessibilityAudit;

/** The figures the statement publishes. */
export function auditFigures(audit: AccessibilityAudit = accessibilityAudit): AuditFigures {
  const applicable = audit.criteria.filter((criterion) => criterion.applicable);
  const compliant = applicable.filter((criterion) => criterion.compliant === true);
  // Rounded down, so that 99.95 % is never shown as 100 %.
  const rate = applicable.length === 0 ? 0 : Math.floor((compliant.length / applicable.length) * 1000) / 10;
  const level: ComplianceLevel =
    applicable.length > 0 && compliant.length === applicable.length ? "totalement" : rate >= 50 ? "partiellement" : "non";
  return {
    applicable: applicable.length,
    compliant: compliant.length,
    rate,
    level,
    nonCompliant: applicable.filter((criterion) => criterion.compliant !== true),
  };
}

/** "Accessibilité : partiellement conforme", as the footer says it. */
export function complianceLabel(level: ComplianceLevel): string {
  return level === "non" ? "non conforme" : `${level} conforme`;
}
