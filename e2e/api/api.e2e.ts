import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { loadTestProcedures } from "../../test/instruction.ts";
import { WebhookReceiver } from "../../test/webhook-receiver.ts";
import { setApiGrant } from "../../src/features/partner-api/admin-use-cases.ts";
import { expectPage, logIn, pathOf } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

// The test receiver listens on 127.0.0.1: webhook addresses on loopback are allowed for this server only.
const e2e = useE2e({ env: { WEBHOOK_ALLOW_PRIVATE: "true" }, prepare: async (deps) => void (await loadTestProcedures(deps)) });

describe("a partner's system files a request by API", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`an admin creates the partner and its token, the request is created and filed with it, the signed webhook arrives (${mode})`, async () => {
      const { deps } = e2e.server;
      const admin = await buildAccount(deps.db, { role: "platform_admin" });
      const applicant = await buildAccount(deps.db);
      const receiver = new WebhookReceiver();
      const webhookUrl = await receiver.start();
      const name = `Logiciel de la mairie ${javaScript ? "A" : "B"}`;
      try {
        await run(async (journey) => {
          const { page } = journey;
          await journey.goto("/connexion");
          await logIn(journey, admin.identifier, admin.password);
          await journey.goto("/administration");
          await journey.click("API et webhooks des partenaires", { role: "link" });
          await expectPage(journey, "/administration/api", "API et webhooks des partenaires");
          await journey.fill("Nom du partenaire", name);
          await journey.fill("Adresse des webhooks", webhookUrl);
          await journey.check(/^Demande déposée/);
          await journey.submit("Ajouter le partenaire");
          await expectPage(journey, pathOf(journey), name);
          const partnerPath = pathOf(journey);

          await journey.fill("Nom du jeton", "Production");
          await journey.check(/\(demarches:lecture\)$/);
          await journey.check(/\(demandes:ecriture\)$/);
          await journey.fill("Durée de validité (jours)", "90");
          await journey.submit("Créer le jeton");
          const token = ((await page.locator("#jeton-cree").textContent()) ?? "").trim();
          expect(token).toMatch(/^gch_/);

          // The applicant's consent (given in « Mon compte », Partenaires autorisés: tested on its page).
          const partner = await deps.db.selectFrom("apiPartners").select(["id", "webhookSecret"]).where("name", "=", name).executeTakeFirstOrThrow();
          await setApiGrant(deps, { accountId: applicant.id, partnerId: partner.id, granted: true, ip: "127.0.0.1" });
          receiver.secret = partner.webhookSecret;

          const call = (method: string, path: string, body?: unknown) =>
            fetch(e2e.server.url(`/api/v1${path}`), {
              method,
              headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
              ...(body ? { body: JSON.stringify(body) } : {}),
            });
          const created = await call("POST", "/demarches/essai/demandes", { compte: applicant.id, reponses: { commune: "69123" } });
          expect(created.status).toBe(201);
          const { id } = (await created.json()) as { id: string };
          const filed = await call("POST", `/demarches/essai/demandes/${id}/depot`);
          expect(filed.status).toBe(200);
          const { numero } = (await filed.json()) as { numero: string };

          // The job worker delivers it, signed: the receiver's helper accepts the signature.
          await receiver.waitFor(1);
          expect(receiver.received[0]!.verification).toMatchObject({ valid: true, payload: { type: "demande.deposee", data: { demande: id, numero, demarche: "essai" } } });

          // The delivery is shown with its attempt on the partner's page (once the worker has recorded it).
          await expect.poll(async () => (await deps.db.selectFrom("webhookDeliveries").select("status").where("partnerId", "=", partner.id).executeTakeFirst())?.status).toBe("delivered");
          await journey.goto(partnerPath);
          const deliveries = page.getByRole("table", { name: /Derniers envois/ });
          expect(await deliveries.textContent()).toContain("Reçu");
          expect(await deliveries.textContent()).toContain("réponse 204");

          // The reference the partner reads, drawn from the OpenAPI document (axe runs on it too).
          await journey.goto("/api/reference");
          await expectPage(journey, "/api/reference", "Référence de l'API");
          expect(await page.getByRole("heading", { name: /Enregistrer le mandatement ou le paiement d'un versement/ }).count()).toBe(1);
          expect(await page.getByText("paiement.modifie").count()).toBeGreaterThan(0);
        });
      } finally {
        await receiver.stop();
      }
    });
  }
});
