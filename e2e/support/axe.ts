import fs from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result, RunOptions } from "axe-core";
import type { Page } from "playwright-core";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** RGAA 4 rests on WCAG 2.1 AA; best practices catch what the criteria imply (one main, one h1…). */
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/**
 * Runs axe-core on the page as it is now and returns the violations.
 *
 * axe is evaluated through the DevTools protocol (`page.evaluate`), not added as a `<script>`:
 * the portal's CSP forbids inline scripts, so `addScriptTag({ content })` would be refused, and
 * the alternative, `bypassCSP: true`, would switch the CSP off for the whole context and hide the
 * very violations the journeys must catch. Protocol evaluation is not subject to the page's CSP
 * and still runs when the context has JavaScript disabled, so pages are checked as served.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(axeSource);
  const options: RunOptions = { runOnly: { type: "tag", values: axeTags }, resultTypes: ["violations"] };
  const results = await page.evaluate(
    (runOptions) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, runOptions),
    options as Record<string, unknown>,
  );
  return results.violations;
}

/** Fails with every violation (rule, help, elements) and the page's address. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) throw new Error(formatViolations(page.url(), violations));
}

export function formatViolations(url: string, violations: Result[]): string {
  const lines = [`${violations.length} accessibility violation(s) (axe-core) on ${url}:`];
  for (const violation of violations) {
    lines.push(`- ${violation.id} [${violation.impact ?? "?"}]: ${violation.help} (${violation.helpUrl})`);
    for (const node of violation.nodes) {
      lines.push(`    at ${node.target.join(" ")}`);
      if (node.failureSummary) lines.push(`       ${node.failureSummary.replace(/\n/g, "\n       ")}`);
    }
  }
  return lines.join("\n");
}
