import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Journey } from "../support/journey.ts";

/** What the account journeys read on a page: its address, heading, flash and error summary. */

export const pathOf = (journey: Journey) => new URL(journey.page.url()).pathname;

export async function heading(journey: Journey): Promise<string> {
  return ((await journey.page.getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
}

/** Fails unless the page is `path` and its main heading is `title`. */
export async function expectPage(journey: Journey, path: string, title: string | RegExp): Promise<void> {
  expect(pathOf(journey)).toBe(path);
  const h1 = await heading(journey);
  if (typeof title === "string") expect(h1).toBe(title);
  else expect(h1).toMatch(title);
}

/** The one-time message shown at the top of the main content after a redirect. */
export async function flash(journey: Journey): Promise<string> {
  const status = journey.page.getByRole("main").locator(":scope > .alert[role=status]");
  return ((await status.textContent()) ?? "").trim();
}

/** The error summary's entries (« Label : message »). */
export async function errorSummary(journey: Journey): Promise<string[]> {
  const summary = journey.page.locator("[data-error-summary]");
  return (await summary.getByRole("listitem").allTextContents()).map((text) => text.trim());
}

/** The section (`<section aria-labelledby>`) whose heading is `name`. */
export function section(page: Page, name: string): Locator {
  return page.getByRole("region", { name, exact: true });
}

/** The « Mes informations » summary on Mon compte, as { Nom: "…", … }. */
export async function summaryList(page: Page): Promise<Record<string, string>> {
  const rows = page.locator(".summary-list__row");
  const result: Record<string, string> = {};
  for (const row of await rows.all()) {
    const term = ((await row.locator("dt").textContent()) ?? "").trim();
    result[term] = ((await row.locator("dd").textContent()) ?? "").trim();
  }
  return result;
}

/** Logs in through the form of /connexion (which must be the current page). */
export async function logIn(journey: Journey, login: string, password: string): Promise<void> {
  await journey.fill("Identifiant ou adresse électronique", login);
  await journey.fill("Mot de passe", password);
  await journey.submit("Se connecter");
}

/** On a phone the header's menus are behind its « Menu » button: opens it (nothing to do at desktop widths). */
export async function openHeaderMenu(journey: Journey): Promise<void> {
  const button = journey.page.getByRole("banner").locator("summary");
  const open = await journey.page.getByRole("banner").locator("details").evaluate((details) => (details as HTMLDetailsElement).open);
  if (!open && (await button.isVisible())) await journey.clickOn(button, { navigates: false });
}

/** Logging in lands on the dashboard; « Mon compte » is the header's link. */
export async function fromDashboardToMyAccount(journey: Journey): Promise<void> {
  await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
  await openHeaderMenu(journey);
  await journey.clickOn(journey.page.getByRole("navigation", { name: "Menu du compte" }).getByRole("link", { name: /^Mon compte/ }));
  await expectPage(journey, "/mon-compte", "Mon compte");
}

/** The header's « Se déconnecter » button (a form, so it works without JavaScript). */
export async function logOut(journey: Journey): Promise<void> {
  await openHeaderMenu(journey);
  await journey.clickOn(journey.page.getByRole("navigation", { name: "Menu du compte" }).getByRole("button", { name: "Se déconnecter" }));
}
