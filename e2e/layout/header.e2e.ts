import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { partnerIdentifier } from "../../src/core/accounts/partner-identifier.ts";
import { insertSupportAgent } from "../../src/features/contact/queries.ts";
import { buildAccount, type BuiltAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { landingPath } from "../../src/features/login/landing.ts";
import { expectPage, logIn, logOut, pathOf } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 800 };

const menuButton = (page: Page) => page.locator("header summary");
const accountMenu = (page: Page) => page.getByRole("navigation", { name: "Menu du compte" });

/** Nothing on the page is wider than the window: no sideways scroll. */
async function expectNoSidewaysScroll(journey: Journey) {
  const { scrollWidth, innerWidth } = await journey.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${pathOf(journey)} at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

async function menuIsOpen(page: Page): Promise<boolean> {
  return page.locator("header details").evaluate((details) => (details as HTMLDetailsElement).open);
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
}

/** Presses Enter on the focused link and checks the page it leads to. */
async function follow(journey: Journey, path: string) {
  await Promise.all([journey.page.waitForURL((url) => url.pathname === path), journey.page.keyboard.press("Enter")]);
  await journey.checkPage();
}

/** Tabs from the top of the page until the "Menu" button has the focus. */
async function tabToMenuButton(journey: Journey) {
  for (let presses = 0; presses < 10; presses++) {
    await journey.press("Tab");
    if (await journey.page.evaluate(() => document.activeElement?.tagName === "SUMMARY")) return;
  }
  throw new Error("Tab never reached the « Menu » button");
}

/** On a phone: the brand and « Menu » on one line, in a header of at most 80 px, the menus hidden. */
async function expectCompactPhoneHeader(journey: Journey) {
  const { page } = journey;
  const header = await page.getByRole("banner").boundingBox();
  expect(header?.height).toBeLessThanOrEqual(80);
  const brand = await page.locator(".header__brand").boundingBox();
  const button = await menuButton(page).boundingBox();
  expect(button).not.toBeNull();
  expect(Math.abs((brand?.y ?? 0) + (brand?.height ?? 0) / 2 - ((button?.y ?? 0) + (button?.height ?? 0) / 2))).toBeLessThan(4);
  await expect(accountMenu(page).isVisible()).resolves.toBe(false);
  await expectNoSidewaysScroll(journey);
}

describe("the header on a phone (375 px)", () => {
  test("with JavaScript: « Menu » opens by keyboard and by click, says so, closes with Escape, and its links lead on", async () => {
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await page.setViewportSize(PHONE);
      await journey.goto("/");
      await expectCompactPhoneHeader(journey);
      await expect(menuButton(page).getAttribute("aria-expanded")).resolves.toBe("false");
      await expect(menuButton(page).getAttribute("aria-controls")).resolves.toBe("navigation-compte navigation-principale");

      // Keyboard: Tab reaches « Menu », Enter opens it, Tab goes into it, Escape closes it and comes back.
      await tabToMenuButton(journey);
      await journey.press("Enter");
      expect(await menuIsOpen(page)).toBe(true);
      await expect(menuButton(page).getAttribute("aria-expanded")).resolves.toBe("true");
      await journey.press("Tab");
      expect(await focusedText(page)).toBe("Se connecter");
      await journey.press("Escape");
      expect(await menuIsOpen(page)).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
      await expect(menuButton(page).getAttribute("aria-expanded")).resolves.toBe("false");

      // Space opens it too; a link of the public menu is followed with Enter.
      await journey.press(" ");
      expect(await menuIsOpen(page)).toBe(true);
      await expectNoSidewaysScroll(journey);
      await journey.press("Tab");
      await journey.press("Tab");
      await journey.press("Tab");
      expect(await focusedText(page)).toBe("Comment ça marche ?");
      await follow(journey, "/comment-ca-marche");

      // By click (a tap), on a page that came closed.
      await expectCompactPhoneHeader(journey);
      await journey.clickOn(menuButton(page), { navigates: false });
      expect(await menuIsOpen(page)).toBe(true);
      await journey.clickOn(accountMenu(page).getByRole("link", { name: "Créer un compte" }));
      await expectPage(journey, "/creer-un-compte", "Créer un compte");

      // The skip link to the account menu opens the menu.
      await journey.goto("/");
      for (let presses = 0; presses < 3; presses++) await journey.press("Tab");
      expect(await focusedText(page)).toBe("Aller au menu du compte");
      await journey.press("Enter");
      expect(await menuIsOpen(page)).toBe(true);
      await expect(accountMenu(page).getByRole("link", { name: "Se connecter" }).isVisible()).resolves.toBe(true);
    });
  });

  test("without JavaScript: « Menu » still opens by keyboard and by click, and the skip link still leads to a visible menu", async () => {
    const person = await buildAccount(e2e.server.deps.db, { firstName: "Anne", lastName: "Sanchez" });
    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await page.setViewportSize(PHONE);
      await journey.goto("/");
      await expectCompactPhoneHeader(journey);

      await tabToMenuButton(journey);
      await journey.press("Enter");
      expect(await menuIsOpen(page)).toBe(true);
      await journey.press("Tab");
      expect(await focusedText(page)).toBe("Se connecter");
      await follow(journey, "/connexion");
      await expectPage(journey, "/connexion", "Se connecter");
      await logIn(journey, person.identifier, person.password);
      await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
      await expectCompactPhoneHeader(journey);

      await journey.clickOn(menuButton(page), { navigates: false });
      expect(await menuIsOpen(page)).toBe(true);
      await expectNoSidewaysScroll(journey);
      await journey.clickOn(accountMenu(page).getByRole("link", { name: "Mon compte (Anne Sanchez)" }));
      await expectPage(journey, "/mon-compte", "Mon compte");

      // « Aller au menu du compte »: the browser opens the disclosure holding its target.
      for (let presses = 0; presses < 3; presses++) await journey.press("Tab");
      expect(await focusedText(page)).toBe("Aller au menu du compte");
      await journey.press("Enter");
      expect(await menuIsOpen(page)).toBe(true);
      await expect(accountMenu(page).getByRole("button", { name: "Se déconnecter" }).isVisible()).resolves.toBe(true);
      await logOut(journey);
    });
  });
});

describe("the header at 1,280 px", () => {
  /** Every link and button of the account menu on one line, shown, and the page no wider than the window. */
  async function expectOneLine(journey: Journey, expected: (string | RegExp)[]) {
    const { page } = journey;
    await expect(menuButton(page).isVisible()).resolves.toBe(false);
    const items = accountMenu(page).locator("a, button");
    const names = (await items.allTextContents()).map((text) => text.replace(/\s+/g, " ").trim());
    expect(names).toHaveLength(expected.length);
    expected.forEach((name, index) => expect(names[index]).toMatch(name));
    const boxes = await Promise.all((await items.all()).map((item) => item.boundingBox()));
    const tops = new Set(boxes.map((box) => Math.round(box?.y ?? -1)));
    expect([...tops], `${pathOf(journey)}: ${names.join(" | ")}`).toHaveLength(1);
    expect(tops.has(-1)).toBe(false);
    await expectNoSidewaysScroll(journey);
  }

  test("every role's account links fit one line, the long names cut with their full text still their names", async () => {
    const { deps } = e2e.server;
    const organisation = await buildOrganisation(deps.db, { name: "COMMUNAUTE DE COMMUNES CONFLENT CANIGO ET PAYS DE PRADES" });
    const other = await buildOrganisation(deps.db, { name: "OFFICE PUBLIC DE L'HABITAT DES PYRENEES-ORIENTALES ROUSSILLON HABITAT" });
    const member = async (account: BuiltAccount, on: { id: string }) => {
      await addMember(deps.db, on, account, { isAdmin: true });
      return account;
    };
    const long = { firstName: "Marie-Christine", lastName: "Dupont-Lajoie de la Tour" };
    const agent = await buildAccount(deps.db, { role: "agent", ...long });
    const supportAgent = await buildAccount(deps.db, { role: "agent", firstName: "Thomas", lastName: "Morel" });
    await insertSupportAgent(deps.db, { accountId: supportAgent.id, grantedBy: null, grantedAt: new Date() });
    const roles: { role: string; account: BuiltAccount; links: (string | RegExp)[]; page: string }[] = [
      {
        role: "usager",
        account: await buildAccount(deps.db, long),
        links: ["Tableau de bord", "Ajouter une structure", `Mon compte (${long.firstName} ${long.lastName})`, "Se déconnecter"],
        page: "/mon-compte",
      },
      {
        role: "administrateur de structure",
        account: await member(await buildAccount(deps.db, long), organisation),
        links: ["Tableau de bord", `Ma structure : ${organisation.name}`, /^Mon compte/, "Se déconnecter"],
        page: "/structures",
      },
      { role: "agent", account: agent, links: ["Instruction", "Tableau de bord", "Ajouter une structure", /^Mon compte/, "Se déconnecter"], page: "/instruction" },
      {
        role: "administrateur du portail",
        account: await member(await buildAccount(deps.db, { role: "platform_admin", ...long }), organisation),
        links: ["Administration", "Tableau de bord", `Ma structure : ${organisation.name}`, /^Mon compte/, "Se déconnecter"],
        page: "/administration",
      },
      { role: "agent du support", account: supportAgent, links: ["Instruction", "Tableau de bord", "Ajouter une structure", /^Mon compte/, "Se déconnecter"], page: "/support" },
      {
        role: "partenaire",
        account: await member(await buildAccount(deps.db, {
          kind: "partner",
          identifier: partnerIdentifier("482913"),
          userNumber: "E2EHEADER",
          postalStreet: "4 carrer del Riu",
          postalCode: "66500",
          postalCommune: "Prades",
          ...long,
        }), other),
        links: ["Tableau de bord", `Ma structure : ${other.name}`, /^Mon compte/, "Se déconnecter"],
        page: "/mon-compte",
      },
    ];

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await page.setViewportSize(DESKTOP);
      await journey.goto("/connexion");
      await expectOneLine(journey, ["Se connecter", "Créer un compte"]);
      for (const { role, account, links, page: rolePage } of roles) {
        await journey.goto("/connexion");
        await logIn(journey, account.identifier, account.password);
        // Agents land on their work, platform admins on the administration (issue 15), the
        // support agent (attached to no procedure) on the support's queue.
        await expectPage(journey, landingPath({ role: account.role, supportAgent: account === supportAgent }), /.+/);
        await expectOneLine(journey, links);
        await journey.goto(rolePage);
        expect(pathOf(journey), role).toBe(rolePage);
        await expectOneLine(journey, links);
        // Back-office pages get the wide container, the others keep the reading one.
        const mainWidth = (await page.getByRole("main").boundingBox())?.width ?? 0;
        const wide = ["/instruction", "/administration", "/support"].includes(rolePage);
        if (wide) expect(mainWidth, rolePage).toBeGreaterThan(1100);
        else expect(mainWidth, rolePage).toBeLessThanOrEqual(960);
        await logOut(journey);
        await expectPage(journey, "/", /.+/);
      }
    });
  });
});
