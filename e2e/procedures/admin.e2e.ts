import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { errorSummary, expectPage, flash, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("a platform admin manages procedures and case workers from the admin pages", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`loads the definition files, publishes and closes a procedure, creates an agent and attaches them (${mode})`, async () => {
      const admin = await buildAccount(e2e.server.deps.db, { role: "platform_admin" });
      const agentIdentifier = `instructeur.${javaScript ? "a" : "b"}`;
      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.clickOn(page.getByRole("link", { name: "Administration", exact: true }));
        await journey.click("Démarches", { role: "link" });
        await expectPage(journey, "/administration/demarches", "Démarches");
        // Loading twice is harmless: an unchanged file is not a new version.
        await journey.submit("Charger les définitions du dossier procedures");
        expect(await page.getByRole("table").textContent()).toContain("Demande de logement social");

        await journey.click("Demande de logement social", { role: "link" });
        await expectPage(journey, "/administration/demarches/logement-social", "Demande de logement social");
        if (await page.getByRole("button", { name: /^Publier la version/ }).count()) {
          await journey.submit(/^Publier la version/);
          expect(await flash(journey)).toContain("La dernière version de la démarche est publiée");
        }
        await journey.goto("/administration/demarches/demande-de-pret");
        if (await page.getByRole("button", { name: /^Publier la version/ }).count()) await journey.submit(/^Publier la version/);
        await journey.click("Clore la démarche", { role: "link" });
        await journey.submit("Clore la démarche");
        expect(await errorSummary(journey)).toHaveLength(1);
        await journey.check("Je confirme la clôture de cette démarche");
        await journey.submit("Clore la démarche");
        expect(await flash(journey)).toBe("La démarche est close : plus personne ne peut déposer de nouvelle demande.");

        await journey.goto("/administration/agents");
        await expectPage(journey, "/administration/agents", "Agents instructeurs");
        await journey.fill("Identifiant", agentIdentifier);
        await journey.fill("Adresse électronique", "pas-une-adresse");
        await journey.submit("Créer l'agent");
        expect(await errorSummary(journey)).toContainEqual(expect.stringMatching(/adresse électronique/i));
        expect(await page.getByLabel("Identifiant").inputValue()).toBe(agentIdentifier);
        await journey.fill("Adresse électronique", `${agentIdentifier}@exemple.fr`);
        await journey.fill("Nom (facultatif)", "Leroy");
        await journey.fill("Prénom (facultatif)", "Sam");
        await journey.select("Démarche instruite", "Demande de logement social (logement-social)");
        await journey.submit("Créer l'agent");
        await expectPage(journey, pathOf(journey), "Agent créé");
        expect(await page.getByRole("main").textContent()).toMatch(/mot de passe temporaire lui sont envoyés par courriel/);

        await journey.click("Revenir à la liste des agents");
        const row = page.getByRole("row").filter({ hasText: agentIdentifier });
        expect(await row.textContent()).toContain("Demande de logement social");
        await journey.clickOn(row.getByRole("button", { name: /^Détacher/ }));
        expect(await flash(journey)).toBe("L'agent est détaché de la démarche : il n'en voit plus les demandes.");
        await page.getByRole("row").filter({ hasText: agentIdentifier }).getByLabel("Démarche pour Sam Leroy").selectOption({ label: "Demande de logement social (logement-social)" });
        await journey.clickOn(page.getByRole("row").filter({ hasText: agentIdentifier }).getByRole("button", { name: /^Rattacher/ }));
        expect(await flash(journey)).toBe("L'agent est rattaché à la démarche.");
      });
    });
  }
});
