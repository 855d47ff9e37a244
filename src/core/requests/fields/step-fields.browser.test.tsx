/**
 * The rendered steps in real Chromium: axe-core (WCAG 2.1 AA and best practices) on every step of
 * the four demo procedures, blank and with errors; conditional fields hidden and shown live by
 * src/ui/client/conditions.ts; Enter in a field never pressing a group's "Supprimer".
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeTags, formatViolations } from "../../../../e2e/support/axe.ts";
import { chromiumPath, launchBrowser } from "../../../../e2e/support/browser.ts";
import { ErrorSummary } from "../../../ui/components.tsx";
import { checkStep } from "../../procedures/answers/check-answers.ts";
import type { Answers, PostedForm } from "../../procedures/answers/values.ts";
import type { ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";
import { describeProblem, parseDefinitionFile } from "../../procedures/definition/validate-definition.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../../procedures/load-from-directory.ts";
import { errorLabels } from "./error-labels.ts";
import { GROUP_ACTION, addRowValue, applyGroupAction } from "./group-action.ts";
import { StepFields } from "./step-fields.tsx";

const root = path.resolve(import.meta.dirname, "../../../..");
const origin = "http://guichet.test";
const stylesheet = readFileSync(path.join(root, "public/guichet.css"), "utf8");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function demo(slug: string): ProcedureDefinition {
  const checked = parseDefinitionFile(readFileSync(path.join(PORTAL_PROCEDURES_DIRECTORY, `${slug}.json`)));
  if (!checked.ok) throw new Error(checked.problems.map((problem) => describeProblem(slug, problem)).join("\n"));
  return checked.definition;
}

/** A page as the request page will frame the fields: one h1, the error summary, the form. */
async function pageHtml(definition: ProcedureDefinition, step: Step, options: { answers?: Answers; posted?: PostedForm; errors?: Record<string, string> } = {}) {
  const errors = options.errors ?? {};
  const body = (await (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <title>{step.titre} - Guichet</title>
        <link rel="stylesheet" href="/guichet.css" />
        <script type="module" src="/conditions.js"></script>
      </head>
      <body>
        <main>
          <h1>{step.titre}</h1>
          <ErrorSummary errors={errors} labels={errorLabels(step, errors)} />
          <form method="post" action="/envoi" novalidate>
            <StepFields definition={definition} step={step} answers={options.answers ?? {}} posted={options.posted} errors={errors} defaultSubmit={{ name: "action", value: "enregistrer" }} />
            <button type="submit" name="action" value="enregistrer">
              Poursuivre plus tard
            </button>
          </form>
        </main>
      </body>
    </html>
  ).toString()) as string;
  return `<!doctype html>${body}`;
}

describe.skipIf(!existsSync(chromiumPath))("the step fields in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let html = "";
  const posts: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: 'import { enhanceConditions } from "./src/ui/client/conditions.ts"; enhanceConditions();', resolveDir: root, loader: "ts" },
      bundle: true,
      format: "esm",
      write: false,
      target: "es2022",
    });
    const script = bundle.outputFiles[0]!.text;
    browser = await launchBrowser();
    page = await browser.newPage({ locale: "fr-FR" });
    await page.route(`${origin}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.pathname === "/guichet.css") return route.fulfill({ contentType: "text/css", body: stylesheet });
      if (url.pathname === "/conditions.js") return route.fulfill({ contentType: "text/javascript", body: script });
      if (request.method() === "POST") posts.push(request.postData() ?? "");
      return route.fulfill({ contentType: "text/html; charset=utf-8", body: html });
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(content: string) {
    html = content;
    await page.goto(`${origin}/`);
  }

  async function violations(): Promise<string | undefined> {
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
    const results = await page.evaluate(
      (tags) => (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Parameters<typeof formatViolations>[1] }> } }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      axeTags,
    );
    return results.violations.length > 0 ? formatViolations(page.url(), results.violations) : undefined;
  }

  it("really checks: an input without a label on the same page is reported", async () => {
    const rents = demo("declaration-loyers");
    await open((await pageHtml(rents, rents.étapes[0]!)).replace("</form>", '<input type="text" name="sans-etiquette"></form>'));
    expect(await violations()).toMatch(/label/);
  });

  for (const slug of ["logement-social", "aide-associations", "demande-de-pret", "declaration-loyers"]) {
    it(`${slug}: every step passes axe, blank with a row in each group, and with every error shown`, async () => {
      const definition = demo(slug);
      const answers: Answers = { "nombre-codemandeurs": "1", "nature-aide": "projet" };
      for (const step of definition.étapes) {
        let posted: PostedForm = {};
        for (const group of step.champs.filter((field) => field.type === "groupe")) {
          posted = applyGroupAction(definition, step, { ...posted, [GROUP_ACTION]: addRowValue(group) }).form;
        }
        await open(await pageHtml(definition, step, { answers, posted }));
        expect(await violations(), `${slug} / ${step.id}`).toBeUndefined();

        // Required fields left empty, and a wrong value in every text input: each error shown.
        const wrong = Object.fromEntries(Object.entries(posted).map(([name]) => [name, "?"]));
        const { errors } = checkStep(definition, step.id, wrong, { today: "2026-11-23", answers });
        await open(await pageHtml(definition, step, { answers, posted: wrong, errors }));
        expect(await violations(), `${slug} / ${step.id} with errors`).toBeUndefined();
        for (const name of Object.keys(errors)) {
          await page.locator(`.error-summary a[href="#champ-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}"]`).click();
          await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(`champ-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`);
        }
      }
    }, 120_000);
  }

  it("hides a conditional field until the answer it depends on is given, and hides it again when changed", async () => {
    const housing = demo("logement-social");
    await open(await pageHtml(housing, housing.étapes[3]!));
    const employer = page.getByLabel("Nom de votre employeur");
    await expect(employer.isVisible()).resolves.toBe(false);
    await page.getByLabel("Votre situation professionnelle").selectOption("cdi");
    await expect(employer.isVisible()).resolves.toBe(true);
    await expect(page.locator("#champ-employeur-condition").textContent()).resolves.toContain("À renseigner si vous avez répondu « CDI ou fonctionnaire »");
    await expect(page.locator("#champ-employeur-condition").isVisible()).resolves.toBe(true);
    await page.getByLabel("Votre situation professionnelle").selectOption("retraite");
    await expect(employer.isVisible()).resolves.toBe(false);
    await expect(page.getByLabel("Commune de votre lieu de travail").isVisible()).resolves.toBe(false);
  });

  it("does the same inside each item of a group, from the item's own answer", async () => {
    const rents = demo("declaration-loyers");
    const step = rents.étapes[1]!;
    const posted = applyGroupAction(rents, step, { [GROUP_ACTION]: addRowValue({ id: "locataires" }) }).form;
    await open(await pageHtml(rents, step, { posted }));
    const unpaid = page.locator("#champ-locataires-1--montant-impaye");
    await expect(unpaid.isVisible()).resolves.toBe(false);
    await page.locator("#champ-locataires-1--loyer-paye-1").check();
    await expect(unpaid.isVisible()).resolves.toBe(true);
    await expect(page.locator("#champ-locataires-0--montant-impaye").isVisible()).resolves.toBe(false);
    await page.locator("#champ-locataires-1--loyer-paye-0").check();
    await expect(unpaid.isVisible()).resolves.toBe(false);
    expect(await violations()).toBeUndefined();
  });

  it("submits with the hidden default button when Enter is pressed in a field, never a group's « Supprimer »", async () => {
    const rents = demo("declaration-loyers");
    const step = rents.étapes[1]!;
    const posted = applyGroupAction(rents, step, { "locataires[0].nom": "Martin", [GROUP_ACTION]: addRowValue({ id: "locataires" }) }).form;
    await open(await pageHtml(rents, step, { posted }));
    posts.length = 0;
    await page.locator("#champ-locataires-1--nom").fill("Durand");
    await Promise.all([page.waitForRequest((request) => request.method() === "POST"), page.locator("#champ-locataires-1--nom").press("Enter")]);
    expect(posts).toHaveLength(1);
    const body = new URLSearchParams(posts[0]);
    expect(body.get("locataires[1].nom")).toBe("Durand");
    expect(body.has(GROUP_ACTION)).toBe(false);
    expect(body.get("action")).toBe("enregistrer");
  });
});
