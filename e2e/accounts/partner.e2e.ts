import { describe, expect, test } from "vitest";
import { WAIT_MIN_MS } from "../../src/platform/captcha.ts";
import { createPartnerAccount } from "../../src/features/partner-accounts/create-partner-account.ts";
import { buildAccount } from "../../test/builders.ts";
import { partnerForm } from "../../test/partner-letters.ts";
import { credentialsFromLetter } from "../../test/partner-letters.ts";
import { passCaptcha } from "../support/captcha.ts";
import { useE2e } from "../support/journey.ts";
import { expectPage, logIn, logOut } from "./pages.ts";

const e2e = useE2e();

/** The newest letter addressed to a user number, once the worker has generated it. */
async function newestLetterOf(userNumber: string, after: string | null) {
  const { db } = e2e.server.deps;
  for (let tries = 0; tries < 150; tries++) {
    const letter = await db.selectFrom("letters").select("id").where("reference", "=", `Utilisateur ${userNumber}`).orderBy("createdAt", "desc").orderBy("id", "desc").executeTakeFirst();
    if (letter && letter.id !== after) return credentialsFromLetter(db, letter.id).then((read) => ({ ...read, id: letter.id }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No new letter for ${userNumber}`);
}

describe("a landlord's partner account (seed 004)", () => {
  test("created by an operator, its first password lost in the post: a new letter by « Identifiant perdu », then the first login", async () => {
    const { deps } = e2e.server;
    const admin = await buildAccount(deps.db, { role: "platform_admin" });
    const userNumber = `E2E${Date.now().toString(36).toUpperCase()}`;
    const chosen = "Olivier~Prades42";

    await e2e.journey(async (journey) => {
      const { page } = journey;
      await journey.goto("/connexion");
      await logIn(journey, admin.identifier, admin.password);
      await journey.goto("/administration");
      await journey.click("Comptes partenaires");
      await expectPage(journey, "/administration/comptes-partenaires", "Comptes partenaires");
      await journey.check("Monsieur");
      await journey.fill("Nom", "Roig");
      await journey.fill("Prénom", "Jordi");
      await journey.fill("Adresse électronique", `jordi.roig.${userNumber.toLowerCase()}@exemple.fr`);
      await journey.fill("Numéro utilisateur", userNumber.toLowerCase());
      await journey.fill("Numéro et voie", "4 carrer del Riu");
      await journey.fill("Code postal", "66500");
      await journey.fill("Commune", "Prades");
      await journey.submit("Créer le compte et envoyer le courrier");
      await expectPage(journey, "/administration/comptes-partenaires", "Compte partenaire créé");
      const identifier = (await page.locator(".alert strong").textContent()) ?? "";
      expect(identifier).toMatch(/^LOG\d{6}[A-Z]$/);
      await logOut(journey);

      const first = await newestLetterOf(userNumber, null);
      expect(first.identifier).toBe(identifier);
      expect(first.password).not.toBeNull();

      // The person thinks the letter is lost and asks again by post, as seed 004 tells them to.
      await journey.goto("/connexion");
      await journey.click(/^Identifiant perdu/);
      await expectPage(journey, "/identifiant-perdu", "Identifiant perdu");
      await journey.fill("Numéro utilisateur", userNumber);
      await journey.check("Par courrier, à l'adresse postale connue de votre organisme");
      await passCaptcha(page);
      await journey.submit("Valider");
      await expectPage(journey, "/identifiant-perdu", "Demande enregistrée");
      await expect(page.locator("main").textContent()).resolves.toContain("Le mot de passe d'un courrier précédent ne fonctionne plus");

      const second = await newestLetterOf(userNumber, first.id);
      expect(second.identifier).toBe(identifier);
      expect(second.password).not.toBeNull();
      expect(second.password).not.toBe(first.password);

      // The first letter's password no longer opens the account; the second one does, typed loosely.
      await journey.goto("/connexion");
      await logIn(journey, identifier, first.password ?? "");
      await expect(page.getByRole("alert").textContent()).resolves.toContain("Ce mot de passe provisoire a été remplacé par celui d'un courrier plus récent");
      const loosely = `${identifier.slice(0, 3).toLowerCase()} ${identifier.slice(3, 6)} ${identifier.slice(6, 9)} ${identifier.slice(9).toLowerCase()}`.replace(/0/g, "O");
      await logIn(journey, loosely, second.password ?? "");
      await expectPage(journey, "/mot-de-passe-temporaire", "Choisissez votre mot de passe");
      await journey.fill("Nouveau mot de passe", chosen);
      await journey.fill("Confirmation du nouveau mot de passe", chosen);
      await journey.submit("Enregistrer mon mot de passe");
      await expectPage(journey, "/mon-compte", "Mon compte");
      await expect(page.getByRole("navigation", { name: "Menu du compte" }).textContent()).resolves.toContain("Mon compte (Jordi Roig)");
    });
  });

  test("without JavaScript, « Identifiant perdu » by mail: the identifier read from the SMTP server, the same page for an unknown number", async () => {
    const { deps, mailbox } = e2e.server;
    const form = partnerForm();
    const partner = await createPartnerAccount(deps, form, { via: "cli" });

    await e2e.withoutJavaScript(async (journey) => {
      const { page } = journey;
      const ask = async (numero: string) => {
        await journey.goto("/identifiant-perdu");
        const shownAt = Date.now();
        await journey.fill("Numéro utilisateur", numero);
        await journey.check("Par courriel, à l'adresse électronique de mon compte");
        // The captcha without JavaScript is a short wait after the page was served.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownAt + WAIT_MIN_MS + 500 - Date.now())));
        await journey.submit("Valider");
        await expectPage(journey, "/identifiant-perdu", "Demande enregistrée");
        return page.locator("main").textContent();
      };
      const known = await ask(` ${partner.userNumber.toLowerCase()} `);
      const unknown = await ask("ZZ00000000");
      expect(unknown).toBe(known);
      const mail = await mailbox.waitFor({ to: partner.email, subject: /^Votre identifiant de compte partenaire/ });
      expect(mail.text).toContain(partner.identifier);
    });
  });
});
