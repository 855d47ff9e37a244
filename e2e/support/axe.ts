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
 * page of `checker` (same address, same styles, scripts answered empty) and checked there.
 */
export async function axeViolations(page: Page, checker?: BrowserContext): Promise<Result[]> {
  if (checker) return axeViolationsOfCopy(page, checker);
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

/** The page of a checker context where copies are shown, and the copy it serves now. */
interface CopyPage {
  page: Page;
  address: string;
  html: string;
}

const copyPages = new WeakMap<BrowserContext, Promise<CopyPage>>();

/**
 * One page per checker, reused for every copy: opening a page (a renderer, a route) for each
 * page checked cost a large part of the journeys without JavaScript. The route serves the copy
 * of the moment at its address; scripts are answered empty, other sub-resources come from the
 * portal.
 */
function copyPageOf(checker: BrowserContext): Promise<CopyPage> {
  let copy = copyPages.get(checker);
  if (!copy) {
    copy = (async () => {
      const page = await checker.newPage();
      const state: CopyPage = { page, address: "", html: "" };
      await page.route("**/*", (route) => {
        const request = route.request();
        if (request.isNavigationRequest() && request.url().split("#")[0] === state.address) {
          return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: state.html });
        }
        if (request.resourceType() === "script") return route.fulfill({ status: 200, contentType: "text/javascript", body: "" });
        return route.continue();
      });
      return state;
    })();
    copyPages.set(checker, copy);
  }
  return copy;
}

async function axeViolationsOfCopy(page: Page, checker: BrowserContext): Promise<Result[]> {
  const address = page.url().split("#")[0] ?? page.url();
  // What a browser without JavaScript renders: <noscript> content is part of the page.
  const html = (await page.content()).replace(/<(\/?)noscript\b/g, "<$1div");
  const copy = await copyPageOf(checker);
  copy.address = address;
  copy.html = html;
  // A new document each time (even at the same address): axe runs on this copy only.
  await copy.page.goto(address);
  return axeViolations(copy.page);
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
