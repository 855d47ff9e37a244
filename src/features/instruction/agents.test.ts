import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { FormError } from "../../platform/http/errors.ts";
import { verifyPassword } from "../../platform/security/passwords.ts";
import { createAgent } from "./create-agent.ts";
import { loadTestProcedures, type TestProcedure } from "../../../test/instruction.ts";

describe("agents (case workers)", () => {
  let t: TestApp;
  let aid: TestProcedure;

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid } = await loadTestProcedures(t.deps));
  });
  afterAll(() => t.close());

  const attachments = (accountId: string) => t.deps.db.selectFrom("procedureAgents").selectAll().where("accountId", "=", accountId).execute();
  const formErrors = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FormError);
    return (error as FormError).errors;
  };

  describe("createAgent", () => {
    it("creates an agent with a 24-hour temporary password, attached to the procedure in its first group, audited", async () => {
      const agent = await createAgent(t.deps, { identifier: "lucie.bernard", email: "lucie.bernard@region.fr", lastName: "Bernard", firstName: "Lucie", procedureSlug: "aide-associations" });
      expect(agent).toMatchObject({ identifier: "lucie.bernard", procedure: { slug: "aide-associations", title: "Aide régionale aux projets des associations" }, group: "Service vie associative" });
      const validity = agent.expiresAt.getTime() - t.clock.now().getTime();
      expect(validity).toBeGreaterThan(24 * 60 * 60 * 1000 - 60_000);
      expect(validity).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
      const account = await t.deps.db.selectFrom("accounts").selectAll().where("id", "=", agent.id).executeTakeFirstOrThrow();
      expect(account).toMatchObject({ role: "agent", status: "active", mustChangePassword: true, lastName: "Bernard", firstName: "Lucie" });
      expect(await verifyPassword(account.passwordHash, agent.password)).toBe(true);
      expect(await attachments(agent.id)).toMatchObject([{ procedureId: aid.id, groupName: "Service vie associative" }]);
      const events = await t.deps.db.selectFrom("auditEvents").select(["event"]).where("accountId", "=", agent.id).orderBy("id").execute();
      expect(events.map((event) => event.event)).toEqual(["account.created_by_admin", "procedure.agent_attached"]);

      // The first login leads to choosing a new password.
      const browser = new TestBrowser(t.app);
      await browser.get("/connexion");
      const login = await browser.post("/connexion", { login: "lucie.bernard", password: agent.password });
      expect(login.headers.location).toBe("/mot-de-passe-temporaire");
    });

    it("refuses an unknown procedure or group, a bad identifier, a taken identifier or address, creating nothing", async () => {
      expect(await formErrors(createAgent(t.deps, { identifier: "a", email: "pas-une-adresse", procedureSlug: "inconnue" }))).toEqual({
        identifier: "L'identifiant doit contenir de 3 à 64 caractères : lettres sans accent, chiffres, point (.), tiret (-) ou tiret bas (_).",
        email: "L'adresse électronique n'est pas valide (exemple : nom@exemple.fr).",
        procedure: "Aucune démarche n'a pour identifiant « inconnue ».",
      });
      expect(await formErrors(createAgent(t.deps, { identifier: "agent.groupe", email: "agent.groupe@region.fr", procedureSlug: "aide-associations", group: "Service des sports" }))).toEqual({
        group: "La démarche « aide-associations » n'a pas de groupe d'instructeurs « Service des sports » ; groupes possibles : « Service vie associative ».",
      });
      const taken = await buildAccount(t.deps.db);
      expect(await formErrors(createAgent(t.deps, { identifier: taken.identifier.toUpperCase(), email: "autre@region.fr", procedureSlug: "aide-associations" }))).toEqual({
        identifier: `L'identifiant « ${taken.identifier.toUpperCase()} » est déjà utilisé.`,
      });
      expect(await formErrors(createAgent(t.deps, { identifier: "agent.libre", email: taken.email, procedureSlug: "aide-associations" }))).toEqual({
        email: `Un compte existe déjà avec l'adresse ${taken.email}.`,
      });
      const created = await t.deps.db.selectFrom("accounts").select("id").where("identifier", "in", ["a", "agent.groupe", "agent.libre"]).execute();
      expect(created).toHaveLength(0);
    });
  });

  describe("the admin page /administration/agents", () => {
    async function adminBrowser() {
      const browser = new TestBrowser(t.app);
      await logInAs(browser, await buildAccount(t.deps.db, { role: "platform_admin" }));
      return browser;
    }

    it("is linked from the administration home and hidden from anyone but platform admins", async () => {
      const admin = await adminBrowser();
      expect((await admin.get("/administration")).body).toContain('<a href="/administration/agents">Agents instructeurs</a>');
      const anonymous = new TestBrowser(t.app);
      expect((await anonymous.get("/administration/agents")).headers.location).toBe("/connexion?retour=%2Fadministration%2Fagents");
      for (const role of ["applicant", "agent"] as const) {
        const other = new TestBrowser(t.app);
        await logInAs(other, await buildAccount(t.deps.db, { role }));
        expect((await other.get("/administration/agents")).statusCode).toBe(404);
        await other.get("/mon-compte");
        expect((await other.post("/administration/agents", { identifier: "intrus", email: "intrus@exemple.fr", procedure: "aide-associations" })).statusCode).toBe(404);
      }
      expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", "intrus").executeTakeFirst()).toBeUndefined();
    });

    it("creates an agent and mails the temporary password; bad input comes back with 422 and the values typed", async () => {
      const admin = await adminBrowser();
      const page = await admin.get("/administration/agents");
      expect(page.body).toContain("<h1>Agents instructeurs</h1>");
      expect(page.body).toContain('<option value="aide-associations">');

      const invalid = await admin.post("/administration/agents", { identifier: "paul.morel", email: "paul.morel", lastName: "Morel", firstName: "Paul", procedure: "", group: "" });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.body).toContain('href="#champ-email"');
      expect(invalid.body).toContain('href="#champ-procedure"');
      expect(invalid.body).toContain("Indiquez la démarche que l&#39;agent instruira.");
      expect(invalid.body).toContain('value="paul.morel"');

      const created = await admin.post("/administration/agents", { identifier: "paul.morel", email: "paul.morel@region.fr", lastName: "Morel", firstName: "Paul", procedure: "aide-associations", group: "" });
      expect(created.statusCode).toBe(200);
      expect(created.body).toContain("<h1>Agent créé</h1>");
      expect(created.body).toContain("mot de passe temporaire lui sont envoyés par courriel à paul.morel@region.fr");
      const [mail] = await mailsTo(t.deps.db, "paul.morel@region.fr");
      expect(mail?.subject).toMatch(/^Votre compte agent instructeur sur /);
      const password = /Votre mot de passe temporaire : (\S+)/.exec(mail?.textBody ?? "")?.[1];
      expect(password).toMatch(/^\S{14}$/);
      expect(created.body).not.toContain(password!);
      const newcomer = new TestBrowser(t.app);
      await newcomer.get("/connexion");
      expect((await newcomer.post("/connexion", { login: "paul.morel", password: password! })).headers.location).toBe("/mot-de-passe-temporaire");
      const list = await admin.get("/administration/agents");
      expect(list.body).toContain("Paul Morel");
      expect(list.body).toContain("paul.morel@region.fr");
      expect(list.body).toContain("mot de passe temporaire à changer");
      expect(list.body).not.toContain(password!);
    });

    it("attaches an agent to another procedure and detaches them", async () => {
      const admin = await adminBrowser();
      const agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Inès", lastName: "Roux" });
      await admin.get("/administration/agents");
      const wrongGroup = await admin.post(`/administration/agents/${agent.id}/rattacher`, { [`procedure-${agent.id}`]: "essai", [`group-${agent.id}`]: "Inconnu" });
      expect(wrongGroup.statusCode).toBe(422);
      expect(wrongGroup.body).toContain(`href="#champ-group-${agent.id}"`);
      expect(wrongGroup.body).toContain("n&#39;a pas de groupe d&#39;instructeurs « Inconnu »");

      const attached = await admin.post(`/administration/agents/${agent.id}/rattacher`, { [`procedure-${agent.id}`]: "essai", [`group-${agent.id}`]: "" });
      expect(attached.statusCode).toBe(303);
      expect(await attachments(agent.id)).toMatchObject([{ groupName: "Instructeurs" }]);
      const list = await admin.get("/administration/agents");
      expect(list.body).toContain("L&#39;agent est rattaché à la démarche.");
      expect(list.body).toContain(`action="/administration/agents/${agent.id}/detacher"`);

      const detached = await admin.post(`/administration/agents/${agent.id}/detacher`, { procedure: "essai" });
      expect(detached.statusCode).toBe(303);
      expect(await attachments(agent.id)).toEqual([]);
      await admin.get("/administration/agents");
      expect((await admin.post(`/administration/agents/${agent.id}/detacher`, { procedure: "essai" })).statusCode).toBe(404);
      // Only agents can be attached.
      const applicant = await buildAccount(t.deps.db);
      expect((await admin.post(`/administration/agents/${applicant.id}/rattacher`, { [`procedure-${applicant.id}`]: "essai" })).statusCode).toBe(404);
      expect(await attachments(applicant.id)).toEqual([]);
    });
  });
});
