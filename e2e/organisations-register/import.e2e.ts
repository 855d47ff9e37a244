import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { useE2e } from "../support/journey.ts";
import { errorSummary, expectPage, logIn } from "../accounts/pages.ts";

const e2e = useE2e();

// One good line, one with a wrong SIRET key: the report must count one and explain the other.
const csv = [
  "numero_client;siret;raison_sociale;representant_legal;adresse;code_postal;commune",
  "000123;35600000000048;Commune de Démo;Mme Hélène Lefèvre;1 place de la Mairie;31000;Toulouse",
  "000124;35600000000049;Association Erreur;M. Paul Martin;2 rue Haute;31000;Toulouse",
].join("\n");

describe("the organisations register, for a platform admin", () => {
  for (const javaScript of [true, false]) {
    test(`is imported from a CSV file and searched (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const admin = await buildAccount(e2e.server.deps.db, { role: "platform_admin" });
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.clickOn(page.getByRole("link", { name: "Administration", exact: true }));
        await expectPage(journey, "/administration", "Administration du portail");
        await journey.clickOn(page.getByRole("link", { name: "Registre des structures" }));
        await journey.goto("/administration/structures/import");

        // Sending the form without a file comes back with the error summary.
        await journey.submit("Importer le fichier");
        expect((await errorSummary(journey)).length).toBe(1);

        await page.getByLabel("Fichier du registre (CSV)").setInputFiles({ name: "registre.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
        await journey.submit("Importer le fichier");
        const body = (await page.locator("main").textContent()) ?? "";
        expect(body).toContain("2 lignes lues");
        expect(body).toContain("1 ligne rejetée");
        await expect(page.getByRole("row", { name: /000124/ }).textContent()).resolves.toMatch(/SIRET n'est pas valide/);

        await journey.goto("/administration/structures?recherche=Démo");
        await expect(page.getByRole("row", { name: /Commune de Démo/ }).count()).resolves.toBe(1);
      });
    });
  }
});
