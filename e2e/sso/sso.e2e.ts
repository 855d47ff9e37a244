import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { registerDemoPartner, demoPartnerUrl } from "../../src/features/sso/demo-partner.tsx";
import { registerClient } from "../../src/features/sso/register-client.ts";
import { RelyingParty } from "../../test/relying-party.ts";
import { freePort } from "../support/server.ts";
import { expectPage, logIn, logOut } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";
import { formatSiret } from "../../src/platform/french/siret.ts";

const e2e = useE2e();
const NOW = new Date("2026-03-01T09:00:00Z");
const DEMO_TITLE = "Mes prêts en ligne — service de démonstration";

/** The demo data's loan service and its demo partner, as `npm start` has them. */
async function loanService() {
  const { deps } = e2e.server;
  const existing = await deps.db.selectFrom("services").select("id").where("slug", "=", "prets-en-ligne").executeTakeFirst();
  if (existing) return existing.id;
  const service = await deps.db
    .insertInto("services")
    .values({
      slug: "prets-en-ligne",
      name: "Mes prêts en ligne",
      tileLabel: "Mes prêts en ligne",
      description: "Vos prêts en ligne.",
      url: demoPartnerUrl(deps.config),
      requiresOrganisation: true,
      grantedBy: "organisation_admin",
      termsText: "Conditions particulières d'utilisation.",
      termsUpdatedAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await registerDemoPartner(deps, { serviceId: service.id });
  return service.id;
}

/** A member of a commune, granted the loan service, its terms accepted (unless told otherwise). */
async function preparedMember(options: { granted: boolean }) {
  const { db } = e2e.server.deps;
  const serviceId = await loanService();
  const account = await buildAccount(db, { firstName: "Camille", lastName: "Martin" });
  const organisation = await buildOrganisation(db, { name: "COMMUNE D'EUS" });
  await addMember(db, organisation, account);
  if (options.granted) {
    await db.insertInto("grants").values({ serviceId, accountId: account.id, organisationId: organisation.id, status: "granted", requestedAt: NOW, decidedAt: NOW, decidedBy: null, reason: null }).execute();
    await db.insertInto("termsAcceptances").values({ accountId: account.id, serviceId, termsVersion: 1, acceptedAt: NOW }).execute();
  }
  return { account, organisation };
}

describe("single sign-on into the demo partner service", () => {
  for (const javaScript of [true, false]) {
    test(`a granted member opens the partner signed in by Guichet, then logout propagates (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { account, organisation } = await preparedMember({ granted: true });
      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        // The partner sends the person to Guichet, which asks them to sign in first.
        await journey.goto("/demo-partenaire");
        await expectPage(journey, "/connexion", "Se connecter");
        await logIn(journey, account.identifier, account.password);
        await expectPage(journey, "/demo-partenaire", DEMO_TITLE);
        const main = page.getByRole("main");
        await expect(main.textContent()).resolves.toContain("Camille Martin");
        await expect(main.textContent()).resolves.toContain(`COMMUNE D'EUS — SIRET ${formatSiret(organisation.siret)}`);

        // RP-initiated logout: Guichet asks, and ends its own session too.
        await journey.submit("Se déconnecter");
        await expectPage(journey, "/oidc/session/end", "Se déconnecter");
        await journey.submit("Se déconnecter");
        await expectPage(journey, "/demo-partenaire/deconnecte", "Vous êtes déconnecté");
        await journey.goto("/mon-compte");
        await expectPage(journey, "/connexion", "Se connecter");

        // Back again, then "Se déconnecter" on Guichet: the partner's session ends (back-channel).
        await journey.goto("/demo-partenaire");
        await expectPage(journey, "/connexion", "Se connecter");
        await logIn(journey, account.identifier, account.password);
        await expectPage(journey, "/demo-partenaire", DEMO_TITLE);
        await journey.goto("/mon-compte");
        await logOut(journey);
        await journey.goto("/demo-partenaire");
        await expectPage(journey, "/connexion", "Se connecter");
      });
    });
  }

  test("a member without the grant is stopped at Guichet with the way to ask for it", async () => {
    const { account } = await preparedMember({ granted: false });
    await e2e.journey(async (journey) => {
      await journey.goto("/demo-partenaire");
      await logIn(journey, account.identifier, account.password);
      expect(new URL(journey.page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
      await expect(journey.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Vous n'avez pas encore accès à ce service");
      await expect(journey.page.getByRole("link", { name: "Demander l'habilitation" }).getAttribute("href")).resolves.toBe(
        "/services/prets-en-ligne/habilitation",
      );
      await journey.submit("Abandonner et revenir au service");
      await expectPage(journey, "/demo-partenaire/retour", "Connexion non aboutie");
    });
  });

  test("a partner on another site, built with openid-client, receives the person signed in; Guichet's logout reaches it", async () => {
    const { deps, baseUrl } = e2e.server;
    const { account, organisation } = await preparedMember({ granted: true });
    const port = await freePort();
    const client = await registerClient(
      deps,
      { name: "Prêts (partenaire)", service: { slug: "prets-en-ligne" }, ...RelyingParty.addresses("127.0.0.1", port) },
      { adminId: null, ip: null, via: "cli" },
    );
    const partner = await RelyingParty.start({ issuer: `${baseUrl}/oidc`, clientId: client.clientId, clientSecret: client.clientSecret, host: "127.0.0.1", port });
    try {
      const request = await partner.authorizationRequest();
      await e2e.journey(async (journey) => {
        await journey.goto(request.url);
        await expectPage(journey, "/connexion", "Se connecter");
        await journey.fill("Identifiant ou adresse électronique", account.identifier);
        await journey.fill("Mot de passe", account.password);
        // Through the step page that leaves for the other site at once (see leaveForPartner),
        // to the partner's own page, which is checked like the others.
        await Promise.all([
          journey.page.waitForURL((url) => url.href.startsWith(partner.redirectUri)),
          journey.page.getByRole("button", { name: "Se connecter", exact: true }).click(),
        ]);
        await journey.checkPage();
        const { idToken, userinfo } = await partner.finish(journey.page.url(), request.checks);
        expect(userinfo.organisation).toEqual({ siret: organisation.siret, client_number: organisation.clientNumber, name: "COMMUNE D'EUS" });

        await journey.goto(`${baseUrl}/mon-compte`);
        await logOut(journey);
        expect(partner.logouts.map((logout) => logout.payload.sid)).toContain(idToken.sid);
      });
    } finally {
      await partner.close();
    }
  });
});
