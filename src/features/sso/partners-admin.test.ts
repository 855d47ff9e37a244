import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { findClient } from "./queries.ts";

const NOW = new Date("2026-03-01T09:00:00Z");

describe("administration of partner services (/administration/partenaires)", () => {
  let t: TestApp;
  let admin: TestBrowser;
  let serviceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ browser: admin } = await signedInAccount(t, { role: "platform_admin" }));
    const service = await t.deps.db
      .insertInto("services")
      .values({
        slug: "prets-en-ligne",
        name: "Mes prêts en ligne",
        tileLabel: "Mes prêts en ligne",
        description: "Prêts",
        url: "https://prets.exemple.fr/",
        grantedBy: "platform_admin",
        termsUpdatedAt: NOW,
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    serviceId = service.id;
  });
  afterAll(() => t?.close());

  const form = (fields: Record<string, string> = {}) => ({
    name: "Prêts de la Caisse",
    serviceId,
    redirectUris: "https://prets.exemple.fr/oidc/retour\nhttps://prets.exemple.fr/autre-retour",
    postLogoutRedirectUris: "https://prets.exemple.fr/",
    backchannelLogoutUri: "https://prets.exemple.fr/oidc/deconnexion",
    ...fields,
  });

  it("is not there for anyone but platform admins", async () => {
    const { browser } = await signedInAccount(t);
    expect((await browser.get("/administration/partenaires")).statusCode).toBe(404);
    expect((await new TestBrowser(t.app).get("/administration/partenaires")).headers.location).toBe(
      "/connexion?retour=%2Fadministration%2Fpartenaires",
    );
  });

  it("is linked from the administration home", async () => {
    const home = await admin.get("/administration");
    expect(home.body).toContain('href="/administration/partenaires"');
  });

  it("registers a partner and shows its secret once", async () => {
    await admin.get("/administration/partenaires/enregistrer");
    const created = await admin.post("/administration/partenaires/enregistrer", form());
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain("Service partenaire enregistré");
    const clientId = /Identifiant client \(client_id\)<\/dt><dd><code>([^<]+)</.exec(created.body)?.[1] ?? "";
    const secret = /Secret \(client_secret\)<\/dt><dd><code>([^<]+)</.exec(created.body)?.[1] ?? "";
    const stored = await findClient(t.deps.db, clientId);
    expect(stored).toMatchObject({
      name: "Prêts de la Caisse",
      serviceId,
      clientSecret: secret,
      redirectUris: ["https://prets.exemple.fr/oidc/retour", "https://prets.exemple.fr/autre-retour"],
      postLogoutRedirectUris: ["https://prets.exemple.fr/"],
      backchannelLogoutUri: "https://prets.exemple.fr/oidc/deconnexion",
    });
    expect(secret.length).toBeGreaterThanOrEqual(43);

    const list = await admin.get("/administration/partenaires");
    expect(list.body).toContain("Prêts de la Caisse");
    expect(list.body).toContain(clientId);
    expect(list.body).not.toContain(secret);

    const audit = await t.deps.db.selectFrom("auditEvents").select("event").where("event", "=", "oidc.client_registered").execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses bad input with the page, the typed values and each field's error", async () => {
    await admin.get("/administration/partenaires/enregistrer");
    const refused = await admin.post(
      "/administration/partenaires/enregistrer",
      form({ name: "", serviceId: "", redirectUris: "http://prets.exemple.fr/retour", backchannelLogoutUri: "pas une adresse" }),
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("Indiquez le nom du service partenaire.");
    expect(refused.body).toContain("Choisissez le service du catalogue que ce partenaire ouvre.");
    expect(refused.body).toContain("l&#39;adresse doit commencer par https://");
    expect(refused.body).toContain("ce n&#39;est pas une adresse web valide");
    expect(refused.body).toContain("http://prets.exemple.fr/retour</textarea>");

    const twoHosts = await admin.post(
      "/administration/partenaires/enregistrer",
      form({ redirectUris: "https://prets.exemple.fr/retour\nhttps://autre.exemple.fr/retour" }),
    );
    expect(twoHosts.statusCode).toBe(422);
    expect(twoHosts.body).toContain("Toutes les adresses de retour doivent être sur le même domaine.");
  });

  it("accepts loopback http addresses outside production, for a partner's developer", async () => {
    await admin.get("/administration/partenaires/enregistrer");
    const created = await admin.post("/administration/partenaires/enregistrer", form({ name: "Poste de développement", redirectUris: "http://127.0.0.1:8080/retour" }));
    expect(created.statusCode).toBe(200);
  });

  it("regenerates a secret (the old one stops working) and deletes a partner", async () => {
    await admin.get("/administration/partenaires/enregistrer");
    const created = await admin.post("/administration/partenaires/enregistrer", form({ name: "Partenaire éphémère" }));
    const clientId = /Identifiant client \(client_id\)<\/dt><dd><code>([^<]+)</.exec(created.body)?.[1] ?? "";
    const before = await findClient(t.deps.db, clientId);

    await admin.get("/administration/partenaires");
    const regenerated = await admin.post(`/administration/partenaires/${clientId}/secret`, {});
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.body).toContain("Nouveau secret du service partenaire");
    const after = await findClient(t.deps.db, clientId);
    expect(after?.clientSecret).not.toBe(before?.clientSecret);
    expect(regenerated.body).toContain(after?.clientSecret ?? "?");

    await admin.get("/administration/partenaires");
    const deleted = await admin.post(`/administration/partenaires/${clientId}/supprimer`, {});
    expect(deleted.statusCode).toBe(303);
    expect(await findClient(t.deps.db, clientId)).toBeUndefined();
    const list = await admin.get("/administration/partenaires");
    expect(list.body).toContain("Le service partenaire est supprimé");
    expect(list.body).not.toContain("Partenaire éphémère");

    await admin.get("/administration/partenaires");
    expect((await admin.post(`/administration/partenaires/${clientId}/supprimer`, {})).statusCode).toBe(404);
  });
});
