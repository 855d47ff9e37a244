import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { useE2e, type Journey } from "../support/journey.ts";
import { expectPage, flash, summaryList, fromDashboardToMyAccount } from "./pages.ts";

const e2e = useE2e();

/** The focused element, in words a test can compare: `input#id`, or the role's tag and its text. */
async function focused(journey: Journey): Promise<string> {
  return journey.page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    if (element.hasAttribute("data-error-summary")) return "error-summary";
    const tag = element.tagName.toLowerCase();
    if (tag === "input" || tag === "main" || tag === "fieldset") return `${tag}#${element.id}`;
    return `${tag}:${(element.textContent ?? "").replace(/\s+/g, " ").trim()}`;
  });
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; returns every element focused on the way. */
async function tabTo(journey: Journey, target: string, options: { backwards?: boolean; max?: number } = {}): Promise<string[]> {
  const path: string[] = [];
  for (let i = 0; i < (options.max ?? 40); i++) {
    await journey.press(options.backwards ? "Shift+Tab" : "Tab");
    const now = await focused(journey);
    path.push(now);
    if (now === target) return path;
  }
  throw new Error(`Tab never reached ${target}; focus went through:\n${path.join("\n")}`);
}

/** Presses a key that leads to another page (a link, a submit button, Enter in a field) and checks it. */
async function pressToNavigate(journey: Journey, key: string): Promise<void> {
  const { page } = journey;
  await Promise.all([page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() }), page.keyboard.press(key)]);
  await journey.checkPage();
}

/** From the top of a page: the skip link « Aller au contenu », then Enter puts the focus on the main content. */
async function skipToContent(journey: Journey): Promise<void> {
  await journey.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await journey.press("Tab");
  expect(await focused(journey)).toBe("a:Aller au contenu");
  await journey.press("Enter");
  expect(await focused(journey)).toBe("main#contenu");
}

describe("with the keyboard only", () => {
  test("a person logs in and changes their identity, never touching the mouse", async () => {
    const account = await buildAccount(e2e.server.deps.db, { civility: "Mme", lastName: "Garnier", firstName: "Inès" });

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");

      // Login: the fields come in reading order, the show / hide button right after the password.
      await skipToContent(journey);
      expect(await tabTo(journey, "input#champ-login")).toEqual(["a:Accueil", "input#champ-login"]);
      await page.keyboard.type(account.identifier);
      expect(await tabTo(journey, "input#champ-password")).toEqual(["input#champ-password"]);
      await page.keyboard.type("Pas#leBon321");
      expect(await tabTo(journey, "button:Se connecter")).toEqual(["button:Afficher le mot de passe", "button:Se connecter"]);
      await pressToNavigate(journey, "Enter");

      // Refused: the summary takes the focus, so a screen reader reads it first.
      await expectPage(journey, "/connexion", "Se connecter");
      expect(await focused(journey)).toBe("error-summary");
      await expect(page.locator("[data-error-summary]").textContent()).resolves.toBe("Identifiant ou mot de passe incorrect.");
      // The identifier was kept; Tab leads on to the fields.
      expect(await tabTo(journey, "input#champ-password")).toEqual(["input#champ-login", "input#champ-password"]);
      await page.keyboard.type(account.password);
      // Space on the show / hide button reveals the password, and hides it again.
      await journey.press("Tab");
      expect(await focused(journey)).toBe("button:Afficher le mot de passe");
      await journey.press("Space");
      expect(await page.locator("#champ-password").getAttribute("type")).toBe("text");
      expect(await focused(journey)).toBe("button:Masquer le mot de passe");
      await journey.press("Space");
      expect(await page.locator("#champ-password").getAttribute("type")).toBe("password");
      // Enter in a field sends the form.
      await journey.press("Shift+Tab");
      expect(await focused(journey)).toBe("input#champ-password");
      await pressToNavigate(journey, "Enter");
      await fromDashboardToMyAccount(journey);

      // To « Modifier mes informations »: skip the header, then Tab through the content.
      await skipToContent(journey);
      const toLink = await tabTo(journey, "a:Modifier mes informations");
      expect(toLink[0]).toBe("a:Accueil");
      await pressToNavigate(journey, "Enter");
      await expectPage(journey, "/mon-compte/mes-informations", "Modifier mes informations");

      // The form in reading order: Tab enters the radio group on the checked radio.
      await skipToContent(journey);
      expect(await tabTo(journey, "button:Valider")).toEqual([
        "a:Accueil",
        "a:Mon compte",
        "input#champ-civility-0",
        "input#champ-lastName",
        "input#champ-firstName",
        "input#champ-birthDay",
        "input#champ-birthMonth",
        "input#champ-birthYear",
        // With JavaScript the commune and the country stay hidden until a place of birth is chosen.
        "input#champ-birthPlace-0",
        "input#champ-sex-0",
        "input#champ-nir",
        "button:Valider",
      ]);

      // An invalid submission: the name emptied, then Enter on « Valider ».
      await tabTo(journey, "input#champ-lastName", { backwards: true });
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Backspace");
      await tabTo(journey, "button:Valider");
      await pressToNavigate(journey, "Enter");
      expect(await page.title()).toMatch(/^Erreur : Modifier mes informations/);
      expect(await focused(journey)).toBe("error-summary");
      // The summary's link leads to the field in error.
      expect(await tabTo(journey, "a:Nom : Saisissez votre nom.")).toEqual(["a:Nom : Saisissez votre nom."]);
      await journey.press("Enter");
      expect(await focused(journey)).toBe("input#champ-lastName");
      await page.keyboard.type("Garnier-Lopez");

      // Back to the radios with Shift+Tab; the arrow moves the choice to « Monsieur ».
      await tabTo(journey, "input#champ-civility-0", { backwards: true });
      await journey.press("ArrowRight");
      expect(await focused(journey)).toBe("input#champ-civility-1");
      expect(await page.getByLabel("Monsieur").isChecked()).toBe(true);

      // Space on « Valider » sends the form.
      expect(await tabTo(journey, "input#champ-firstName")).toEqual(["input#champ-lastName", "input#champ-firstName"]);
      await tabTo(journey, "button:Valider");
      await pressToNavigate(journey, "Space");
      await expectPage(journey, "/mon-compte", "Mon compte");
      expect(await flash(journey)).toBe("Vos informations ont bien été enregistrées.");
      expect(await summaryList(page)).toMatchObject({ Civilité: "Monsieur", Nom: "Garnier-Lopez", Prénom: "Inès" });
    });
  });
});
