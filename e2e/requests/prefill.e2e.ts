import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { loadProcedures } from "../../src/core/procedures/load-procedures.ts";
import { publishProcedure } from "../../src/core/procedures/publish-procedure.ts";
import { formatSiret } from "../../src/platform/french/siret.ts";
import { expectPage, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

let loaded: Promise<void> | undefined;
/** The demo aid request and rent declaration, loaded and published once for the file. */
function loadDemoProcedures(deps: Parameters<typeof loadProcedures>[0]) {
  loaded ??= (async () => {
    const files = await Promise.all(
      ["aide-associations", "declaration-loyers"].map(async (slug) => ({ name: `procedures/${slug}.json`, content: await readFile(path.resolve(import.meta.dirname, `../../procedures/${slug}.json`), "utf8") })),
    );
    await loadProcedures(deps, files, { via: "cli" });
    for (const slug of ["aide-associations", "declaration-loyers"]) await publishProcedure(deps, { slug }, { actorId: null });
  })();
  return loaded;
}

const longDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "numeric", month: "long", year: "numeric" });

/** A tenant typed on the rent declaration's « Locataires » step (one item: labels are unique). */
async function typeTenant(journey: Journey, tenant: { name: string; paid: boolean }) {
  await journey.fill("Numéro d'allocataire", "7654321");
  await journey.fill("Nom", tenant.name);
  await journey.fill("Prénom", "Léa");
  await journey.fill("Numéro et voie", "3 rue des Lilas");
  await journey.fill("Code postal", "66500");
  await journey.fill("Commune", "Eus");
  await journey.fill("Loyer du mois, hors charges", "650,50");
  await journey.fill(/^Charges du mois/, "40");
  await journey.check(tenant.paid ? "Oui" : "Non");
}

describe("prefilled requests (dites-le-nous une fois)", () => {
  test("an association's member starts the aid request prefilled from the organisation record, the SIRET locked, the phone still theirs to change", async () => {
    const { deps } = e2e.server;
    await loadDemoProcedures(deps);
    const organisation = await buildOrganisation(deps.db, { name: "LES AMIS DU CANIGOU", addressLine: "4 rue du Canigou" });
    await deps.db.updateTable("organisations").set({ rna: "W661001234", phone: "+33468000000", email: "contact@amis-canigou.fr" }).where("id", "=", organisation.id).execute();
    await deps.db
      .insertInto("organisationRepresentatives")
      .values({ organisationId: organisation.id, civility: "Mme", lastName: "Martin", firstName: "Claire", function: "Présidente", isLegalRepresentative: true, addressRecipient: null, addressBuilding: null, addressStreet: null, addressDistribution: null, postalCode: null, communeInseeCode: null, communeName: null, country: null, phone: null, mobile: null, fax: null, email: null, createdAt: new Date(), updatedAt: new Date() })
      .execute();
    const member = await buildAccount(deps.db, { firstName: "Jules", lastName: "Ferrand" });
    await addMember(deps.db, organisation, member);

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, member.identifier, member.password);
      await journey.goto("/demarches");
      await journey.submit("Commencer ma demande : Aide régionale aux projets des associations");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Association");
      const stepPath = pathOf(journey);

      // Locked: read as text, with where it comes from and where it is changed; no input to type in.
      const siret = page.getByRole("group", { name: "Siret" });
      expect(await siret.textContent()).toContain(formatSiret(organisation.siret));
      expect(await siret.textContent()).toContain("Prérempli depuis la fiche de votre structure. Ce champ ne peut pas être modifié ici.");
      expect(await page.getByRole("textbox", { name: /^Siret/ }).count()).toBe(0);
      expect(await page.getByRole("group", { name: "Numéro RNA" }).textContent()).toContain("W661001234");
      // Editable: filled in, the sentence read with the field.
      expect(await page.getByLabel("Représentant légal : nom et prénom").inputValue()).toBe("Claire Martin");
      expect(await page.getByLabel("Fonction").inputValue()).toBe("Présidente");
      expect(await page.getByLabel("Numéro et voie").inputValue()).toBe("4 rue du Canigou");
      expect(await page.getByLabel(/^Adresse électronique/).inputValue()).toBe("contact@amis-canigou.fr");
      const phone = page.getByLabel(/^Téléphone/);
      expect(await phone.inputValue()).toBe("04 68 00 00 00");
      expect(await phone.getAttribute("aria-describedby")).toContain("champ-telephone-association-prefill");

      await journey.fill(/^Téléphone/, "04 68 11 22 33");
      await journey.submit("Poursuivre plus tard");
      await journey.goto(stepPath);
      expect(await page.getByLabel(/^Téléphone/).inputValue()).toBe("04 68 11 22 33");
      expect(await siret.textContent()).toContain(formatSiret(organisation.siret));

      await journey.clickOn(siret.getByRole("link", { name: "Modifier dans Ma structure" }));
      expect(pathOf(journey)).toBe(`/structures/${organisation.id}`);
    });
  });

  test("a landlord's second monthly rent declaration starts from the tenants of the first (JavaScript off)", async () => {
    const { deps } = e2e.server;
    await loadDemoProcedures(deps);
    const landlord = await buildOrganisation(deps.db, { name: "SCI DES LILAS" });
    const member = await buildAccount(deps.db, { firstName: "Paul", lastName: "Roig" });
    await addMember(deps.db, landlord, member);

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, member.identifier, member.password);

      // January: the first declaration, typed in full.
      await journey.goto("/demarches");
      await journey.submit("Commencer ma demande : Déclaration mensuelle des loyers");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Période");
      expect(await page.getByLabel(/^SIRET du bailleur/).inputValue()).toBe(formatSiret(landlord.siret));
      await journey.select("Mois déclaré", "Janvier");
      await journey.fill("Année", "2026");
      await journey.submit("Poursuivre pour renforcer ma demande");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Locataires");
      expect(await page.getByRole("main").textContent()).not.toContain("Repris de votre déclaration");
      const tenantsPath = pathOf(journey);
      if ((await page.getByLabel("Nom", { exact: true }).count()) === 0) await journey.submit(/^Ajouter une ligne/);
      await typeTenant(journey, { name: "Durand", paid: true });
      // « Déposer ma demande » appears once the minimal information (the tenants) is saved.
      await journey.submit("Poursuivre plus tard");
      await journey.goto(tenantsPath);
      await journey.submit("Déposer ma demande");
      await expectPage(journey, pathOf(journey), "Votre demande est déposée");
      const filedOn = longDate.format(new Date()).replace(/^1 /, "1er ");

      // February: the tenants are already there, the month's payment still to answer.
      await journey.goto("/demarches");
      await journey.submit("Commencer ma demande : Déclaration mensuelle des loyers");
      await journey.select("Mois déclaré", "Février");
      await journey.fill("Année", "2026");
      await journey.submit("Poursuivre pour renforcer ma demande");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Locataires");
      expect(await page.getByRole("main").textContent()).toContain(`Repris de votre déclaration du ${filedOn}.`);
      expect(await page.getByLabel("Nom", { exact: true }).inputValue()).toBe("Durand");
      expect(await page.getByLabel("Loyer du mois, hors charges").inputValue()).toBe("650,50");
      expect(await page.getByLabel("Oui").isChecked()).toBe(false);
      await journey.check("Oui");
      await journey.submit("Déposer ma demande");
      await expectPage(journey, pathOf(journey), "Votre demande est déposée");
    });
  });
});
