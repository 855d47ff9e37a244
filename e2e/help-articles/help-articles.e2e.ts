import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { seedDemoHelp } from "../../src/demo/seed-demo-help.ts";
import { useE2e } from "../support/journey.ts";
import { expectPage, logIn } from "../accounts/pages.ts";

const e2e = useE2e();

describe("Comment ça marche ?", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;

    test(`an anonymous visitor searches with a misspelt word, opens the article and says it helped (${mode})`, async () => {
      await seedDemoHelp(e2e.server.deps);
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/comment-ca-marche");
        await expectPage(journey, "/comment-ca-marche", "Comment ça marche ?");
        await expect(page.getByRole("heading", { name: "Je renouvelle ma demande" }).count()).resolves.toBe(1);
        await expect(page.locator("main").getByRole("link", { name: "Posez-nous votre question" }).getAttribute("href")).resolves.toBe("/contact");

        await journey.fill("Rechercher dans l'aide", "renouvler ma demnde");
        await journey.submit("Rechercher");
        await expectPage(journey, "/comment-ca-marche/recherche", "Rechercher dans l'aide");
        const first = page.locator(".help-result").first();
        await expect(first.getByRole("link").textContent()).resolves.toBe("Renouveler ma demande de logement social chaque année");
        await expect(first.locator("mark").first().textContent()).resolves.toMatch(/^renouvel/i);

        await journey.clickOn(first.getByRole("link"));
        await expectPage(journey, "/comment-ca-marche/renouveler-ma-demande-de-logement-social", "Renouveler ma demande de logement social chaque année");
        await journey.submit("Oui");
        await expectPage(journey, "/comment-ca-marche/renouveler-ma-demande-de-logement-social", "Renouveler ma demande de logement social chaque année");
        await expect(page.getByText("Merci pour votre réponse").count()).resolves.toBe(1);
        await expect(page.getByRole("button", { name: "Oui" }).count()).resolves.toBe(0);

        await journey.goto("/comment-ca-marche/un-article-qui-n-existe-pas");
        await expectPage(journey, "/comment-ca-marche/un-article-qui-n-existe-pas", "Article introuvable");
      });
    });

    test(`a platform admin writes an article, previews it and publishes it (${mode})`, async () => {
      const { deps } = e2e.server;
      await seedDemoHelp(deps);
      const admin = await buildAccount(deps.db, { role: "platform_admin" });
      const title = `Délai de réponse aux messages ${javaScript ? "avec" : "sans"} script`;
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.goto("/administration");
        await journey.click("Aide « Comment ça marche ? »", { role: "link" });
        await expectPage(journey, "/administration/aide", "Aide « Comment ça marche ? »");
        await journey.click("Écrire un article", { role: "link" });
        await expectPage(journey, "/administration/aide/articles/nouveau", "Écrire un article");

        await journey.select("Thème", "Les délais");
        await journey.fill("Titre", title);
        await journey.fill("Texte", "Le service répond à vos messages sous **cinq jours ouvrés**.\n\n<script>alert(1)</script>");
        await journey.submit("Prévisualiser");
        await expect(page.getByRole("heading", { name: "Aperçu (non enregistré)" }).count()).resolves.toBe(1);
        await expect(page.locator(".help-preview strong").textContent()).resolves.toBe("cinq jours ouvrés");
        await expect(page.locator(".help-preview script").count()).resolves.toBe(0);
        await expect(page.getByLabel("Titre", { exact: true }).inputValue()).resolves.toBe(title);

        await journey.check("Publié");
        await journey.submit("Enregistrer");
        await expectPage(journey, "/administration/aide", "Aide « Comment ça marche ? »");
        await expect(page.getByText("L'article a été enregistré.").count()).resolves.toBe(1);
        await expect(page.getByRole("row", { name: new RegExp(title) }).getByText("Publié").count()).resolves.toBe(1);

        await journey.goto("/comment-ca-marche/recherche?q=messages+cinq+jours");
        await journey.click(title, { role: "link" });
        await expect(page.locator(".help-article__body strong").textContent()).resolves.toBe("cinq jours ouvrés");
      });
    });
  }
});
