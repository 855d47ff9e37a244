import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { checkPassword } from "../accounts/password-policy.ts";
import * as accounts from "../accounts/queries.ts";
import { demoAccounts, seedDemoData } from "./seed-demo-data.ts";

describe("demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("uses known passwords that satisfy the policy", () => {
    for (const demo of demoAccounts) expect(checkPassword(demo.password, { identifier: demo.identifier }), demo.identifier).toBeNull();
  });

  it("creates an active applicant and an active platform admin, and lists them with their role in French", async () => {
    const listed = await seedDemoData(t.deps);
    expect(listed).toEqual([
      { identifier: "demo.usager", password: "Usager-Demo-2026!", role: "Usager" },
      { identifier: "demo.admin", password: "Admin-Demo-2026!", role: "Administrateur du portail" },
    ]);
    const applicant = await accounts.findAccountByIdentifier(t.deps.db, "demo.usager");
    expect(applicant).toMatchObject({ civility: "Mme", lastName: "Martin", firstName: "Camille", email: "camille.martin@exemple.fr", role: "applicant", status: "active", mustChangePassword: false });
    expect(await accounts.findAccountByIdentifier(t.deps.db, "demo.admin")).toMatchObject({ role: "platform_admin", status: "active" });
  });

  it("lets each demo account log in with the printed password", async () => {
    for (const demo of await seedDemoData(t.deps)) {
      const browser = new TestBrowser(t.app);
      const response = await browser.submit("/connexion", { login: demo.identifier, password: demo.password });
      expect(response.headers.location, demo.identifier).toBe("/mon-compte");
    }
  });

  it("is idempotent: a second start creates nothing and leaves the accounts as they are", async () => {
    const before = await t.deps.db.selectFrom("accounts").selectAll().orderBy("identifier").execute();
    expect(await seedDemoData(t.deps)).toHaveLength(2);
    const after = await t.deps.db.selectFrom("accounts").selectAll().orderBy("identifier").execute();
    expect(after).toEqual(before);
  });
});
