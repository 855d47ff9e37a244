import { describe, expect, test } from "vitest";
import { buildGrant, buildService } from "../../test/services.ts";
import { registerClient } from "../../src/features/sso/register-client.ts";
import { buildAccount, type BuiltAccount } from "../../test/builders.ts";
import { buildRegisterEntry } from "../../test/organisations.ts";
import { RelyingParty } from "../../test/relying-party.ts";
import { expectPage, flash, logIn, logOut } from "../accounts/pages.ts";
import type { Journey } from "../support/journey.ts";
import { useE2e } from "../support/journey.ts";
import { freePort } from "../support/server.ts";
import { codeFromLatestLetter } from "./letters.ts";

const e2e = useE2e();

/**
 * Issue 3's acceptance, from the browser: a commune's first member becomes its administrator by
 * the code posted to the mayor, a colleague joins and obtains the loan service, accepts its terms
 * and opens it from its tile — signed in there by Guichet — and logging out reaches the partner.
 */
describe("from attaching to a commune to the loan service opened by single sign-on", () => {
  test("first member by post, second member validated and granted, terms, SSO into a partner built with openid-client, logout propagated", async () => {
    const { deps, baseUrl, mailbox } = e2e.server;
    const entry = await buildRegisterEntry(deps.db, { name: "COMMUNE DE CATLLAR", legalRepresentative: "Monsieur le Maire" });
    const alice = await buildAccount(deps.db, { civility: "Mme", firstName: "Alice", lastName: "Roig", email: "alice.roig@catllar.fr" });
    const bruno = await buildAccount(deps.db, { civility: "M.", firstName: "Bruno", lastName: "Pujol", email: "bruno.pujol@catllar.fr" });

    // The partner: an openid-client relying party on its own host, registered for the loan service.
    const port = await freePort();
    const loans = await buildService(deps.db, {
      slug: "prets-en-ligne",
      name: "Demande de prêts, suivi des dossiers, encours et documents",
      tileLabel: "Mes prêts en ligne",
      requiresOrganisation: true,
      requiresFunction: true,
      grantedBy: "organisation_admin",
      url: `http://127.0.0.1:${port}/`,
    });
    // Another service Bruno holds: its grant must never reach the loan partner.
    const directory = await buildService(deps.db, { slug: "annuaire", name: "Annuaire des élus", tileLabel: "Annuaire des élus", grantedBy: "automatic", requiresOrganisation: false, requiresFunction: false });
    await buildGrant(deps.db, { service: directory, account: bruno, organisation: null, status: "granted" });
    const client = await registerClient(deps, { name: "Prêts en ligne", service: { slug: loans.slug }, ...RelyingParty.addresses("127.0.0.1", port) }, { adminId: null, ip: null, via: "cli" });
    const partner = await RelyingParty.start({ issuer: `${baseUrl}/oidc`, clientId: client.clientId, clientSecret: client.clientSecret, host: "127.0.0.1", port });
    // The tile leads to the partner, which starts its code flow at Guichet.
    const authorization = await partner.authorizationRequest();
    await deps.db.updateTable("services").set({ url: authorization.url }).where("id", "=", loans.id).execute();

    try {
      let organisationId = "";
      const menu = (journey: Journey) => journey.page.getByRole("navigation", { name: "Menu du compte" });
      const signIn = async (journey: Journey, account: BuiltAccount) => {
        await journey.goto("/connexion");
        await logIn(journey, account.identifier, account.password);
      };

      // 1. Alice attaches to the commune by its client number and becomes administrator with the code posted to the mayor.
      await e2e.journey(async (journey) => {
        await signIn(journey, alice);
        await journey.clickOn(menu(journey).getByRole("link", { name: "Ajouter une structure" }));
        await journey.check("le numéro client (code tiers)");
        await journey.fill("Numéro client ou SIRET", entry.clientNumber);
        await journey.submit("Rechercher la structure");
        await journey.submit("Me rattacher à cette structure");
        organisationId = /\/structures\/([0-9a-f-]{36})\//.exec(journey.page.url())?.[1] ?? "";
        await journey.submit("Accepter le rôle d'administrateur");
        const code = await codeFromLatestLetter(deps.db, organisationId);
        await journey.fill("Code d'activation", code);
        await journey.submit("Valider le code");
        expect(await flash(journey)).toBe("Vous êtes maintenant administrateur de la structure.");
        await logOut(journey);
      });

      // 2. Bruno asks to join, by SIRET; Alice is told by mail and validates him.
      await e2e.journey(async (journey) => {
        await signIn(journey, bruno);
        await journey.clickOn(menu(journey).getByRole("link", { name: "Ajouter une structure" }));
        await journey.check("le numéro SIRET");
        await journey.fill("Numéro client ou SIRET", entry.siret);
        await journey.submit("Rechercher la structure");
        await journey.submit("Me rattacher à cette structure");
        await expect(journey.page.getByText("Votre demande de rattachement est en cours de validation par les administrateurs de la structure.").count()).resolves.toBe(1);
        await logOut(journey);
      });
      const joinMail = await mailbox.waitFor({ to: alice.email, subject: /Nouvelle demande de rattachement/ });
      const membersLink = /http:\/\/\S+\/membres/.exec(joinMail.text)?.[0] ?? "";
      await mailbox.waitFor({ to: bruno.email, subject: /en cours de validation/ });

      await e2e.journey(async (journey) => {
        await journey.goto(membersLink);
        await logIn(journey, alice.identifier, alice.password);
        await expectPage(journey, `/structures/${organisationId}/membres`, /Membres/);
        await journey.submit(/^Valider : M\. Bruno Pujol/);
        await logOut(journey);
      });
      await mailbox.waitFor({ to: bruno.email, subject: /validé/ });

      // 3. Bruno fills in his function (the loan service needs it) and asks for the grant; Alice validates it.
      await e2e.journey(async (journey) => {
        await signIn(journey, bruno);
        await journey.clickOn(menu(journey).getByRole("link", { name: /COMMUNE DE CATLLAR/ }));
        await journey.click("Modifier ma fonction", { role: "link" });
        await journey.select("Fonction", "Directeur général des services");
        await journey.submit("Valider");
        await journey.goto("/services");
        await journey.click("Demander l'habilitation au service Demande de prêts, suivi des dossiers, encours et documents", { role: "link" });
        await journey.submit("Accepter");
        expect(await flash(journey)).toBe("Votre demande d'habilitation est enregistrée.");
        await logOut(journey);
      });
      await mailbox.waitFor({ to: alice.email, subject: /habilitation/i });

      await e2e.journey(async (journey) => {
        await signIn(journey, alice);
        await journey.goto(`/structures/${organisationId}/habilitations`);
        await journey.submit(/^Valider la demande de .*Bruno Pujol/);
        await logOut(journey);
      });
      await mailbox.waitFor({ to: bruno.email, subject: /validée/ });

      // 4. Bruno opens the tile: the terms first, then the partner, where Guichet signs him in.
      await e2e.journey(async (journey) => {
        const { page } = journey;
        await signIn(journey, bruno);
        await expectPage(journey, "/tableau-de-bord", "Tableau de bord");
        await journey.click(/Mes prêts en ligne/, { role: "link" });
        expect(new URL(page.url()).pathname).toBe("/services/prets-en-ligne/conditions");
        await journey.check("J'ai lu et j'accepte les conditions particulières d'utilisation");
        await Promise.all([page.waitForURL((url) => url.href.startsWith(partner.redirectUri)), page.getByRole("button", { name: "Valider" }).click()]);
        await journey.checkPage();
        const { idToken, userinfo } = await partner.finish(page.url(), authorization.checks);
        expect(idToken.sub).not.toBe(bruno.id);
        expect(userinfo).toMatchObject({ given_name: "Bruno", family_name: "Pujol", email: bruno.email });
        expect(userinfo.organisation).toEqual({ siret: entry.siret, client_number: entry.clientNumber, name: "COMMUNE DE CATLLAR" });
        expect(JSON.stringify(userinfo.habilitations)).toContain("prets-en-ligne");
        expect(JSON.stringify(userinfo.habilitations)).not.toContain("annuaire");

        // 5. Logging out of Guichet ends the partner's session too (back-channel logout).
        await journey.goto(`${baseUrl}/tableau-de-bord`);
        await logOut(journey);
        expect(partner.logouts.map((logout) => logout.payload.sid)).toContain(idToken.sid);
      });
    } finally {
      await partner.close();
    }
  });
});
