import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { NO_PASSWORD } from "../../platform/security/passwords.ts";

/** hono escapes apostrophes. */
const text = (html: string) => html.replaceAll("&#39;", "'");

/**
 * An account created with FranceConnect has no password until its owner chooses one: the pages
 * that ask for the current password must say so, not call every answer wrong and count it as a
 * failed guess.
 */
describe("Mon compte, for an account without a password (created with FranceConnect)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function signedInWithoutPassword() {
    const signed = await signedInAccount(t);
    await t.deps.db.updateTable("accounts").set({ passwordHash: NO_PASSWORD }).where("id", "=", signed.account.id).execute();
    return signed;
  }
  const failures = (accountId: string) =>
    t.deps.db.selectFrom("auditEvents").select("id").where("accountId", "=", accountId).where("event", "=", "account.password_check_failed").execute();

  const pages: { path: string; fields: Record<string, string> }[] = [
    { path: "/mon-compte/supprimer", fields: { password: "Un-mot-de-passe-1", confirmation: "oui" } },
    { path: "/mon-compte/adresse-electronique", fields: { newEmail: "nouvelle@exemple.fr", newEmailConfirmation: "nouvelle@exemple.fr", password: "Un-mot-de-passe-1" } },
    { path: "/mon-compte/mot-de-passe", fields: { currentPassword: "Un-mot-de-passe-1", newPassword: "Tout-nouveau-Mot-2026", newPasswordConfirmation: "Tout-nouveau-Mot-2026" } },
  ];

  for (const { path, fields } of pages)
    it(`${path}: says to choose a password first, and counts no failed guess`, async () => {
      const { account, browser } = await signedInWithoutPassword();
      for (let i = 0; i < 6; i++) {
        await browser.get(path);
        const response = await browser.post(path, fields);
        expect(response.statusCode).toBe(422);
        expect(text(response.body)).toContain("Votre compte n'a pas encore de mot de passe");
        expect(text(response.body)).not.toContain("Trop d'essais ont échoué");
      }
      expect(await failures(account.id)).toHaveLength(0);
      expect(await t.deps.db.selectFrom("accounts").select("id").where("id", "=", account.id).executeTakeFirst()).toBeDefined();
    });
});
