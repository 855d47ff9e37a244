import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { buildRequest, loadTestProcedures } from "../../test/instruction.ts";
import { expectPage, logIn } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("a platform admin's tools", () => {
  test("reads the statistics and downloads a table, reads the audit trail filtered, creates an agent whose temporary password is mailed (JavaScript off)", async () => {
    const { deps, mailbox } = e2e.server;
    const { aid } = await loadTestProcedures(deps);
    const now = Date.now();
    for (const days of [1, 3, 45]) await buildRequest(deps.db, { procedure: aid, prefix: "AA", filedAt: new Date(now - days * 86_400_000) });
    const admin = await buildAccount(deps.db, { role: "platform_admin" });

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, admin.identifier, admin.password);
      await journey.goto("/administration");

      // Statistics: five charts, each an image with the same figures in a table.
      await journey.click("Statistiques", { role: "link" });
      await expectPage(journey, "/administration/statistiques", "Statistiques du portail");
      await expect(page.getByRole("img").count()).resolves.toBe(5);
      await expect(page.getByRole("img", { name: /Demandes à traiter, par ancienneté du dépôt/ }).count()).resolves.toBe(1);
      const backlog = page.getByRole("table", { name: /Demandes à traiter, par ancienneté du dépôt/ });
      await expect(backlog.getByRole("row", { name: /0 à 7 jours/ }).getByRole("cell").textContent()).resolves.toBe("2");
      await journey.select("Démarche (facultatif)", "Aide régionale aux projets des associations");
      await journey.select("Période", "Par semaine (12 dernières semaines)");
      await journey.submit("Afficher");
      await expectPage(journey, "/administration/statistiques", "Statistiques : Aide régionale aux projets des associations");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Télécharger le tableau « Demandes à traiter, par ancienneté du dépôt »/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^statistiques-stock-aide-associations-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile((await download.path())!, "utf8");
      expect(csv.replace(/^\uFEFF/, "").split("\r\n").slice(0, 5)).toEqual(["Ancienneté,Demandes à traiter", "0 à 7 jours,2", "8 à 30 jours,0", "31 à 90 jours,1", "Plus de 90 jours,0"]);

      // The agent created from the admin pages gets the temporary password by mail.
      await journey.goto("/administration/agents");
      await journey.fill("Identifiant", "ines.garnier");
      await journey.fill("Adresse électronique", "ines.garnier@exemple.fr");
      await journey.fill("Nom (facultatif)", "Garnier");
      await journey.fill("Prénom (facultatif)", "Inès");
      await journey.select("Démarche instruite", "Aide régionale aux projets des associations (aide-associations)");
      await journey.submit("Créer l'agent");
      await expectPage(journey, "/administration/agents", "Agent créé");
      expect(await page.getByRole("main").textContent()).toContain("envoyés par courriel à ines.garnier@exemple.fr");
      const mail = await mailbox.waitFor({ to: "ines.garnier@exemple.fr", subject: /^Votre compte agent instructeur/ });
      expect(mail.text).toMatch(/Votre mot de passe temporaire : \S{14}/);

      // The audit trail, filtered by the new agent and an action: French labels, never codes.
      await journey.goto("/administration");
      await journey.click("Journal des actions", { role: "link" });
      await expectPage(journey, "/administration/journal", "Journal des actions");
      await journey.fill("Personne (facultatif)", "ines.garnier");
      await journey.select("Action (facultatif)", "Compte créé par un administrateur");
      await journey.submit("Filtrer");
      const rows = page.getByRole("table").getByRole("row");
      await expect(rows.count()).resolves.toBe(2);
      const line = await rows.nth(1).textContent();
      expect(line).toContain("Compte créé par un administrateur");
      expect(line).toContain(admin.identifier);
      await expect(rows.nth(1).getByRole("cell").first().textContent()).resolves.toBe("Compte créé par un administrateur");
    });
  });
});
