import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { expectPage, logIn, pathOf } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

/** No sideways scroll: the page is no wider than the viewport. */
async function fitsTheWidth(journey: Journey) {
  const { scrollWidth, innerWidth } = await journey.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Where, from the top of the page, an element starts (the page is scrolled to the top first). */
async function topOf(journey: Journey, selector: string): Promise<number> {
  await journey.page.evaluate(() => window.scrollTo(0, 0));
  const box = await journey.page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box.y;
}

describe("the nine-step list of the housing request on a phone and on a desktop (issue 13)", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`folds into « Étape 1 sur 9 » under 48em, opens with the keyboard, and shows whole on a desktop (${mode})`, async () => {
      const { deps } = e2e.server;
      if (javaScript) {
        const definition = await readFile(new URL("../../procedures/logement-social.json", import.meta.url), "utf8");
        await loadProcedures(deps, [{ name: "procedures/logement-social.json", content: definition }], { via: "cli" });
        await publishProcedure(deps, { slug: "logement-social" }, { actorId: null });
      }
      const person = await buildAccount(deps.db);

      await run(async (journey) => {
        const { page } = journey;
        await page.setViewportSize(PHONE);
        await journey.goto("/connexion");
        await logIn(journey, person.identifier, person.password);
        await journey.goto("/demarches");
        await journey.submit("Commencer ma demande : Demande de logement social");
        await expectPage(journey, pathOf(journey), "Informations générales");

        const nav = page.getByRole("navigation", { name: "Étapes de la demande" });
        const summary = nav.locator("summary");
        const firstStep = nav.getByRole("link", { name: "Informations générales" });
        // Closed by default: one line says where the person is, the step's form follows on the first screen.
        expect(((await summary.textContent()) ?? "").trim()).toBe("Étape 1 sur 9 : Informations générales");
        expect(await summary.isVisible()).toBe(true);
        expect(await firstStep.isVisible()).toBe(false);
        expect(await nav.getByText("Étape 1 sur 9", { exact: true }).isVisible()).toBe(false);
        // The step starts on the first screen; folded, the list takes one line or two (the whole list
        // took about 420 px), and the header is one line: the step's first field is on the first screen.
        expect(await topOf(journey, "main h1")).toBeLessThan(PHONE.height);
        expect(await topOf(journey, "main form input:not([type=hidden]), main form select, main form textarea")).toBeLessThan(PHONE.height);
        expect((await nav.boundingBox())!.height).toBeLessThan(80);
        await fitsTheWidth(journey);

        // The keyboard opens it (Enter) and closes it (Space), as any disclosure.
        await summary.focus();
        await journey.press("Enter");
        expect(await nav.locator("details").evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
        expect(await firstStep.isVisible()).toBe(true);
        expect(await nav.getByRole("link").count()).toBe(9);
        await fitsTheWidth(journey);
        await journey.press("Space");
        expect(await firstStep.isVisible()).toBe(false);
        await journey.press("Enter");
        await journey.press("Tab");
        expect(await firstStep.evaluate((link) => link === document.activeElement)).toBe(true);

        // Another step: the list is folded again and says where the person now is.
        await journey.clickOn(nav.getByRole("link", { name: "Revenu fiscal" }));
        await expectPage(journey, pathOf(journey), "Revenu fiscal");
        expect(((await summary.textContent()) ?? "").trim()).toBe("Étape 5 sur 9 : Revenu fiscal");
        expect(await nav.getByRole("link", { name: "Revenu fiscal" }).isVisible()).toBe(false);
        expect(await topOf(journey, "main h1")).toBeLessThan(PHONE.height);
        await fitsTheWidth(journey);

        // On a desktop the whole list shows, with no disclosure to open.
        await page.setViewportSize(DESKTOP);
        expect(await summary.isVisible()).toBe(false);
        expect(await nav.getByText("Étape 5 sur 9", { exact: true }).isVisible()).toBe(true);
        for (const link of await nav.getByRole("link").all()) expect(await link.isVisible()).toBe(true);
        expect(await nav.getByRole("link", { name: "Revenu fiscal" }).getAttribute("aria-current")).toBe("step");
        await fitsTheWidth(journey);
        await journey.clickOn(nav.getByRole("link", { name: "Souhaits" }));
        await expectPage(journey, pathOf(journey), "Souhaits");
        expect(await nav.getByText("Étape 9 sur 9", { exact: true }).isVisible()).toBe(true);
        expect(await nav.getByRole("link", { name: "Informations générales" }).isVisible()).toBe(true);
        await fitsTheWidth(journey);

        // Back to a phone width: folded again.
        await page.setViewportSize(PHONE);
        expect(await summary.isVisible()).toBe(true);
        expect(await nav.getByRole("link", { name: "Informations générales" }).isVisible()).toBe(false);
      });
    });
  }
});
