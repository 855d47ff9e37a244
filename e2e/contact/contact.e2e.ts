import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { insertSupportAgent } from "../../src/features/contact/queries.ts";
import { formatRequestNumber, generateRequestNumber } from "../../src/platform/request-numbers/request-numbers.ts";
import { buildPdf } from "../../src/platform/uploads/test-files.ts";
import { errorSummary, expectPage, logIn, logOut, pathOf, section } from "../accounts/pages.ts";
import { passCaptcha } from "../support/captcha.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";
import { linkIn } from "../support/smtp.ts";

const e2e = useE2e();

/** The page fits the window's width: nothing to scroll sideways (checked at 375 px). */
async function expectNoHorizontalScroll(journey: Journey): Promise<void> {
  const { scrollWidth, clientWidth } = await journey.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, journey.page.url()).toBeLessThanOrEqual(clientWidth);
}

/** A support agent, named as a platform admin would on /administration/support. */
async function supportAgent(suffix: string) {
  const { deps } = e2e.server;
  const agent = await buildAccount(deps.db, { role: "agent", firstName: "Thomas", lastName: "Morel", email: `thomas.morel.${suffix}@region.exemple.fr` });
  await insertSupportAgent(deps.db, { accountId: agent.id, grantedBy: null, grantedAt: new Date() });
  return agent;
}

/** The agent opens the question from the queue, answers it, and logs out. */
async function answer(journey: Journey, agent: { identifier: string; password: string }, reference: string, text: string) {
  const { page } = journey;
  await journey.goto("/connexion");
  await logIn(journey, agent.identifier, agent.password);
  // A support agent attached to no procedure lands on the support's queue, which the dashboard links too.
  await expectPage(journey, "/support", "Questions des usagers");
  await journey.goto("/tableau-de-bord");
  await journey.clickOn(section(page, "Mes questions").getByRole("link", { name: "Traiter les questions des usagers (support)" }));
  await expectPage(journey, "/support", "Questions des usagers");
  await journey.click(reference, { role: "link" });
  await expectPage(journey, pathOf(journey), `Question ${reference}`);
  await journey.select("Attribuer à", "Thomas Morel (moi)");
  await journey.submit("Attribuer");
  expect(await page.getByRole("main").textContent()).toContain("La question est attribuée.");
  await journey.fill("Réponse", text);
  await journey.submit("Envoyer la réponse");
  expect(await page.getByRole("main").textContent()).toContain("La réponse est envoyée par courriel à la personne.");
  await logOut(journey);
}

describe("Posez-nous votre question", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: (journey: Journey) => Promise<void>) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`a visitor asks a question from the footer's link, the support answers, the answer comes by mail (${mode})`, async () => {
      const { mailbox } = e2e.server;
      const suffix = javaScript ? "a" : "b";
      const email = `lina.haddad.${suffix}@exemple.fr`;
      const agent = await supportAgent(suffix);
      const number = generateRequestNumber("LS");
      const wrongKey = number.slice(0, 17) + (number.endsWith("A") ? "B" : "A");
      let reference = "";

      await run(async (journey) => {
        const { page } = journey;
        await page.setViewportSize({ width: 375, height: 812 });
        await journey.goto("/");
        await journey.clickOn(page.getByRole("contentinfo").getByRole("link", { name: "Posez-nous votre question", exact: true }));
        await expectPage(journey, "/contact", "Posez-nous votre question");
        await expectNoHorizontalScroll(journey);

        await journey.submit("Envoyer ma question");
        expect(await errorSummary(journey)).toEqual(
          expect.arrayContaining(["Sujet : Choisissez le sujet de votre question.", "Votre question : Saisissez votre question.", "Nom et prénom : Saisissez votre nom et votre prénom."]),
        );
        await journey.select("Sujet", "Une question sur une demande déposée");
        await journey.fill(/^Numéro de demande/, formatRequestNumber(wrongKey));
        await journey.fill(/^Votre question/, "Bonjour,\nma demande est-elle complète ? <merci>");
        await journey.fill("Nom et prénom", "Lina Haddad");
        await journey.fill(/^Adresse électronique/, email);
        if (javaScript) await passCaptcha(page);
        else await page.waitForTimeout(5_500);
        await journey.submit("Envoyer ma question");
        expect(await errorSummary(journey)).toEqual(["Numéro de demande : Ce numéro n'est pas valide : vérifiez-le, un caractère a peut-être été mal recopié."]);
        // What was typed is kept.
        expect(await page.getByLabel(/^Votre question/).inputValue()).toBe("Bonjour,\nma demande est-elle complète ? <merci>");
        expect(await page.getByLabel("Nom et prénom").inputValue()).toBe("Lina Haddad");

        await journey.fill(/^Numéro de demande/, formatRequestNumber(number));
        if (javaScript) await passCaptcha(page);
        else await page.waitForTimeout(5_500);
        await journey.submit("Envoyer ma question");
        await expectPage(journey, "/contact/envoye", "Question envoyée");
        reference = ((await page.locator(".support-reference").textContent()) ?? "").trim();
        expect(reference).toMatch(/^Q-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
        await expectNoHorizontalScroll(journey);
      });

      const acknowledgement = await mailbox.waitFor({ to: email, subject: /^Nous avons bien reçu votre question/ });
      expect(acknowledgement.subject).toContain(reference);
      expect(acknowledgement.text).toContain(reference);

      await run((journey) => answer(journey, agent, reference, "Bonjour,\nvotre demande est complète.\nLe support"));

      const answered = await mailbox.waitFor({ to: email, subject: /^Réponse à votre question/ });
      expect(answered.subject).toContain(reference);
      expect(answered.text).toContain("votre demande est complète.");
    });
  }

  test("a signed-in person asks with a document, and finds the support's answer in « Mes questions »", async () => {
    const { deps, mailbox } = e2e.server;
    const person = await buildAccount(deps.db, { firstName: "Inès", lastName: "Roux", email: "ines.roux@exemple.fr" });
    const agent = await buildAccount(deps.db, { role: "agent", firstName: "Thomas", lastName: "Morel", email: "thomas.morel.c@region.exemple.fr" });
    const admin = await buildAccount(deps.db, { role: "platform_admin", firstName: "Julien", lastName: "Bernard" });
    const document = await buildPdf("Avis d'imposition");
    let reference = "";

    // A platform admin names the agent to the support, by the e-mail of their account.
    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, admin.identifier, admin.password);
      await journey.goto("/administration");
      await journey.click("Support", { role: "link" });
      await expectPage(journey, "/administration/support", "Support : questions des usagers");
      expect(await page.getByRole("table", { name: /^Délai de première réponse/ }).count()).toBe(1);
      await journey.fill(/^Adresse électronique de l'agent/, "inconnu@exemple.fr");
      await journey.submit("Ajouter au support");
      expect(await errorSummary(journey)).toEqual([expect.stringMatching(/^Adresse électronique de l'agent : Aucun compte d'agent instructeur/)]);
      await journey.fill(/^Adresse électronique de l'agent/, agent.email);
      await journey.submit("Ajouter au support");
      expect(await page.getByRole("main").textContent()).toContain("L'agent fait désormais partie du support.");
      expect(await page.getByRole("main").textContent()).toContain(`Thomas Morel (${agent.email})`);
      await logOut(journey);
    });

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, person.identifier, person.password);
      await journey.clickOn(section(page, "Mes questions").getByRole("link", { name: "Poser une question" }));
      await expectPage(journey, "/contact", "Posez-nous votre question");
      await expect(page.getByRole("group", { name: "Vérification anti-robot" }).count()).resolves.toBe(0);
      await journey.select("Sujet", "Les pièces justificatives");
      await journey.fill(/^Votre question/, "Mon avis d'imposition convient-il ?");
      await page.getByLabel(/^Pièce jointe/).setInputFiles({ name: "avis.pdf", mimeType: "application/pdf", buffer: document });
      await journey.submit("Envoyer ma question");
      await expectPage(journey, "/contact/envoye", "Question envoyée");
      reference = ((await page.locator(".support-reference").textContent()) ?? "").trim();
      await logOut(journey);
    });

    await e2e.journey((journey) => answer(journey, agent, reference, "Oui, il convient."));
    const mail = await mailbox.waitFor({ to: person.email, subject: /^Réponse à votre question/ });

    await e2e.journey(async (journey) => {
      const { page } = journey;
      // The mail's link asks for the login, then shows the question and its answer.
      await journey.goto(linkIn(mail, "/mes-questions/"));
      await logIn(journey, person.identifier, person.password);
      await expectPage(journey, pathOf(journey), `Ma question ${reference}`);
      expect(await page.getByRole("main").textContent()).toContain("Oui, il convient.");
      await journey.goto("/tableau-de-bord");
      const mine = section(page, "Mes questions");
      expect(await mine.textContent()).toContain("1 réponse");
      await journey.clickOn(mine.getByRole("link", { name: new RegExp(`^${reference}`) }));
      await journey.fill("Votre réponse", "Merci beaucoup.");
      await journey.submit("Envoyer ma réponse");
      expect(await page.locator(".support-thread").textContent()).toContain("Merci beaucoup.");
    });
  });
});
