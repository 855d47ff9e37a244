import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { buildAccount } from "../../test/builders.ts";
import { buildDefinition } from "../../test/procedures.ts";
import { flash, logIn } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { resizeTo } from "../support/layout.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

/** What has the focus: a file input by its id, anything else by its text (visually hidden words included). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (element instanceof HTMLInputElement && element.type === "file") return `file#${element.id}`;
    return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
  });
}

/** Presses Tab, as a keyboard user would, until `target` has the focus. */
async function tabTo(journey: Journey, target: string): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < 80; presses += 1) {
    await journey.page.keyboard.press("Tab");
    const now = await focused(journey.page);
    if (now === target) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached « ${target} »; focus went through: ${seen.join(" | ")}`);
}

/** Enter on the focused button, which sends its form: waits for the page that answers (XHR upload with JavaScript). */
async function pressEnterAndWait(journey: Journey): Promise<void> {
  const { page } = journey;
  await Promise.all([page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() }), page.keyboard.press("Enter")]);
  await journey.checkPage();
}

/** The focused file input's "Choisir un fichier" label: it must show the focus ring. */
async function focusRingOnChooser(page: Page): Promise<{ label: string; outline: string }> {
  return page.evaluate(() => {
    const input = document.activeElement as HTMLInputElement;
    const chooser = [...(input.labels ?? [])].find((label) => label.classList.contains("file-field__button"));
    if (!chooser) return { label: "", outline: "none" };
    const style = getComputedStyle(chooser);
    return { label: (chooser.textContent ?? "").trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
}

/** No sideways scroll at this width, and whether the file row's actions sit under its name. */
async function layoutAt(page: Page, width: number) {
  await resizeTo(page, { width, height: 800 });
  return page.evaluate(() => {
    const row = document.querySelector(".file-row");
    const name = row?.querySelector(".file-row__file")?.getBoundingClientRect();
    const actions = row?.querySelector(".file-row__actions")?.getBoundingClientRect();
    const overflowing = [...document.querySelectorAll(".file-row, .file-row *, .file-field, .file-field *")].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && (box.right > document.documentElement.clientWidth + 0.5 || box.left < -0.5);
    });
    return {
      fits: document.documentElement.scrollWidth <= window.innerWidth,
      actionsUnderName: name && actions ? actions.top >= name.bottom - 1 : undefined,
      overflowing: overflowing.map((element) => element.className || element.tagName),
    };
  });
}

describe("the kit's file field and an uploaded file's row, by keyboard", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;

    test(`Tab reaches « Choisir un fichier », a file is joined, then replaced and removed from its row; no sideways scroll at 375 px (${mode})`, async () => {
      const { deps } = e2e.server;
      const slug = javaScript ? "champ-fichier-script" : "champ-fichier-sans-script";
      const definition = buildDefinition({ slug, titre: `Démarche du champ fichier ${javaScript ? "A" : "B"}` });
      definition.étapes[0]!.pièces = [{ id: "identite", libellé: "Pièce d'identité", obligatoire: true, formats: ["pdf"], taille_max_mo: 2 }];
      await loadProcedures(deps, [{ name: `procedures/${slug}.json`, content: JSON.stringify(definition) }], { via: "cli" });
      await publishProcedure(deps, { slug }, { actorId: null });
      const person = await buildAccount(deps.db);
      const card = await buildPdf("Carte nationale d'identité");
      const passport = await buildPdf("Passeport");

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await page.setViewportSize({ width: 1280, height: 800 });
        await journey.goto("/connexion");
        await logIn(journey, person.identifier, person.password);
        await journey.goto("/demarches");
        await journey.submit(`Commencer ma demande : ${definition.titre}`);
        expect(await page.getByRole("main").textContent()).toContain("Aucun fichier déposé.");

        // The field: French words only, the browser's own button hidden.
        const field = page.locator(".file-field").filter({ has: page.getByLabel("Ajouter un fichier : Pièce d'identité") });
        expect(await field.locator(".file-field__button").textContent()).toBe("Choisir un fichier");
        expect(await field.locator(".file-field__status").isVisible()).toBe(javaScript);
        if (javaScript) expect(await field.locator(".file-field__status").textContent()).toBe("Aucun fichier choisi");
        expect(await field.textContent()).toContain("Formats acceptés : PDF. Taille maximale : 2 Mo.");

        // Keyboard only: Tab lands on the input, whose « Choisir un fichier » label shows the ring.
        await tabTo(journey, "file#champ-piece-identite");
        expect(await focusRingOnChooser(page)).toEqual({ label: "Choisir un fichier", outline: "solid 3px" });
        await page.locator(":focus").setInputFiles({ name: "carte-identite.pdf", mimeType: "application/pdf", buffer: card });
        if (javaScript) expect(await field.locator(".file-field__status").textContent()).toBe("Fichier choisi : carte-identite.pdf");
        await tabTo(journey, "Joindre ce fichier : Pièce d'identité");
        await pressEnterAndWait(journey);
        expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");

        // The row: name (a download link), size, type, date, then the two actions named after the file.
        const row = page.locator(".file-row");
        expect(await row.count()).toBe(1);
        expect(await row.getByRole("link", { name: "carte-identite.pdf (télécharger)" }).count()).toBe(1);
        const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" }).format(new Date());
        expect((await row.locator(".file-row__meta").innerText()).replace(/\s+/g, " ")).toMatch(new RegExp(`^\\d+ Ko · PDF · déposé le ${day}$`));
        expect(await row.getByRole("button", { name: "Supprimer carte-identite.pdf" }).count()).toBe(1);

        // No sideways scroll; at 375 px the row stacks, at 1,280 px it is one line.
        expect(await layoutAt(page, 375)).toEqual({ fits: true, actionsUnderName: true, overflowing: [] });
        expect(await layoutAt(page, 1280)).toEqual({ fits: true, actionsUnderName: false, overflowing: [] });

        // « Remplacer carte-identite.pdf » discloses its own file field, all by keyboard.
        await tabTo(journey, "Remplacer carte-identite.pdf");
        await page.keyboard.press("Enter");
        expect(await row.locator("details").getAttribute("open")).toBe("");
        await tabTo(journey, `file#champ-piece-identite-${await row.locator("details input[name=remplace]").getAttribute("value")}`);
        expect(await focusRingOnChooser(page)).toEqual({ label: "Choisir un fichier", outline: "solid 3px" });
        expect(await page.locator(":focus").getAttribute("aria-describedby")).toMatch(/-hint$/);
        const opened = await layoutAt(page, 375);
        expect(opened, JSON.stringify(opened)).toMatchObject({ fits: true, overflowing: [] });
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.locator(":focus").setInputFiles({ name: "passeport.pdf", mimeType: "application/pdf", buffer: passport });
        await tabTo(journey, "Remplacer le fichier carte-identite.pdf");
        await pressEnterAndWait(journey);
        expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");
        expect(await row.count()).toBe(1);
        expect(await row.getByRole("link", { name: "passeport.pdf (télécharger)" }).count()).toBe(1);
        expect(await page.getByRole("main").textContent()).not.toContain("carte-identite.pdf");

        // « Supprimer passeport.pdf » by keyboard.
        await tabTo(journey, "Supprimer passeport.pdf");
        await pressEnterAndWait(journey);
        expect(await page.locator(".file-row").count()).toBe(0);
        expect(await page.getByRole("main").textContent()).toContain("Aucun fichier déposé.");
      });
    });
  }

  test("with JavaScript, a file dropped onto the field is the one chosen, and it is joined", async () => {
    const { deps } = e2e.server;
    const definition = buildDefinition({ slug: "champ-fichier-glisser", titre: "Démarche du champ fichier C" });
    definition.étapes[0]!.pièces = [{ id: "identite", libellé: "Pièce d'identité", obligatoire: true, formats: ["pdf"], taille_max_mo: 2 }];
    await loadProcedures(deps, [{ name: "procedures/champ-fichier-glisser.json", content: JSON.stringify(definition) }], { via: "cli" });
    await publishProcedure(deps, { slug: definition.slug }, { actorId: null });
    const person = await buildAccount(deps.db);
    const pdf = (await buildPdf("Carte glissée")).toString("base64");

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.goto("/demarches");
      await journey.submit(`Commencer ma demande : ${definition.titre}`);
      const field = page.locator(".file-field").filter({ has: page.getByLabel("Ajouter un fichier : Pièce d'identité") });
      expect(await field.locator(".file-field__drop").textContent()).toBe("ou glissez-le ici");

      await field.locator("[data-file-drop]").evaluate((zone, base64) => {
        const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "carte-glissee.pdf", { type: "application/pdf" }));
        zone.dispatchEvent(new DragEvent("dragenter", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, pdf);
      expect(await field.locator(".file-field__status").textContent()).toBe("Fichier choisi : carte-glissee.pdf");
      expect(await field.getAttribute("class")).not.toContain("file-field--dragover");
      expect(await focused(page)).toBe("file#champ-piece-identite");

      await journey.submit("Joindre ce fichier : Pièce d'identité");
      expect(await flash(journey)).toBe("Le fichier est joint à votre demande.");
      expect(await page.getByRole("link", { name: "carte-glissee.pdf (télécharger)" }).count()).toBe(1);
    });
  });
});
