import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { createPartnerAccount } from "../../src/features/partner-accounts/create-partner-account.ts";
import type { LetterContent } from "../../src/platform/letters/letters.ts";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { partnerForm } from "../../test/partner-letters.ts";
import { buildGrant, buildService } from "../../test/services.ts";
import { expectPage, logIn, logOut } from "../accounts/pages.ts";
import { axeViolations, formatViolations } from "../support/axe.ts";
import type { Journey } from "../support/journey.ts";
import { resizeTo } from "../support/layout.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

/** What overflows, for the message of a failing check: the elements wider than the viewport. */
async function widestElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).replace(/ /g, ".")}` : ""} (right edge ${Math.round(element.getBoundingClientRect().right)} px)`),
  );
}

/**
 * The page now shown, measured as a person sees it: at 375 px it is no wider than the screen (no
 * sideways scroll) and its tables are still tables for screen readers (axe at that width too); at
 * 1,280 px no table is cut, that is no table's wrapper scrolls. Leaves the window at 1,280 px.
 */
async function expectTablesFit(journey: Journey, options: { tables: number }) {
  const { page } = journey;
  const where = new URL(page.url()).pathname;
  try {
    await resizeTo(page, PHONE);
    const phone = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
    expect(phone.scrollWidth, `${where} at 375 px is ${phone.scrollWidth} px wide: ${(await widestElements(page)).join(", ")}`).toBeLessThanOrEqual(phone.innerWidth);
    const violations = await axeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    // The rows are cards, yet the markup is still read as a table with its column headers.
    await expect(page.getByRole("table").count()).resolves.toBe(options.tables);
    await expect(page.getByRole("table").first().getByRole("columnheader").count()).resolves.toBeGreaterThan(0);

    await page.setViewportSize(DESKTOP);
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".table-wrapper")]
        .filter((wrapper) => wrapper.scrollWidth > wrapper.clientWidth)
        .map((wrapper) => `${wrapper.querySelector("caption")?.textContent?.trim()} (${wrapper.scrollWidth} px in ${wrapper.clientWidth} px)`),
    );
    expect(cut, `tables cut at 1,280 px on ${where}`).toEqual([]);
    const desktop = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(desktop, `${where} scrolls sideways at 1,280 px`).toBeLessThanOrEqual(0);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

const longEmail = (name: string) => `${name}.secretariat-general-des-services@mairie-de-saint-remy-les-chevreuse-en-yvelines.fr`;

const letter = (name: string): LetterContent => ({
  to: { name, detail: "Mme Marie-Christine Vandenberghe", street: "12 rue de l'Église", postalCode: "78470", commune: "Saint-Rémy-lès-Chevreuse" },
  subject: "Code d'activation de votre structure sur le portail des services en ligne",
  body: [{ type: "paragraph", text: "Madame, Monsieur," }, { type: "code", label: "Code d'activation", code: "K7QM-4XWR" }],
  reference: "STR-000123-ADMINISTRATEUR-PREMIER-RATTACHEMENT",
});

describe("the portal's tables on a phone and at desktop widths (issue 13)", () => {
  test("members, grants, « Gérer mes structures », the letters outbox and the partners fit 375 px and are never cut at 1,280 px", async () => {
    const { deps } = e2e.server;
    const { db } = deps;
    const organisation = await buildOrganisation(db, { name: "COMMUNAUTE D'AGGLOMERATION DE SAINT-QUENTIN-EN-YVELINES" });
    const other = await buildOrganisation(db, { name: "SYNDICAT INTERCOMMUNAL D'ASSAINISSEMENT DE LA VALLEE DE CHEVREUSE" });
    const administrator = await buildAccount(db, { civility: "M.", firstName: "Jean-Baptiste", lastName: "Delacroix-Beaumont", email: longEmail("jean-baptiste.delacroix-beaumont") });
    await addMember(db, organisation, administrator, { isAdmin: true, function: "Directeur général adjoint des services techniques", email: longEmail("jb.delacroix") });
    await addMember(db, other, administrator, { status: "pending" });
    const members = [];
    for (const [firstName, lastName, status] of [
      ["Marie-Christine", "Vandenberghe-Lefèvre", "pending"],
      ["Inès", "Garcia", "active"],
      ["Zoé", "Vidal", "deactivated"],
    ] as const) {
      const account = await buildAccount(db, { civility: "Mme", firstName, lastName, email: longEmail(`${firstName}.${lastName}`.toLowerCase()) });
      await addMember(db, organisation, account, { status, function: "Secrétaire de mairie" });
      members.push(account);
    }
    const service = await buildService(db, { name: "Demande de prêts et de subventions d'équipement aux collectivités territoriales" });
    await buildGrant(db, { service, account: members[0]!, organisation, status: "pending" });
    await buildGrant(db, { service, account: members[1]!, organisation, status: "granted" });
    const portalService = await buildService(db, { name: "Observatoire régional de l'habitat", grantedBy: "platform_admin" });
    await buildGrant(db, { service: portalService, account: members[1]!, organisation, status: "pending" });
    await buildGrant(db, { service: portalService, account: administrator, organisation, status: "granted" });

    const platformAdmin = await buildAccount(db, { role: "platform_admin" });
    // « Administrateurs du portail » lists the admins: a long name and address must wrap at 375 px.
    await buildAccount(db, { role: "platform_admin", firstName: "Marie-Christine", lastName: "Vandenberghe-Lefèvre", email: longEmail("marie-christine.vandenberghe-lefevre") });
    await deps.letters.queue(db, letter("CA DE SAINT-QUENTIN-EN-YVELINES"));
    await createPartnerAccount(deps, { ...partnerForm(), email: longEmail("odile.lambert-bailleur-social") }, { via: "cli" });

    await e2e.journey(async (journey) => {
      await journey.page.setViewportSize(DESKTOP);
      await journey.goto("/connexion");
      await logIn(journey, administrator.identifier, administrator.password);

      await journey.goto("/structures");
      await expectPage(journey, "/structures", "Gérer mes structures");
      await expectTablesFit(journey, { tables: 1 });

      await journey.goto(`/structures/${organisation.id}/membres`);
      await expectPage(journey, `/structures/${organisation.id}/membres`, "Membres de la structure");
      await expectTablesFit(journey, { tables: 1 });

      await journey.goto(`/structures/${organisation.id}/habilitations`);
      await expectPage(journey, `/structures/${organisation.id}/habilitations`, "Habilitations");
      await expectTablesFit(journey, { tables: 2 });
      await logOut(journey);

      await journey.goto("/connexion");
      await logIn(journey, platformAdmin.identifier, platformAdmin.password);
      for (const [path, title, tables] of [
        ["/administration/habilitations", "Habilitations", 2],
        ["/administration/services", "Services", 1],
        ["/administration/courriers", "Courriers à envoyer", 1],
        ["/administration/comptes-partenaires", "Comptes partenaires", 1],
        ["/administration/administrateurs", "Administrateurs du portail", 1],
      ] as const) {
        await journey.goto(path);
        await expectPage(journey, path, title);
        await expectTablesFit(journey, { tables });
      }
    });
  });
});
