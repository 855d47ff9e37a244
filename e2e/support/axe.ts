import fs from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result, RunOptions } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** RGAA 4 rests on WCAG 2.1 AA; best practices catch what the criteria imply (one main, one h1…). */
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/**
 * Runs axe-core on the page as it is now and returns the violations.
 *
 * axe is evaluated through the DevTools protocol (`page.evaluate`), not added as a `<script>`:
 * the portal's CSP forbids inline scripts, so `addScriptTag({ content })` would be refused, and
 * the alternative, `bypassCSP: true`, would switch the CSP off for the whole context and hide the
 * very violations the journeys must catch. Protocol evaluation is not subject to the page's CSP.
 *
 * With JavaScript disabled, Chromium runs no timer or promise callback in the page, so axe (which
 * is asynchronous) never finishes there: the page's DOM is then copied into a JavaScript-enabled
 * page of `checker` (same markup and styles, without its scripts) and checked there.
 */
export async function axeViolations(page: Page, checker?: BrowserContext, html?: string): Promise<Result[]> {
  if (checker) return axeViolationsOfCopy(page, checker, html ?? (await page.content()));
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(axeSource);
  // No preload: axe would fetch the stylesheets again by XHR and parse them in inline <style>
  // elements, which the CSP refuses (a false CSP violation); only css-orientation-lock needs them.
  const options: RunOptions = { runOnly: { type: "tag", values: axeTags }, resultTypes: ["violations"], preload: false };
  const results = await page.evaluate(
    (runOptions) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, runOptions),
    options as Record<string, unknown>,
  );
  return results.violations;
}

const copyPages = new WeakMap<BrowserContext, Promise<Page>>();

/**
 * One page per checker, reused for every copy. It opens once on an empty document of the
 * portal's origin (answered by a route, which is then removed: with a route in place Chromium
 * neither caches nor fetches anything without a round trip through Playwright), and each copy is
 * written into that document (`setContent`). `window` outlives the rewrite, so axe-core is
 * evaluated once per journey, and the copy's styles come from the browser's cache: navigating to
 * each copy through a route cost ~0.9 s a page, most of the journeys without JavaScript.
 * Relative addresses in a copy resolve against the empty document's address: the portal's
 * styles and images are absolute paths, and a relative link (« pieces/… ») only leads elsewhere,
 * which axe does not follow.
 */
function copyPageOf(checker: BrowserContext, origin: string): Promise<Page> {
  let copy = copyPages.get(checker);
  if (!copy) {
    copy = (async () => {
      const page = await checker.newPage();
      const empty = `${origin}/__copie-pour-axe`;
      await page.route(empty, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Copie</title>" }));
      await page.goto(empty);
      await page.unrouteAll();
      return page;
    })();
    copyPages.set(checker, copy);
  }
  return copy;
}

async function axeViolationsOfCopy(page: Page, checker: BrowserContext, content: string): Promise<Result[]> {
  // What a browser without JavaScript renders: <noscript> content is part of the page, and no
  // script runs (the copy's page runs JavaScript, for axe).
  const html = content.replace(/<(\/?)noscript\b/g, "<$1div").replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, "");
  const copy = await copyPageOf(checker, new URL(page.url()).origin);
  await copy.setContent(html);
  return axeViolations(copy);
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
