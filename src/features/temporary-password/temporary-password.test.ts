import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { HOUR, MINUTE } from "../../platform/clock.ts";
import { FormError } from "../../platform/http/errors.ts";
import { verifyPassword } from "../../platform/security/passwords.ts";
import * as accounts from "../../core/accounts/queries/accounts.ts";
import { checkPassword, passwordBits } from "../../core/accounts/password-policy.ts";
import { createPlatformAdmin } from "./create-platform-admin.ts";
import { UnknownAccount } from "./errors.ts";
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LENGTH } from "../../core/accounts/generate-temporary-password.ts";
import { issueTemporaryPassword } from "./issue-temporary-password.ts";
import { buildAccount as build } from "../../../test/builders.ts";

const PASSWORD = "Ancien-Mot-2passe";
const CHOSEN = "Mon-Choix-Perso-83";

/** The test clock ticks a millisecond at each reading: "24 hours after" allows for those ticks. */
function expectAboutOneDayAfter(date: Date, before: number) {
  expect(date.getTime() - before).toBeGreaterThanOrEqual(24 * HOUR);
  expect(date.getTime() - before).toBeLessThan(24 * HOUR + 1000);
}

describe("generated temporary passwords", () => {
  it("are 14 characters from an unambiguous alphabet, always with the four classes, and satisfy the policy", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = generateTemporaryPassword("jean.dupont");
      seen.add(password);
      expect(password).toHaveLength(TEMPORARY_PASSWORD_LENGTH);
      expect(password).not.toMatch(/[0O1lIo]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[2-9]/);
      expect(password).toMatch(/[^a-zA-Z0-9]/);
      expect(checkPassword(password, { identifier: "jean.dupont" })).toBeNull();
      expect(passwordBits(password)).toBeGreaterThan(80);
    }
    expect(seen.size).toBe(500);
  });
});

describe("temporary passwords", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function buildAccount() {
    const now = t.clock.now();
    return build(t.deps.db, { password: PASSWORD, civility: "M.", lastName: "Dupont", firstName: "Jean", activatedAt: now, termsAcceptedAt: now, passwordChangedAt: now, createdAt: now, updatedAt: now });
  }

  async function logIn(login: string, password: string) {
    const browser = new TestBrowser(t.app);
    const response = await browser.submit("/connexion", { login, password });
    return { browser, response };
  }

  it("replace the password, end every session and are audited, without entering the password history", async () => {
    const account = await buildAccount();
    const { browser } = await logIn(account.identifier, PASSWORD);
    expect((await browser.get("/mon-compte")).statusCode).toBe(200);

    const before = t.clock.now().getTime();
    const issued = await issueTemporaryPassword(t.deps, account.identifier.toUpperCase(), { via: "cli" });
    expectAboutOneDayAfter(issued.expiresAt, before);
    const stored = await accounts.findAccountById(t.deps.db, account.id);
    expect(stored?.mustChangePassword).toBe(true);
    expect(stored?.temporaryPasswordExpiresAt).toEqual(issued.expiresAt);
    expect(await verifyPassword(stored?.passwordHash ?? "", issued.password)).toBe(true);
    expect(await verifyPassword(stored?.passwordHash ?? "", PASSWORD)).toBe(false);
    expect(await accounts.recentPasswordHashes(t.deps.db, account.id, 5)).toHaveLength(1);
    expect((await browser.get("/mon-compte")).headers.location).toMatch(/^\/connexion/);
    const event = await t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", account.id).where("event", "=", "account.temporary_password_issued").executeTakeFirst();
    expect(event?.details).toMatchObject({ via: "cli", expiresAt: issued.expiresAt.toISOString() });
  });

  it("cannot be issued to an unknown identifier", async () => {
    await expect(issueTemporaryPassword(t.deps, "personne")).rejects.toThrow(UnknownAccount);
  });

  it("lead from the login straight to « Choisissez votre mot de passe », and every other page redirects there", async () => {
    const account = await buildAccount();
    const { password } = await issueTemporaryPassword(t.deps, account.identifier);
    const { browser, response } = await logIn(account.identifier, password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mot-de-passe-temporaire");

    const page = await browser.get("/mot-de-passe-temporaire");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Choisissez votre mot de passe</h1>");
    expect(page.body).toContain("Il n&#39;est valable que 24 heures et doit être remplacé maintenant");
    expect(page.body).toMatch(/for="champ-newPassword">Nouveau mot de passe/);
    expect(page.body).toMatch(/for="champ-newPasswordConfirmation">Confirmation du nouveau mot de passe/);

    for (const url of ["/mon-compte", "/mon-compte/mes-informations", "/mon-compte/mot-de-passe"]) {
      const other = await browser.get(url);
      expect(other.statusCode, url).toBe(303);
      expect(other.headers.location, url).toBe("/mot-de-passe-temporaire");
    }
  });

  it("require a new password that follows the rules and differs from the temporary one (422 otherwise)", async () => {
    const account = await buildAccount();
    const { password } = await issueTemporaryPassword(t.deps, account.identifier);
    const { browser } = await logIn(account.identifier, password);
    await browser.get("/mot-de-passe-temporaire");
    const same = await browser.post("/mot-de-passe-temporaire", { newPassword: password, newPasswordConfirmation: password });
    expect(same.statusCode).toBe(422);
    expect(same.body).toContain('<a href="#champ-newPassword">Nouveau mot de passe : Votre nouveau mot de passe doit être différent du mot de passe temporaire.</a>');
    const weak = await browser.post("/mot-de-passe-temporaire", { newPassword: "motdepasse", newPasswordConfirmation: "" });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain("Le formulaire contient 2 erreurs");
    expect(weak.body).toContain("Confirmation du nouveau mot de passe : Confirmez le mot de passe.");
    const previous = await browser.post("/mot-de-passe-temporaire", { newPassword: PASSWORD, newPasswordConfirmation: PASSWORD });
    expect(previous.statusCode).toBe(422);
    expect(previous.body).toContain("différent de vos 5 derniers mots de passe");
    expect((await browser.get("/mon-compte")).headers.location).toBe("/mot-de-passe-temporaire");
  });

  it("once replaced, leave an account that works normally", async () => {
    const account = await buildAccount();
    const { password } = await issueTemporaryPassword(t.deps, account.identifier);
    const { browser } = await logIn(account.identifier, password);
    await browser.get("/mot-de-passe-temporaire");
    const response = await browser.post("/mot-de-passe-temporaire", { newPassword: CHOSEN, newPasswordConfirmation: CHOSEN });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mon-compte");
    const home = await browser.get("/mon-compte");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("Votre mot de passe a bien été modifié.");
    // The page has done its job: it now sends on to the personal space.
    expect((await browser.get("/mot-de-passe-temporaire")).headers.location).toBe("/mon-compte");

    const stored = await accounts.findAccountById(t.deps.db, account.id);
    expect(stored?.mustChangePassword).toBe(false);
    expect(stored?.temporaryPasswordExpiresAt).toBeNull();
    expect((await logIn(account.identifier, password)).response.statusCode).toBe(422);
    expect((await logIn(account.identifier, CHOSEN)).response.headers.location).toBe("/tableau-de-bord");
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", account.id).execute();
    expect(events.map((e) => e.event)).toContain("account.password_changed");
  });

  it("no longer log in after 24 hours, and say why", async () => {
    const account = await buildAccount();
    const { password } = await issueTemporaryPassword(t.deps, account.identifier);
    t.clock.advance(24 * HOUR - MINUTE);
    expect((await logIn(account.identifier, password)).response.headers.location).toBe("/mot-de-passe-temporaire");
    t.clock.advance(MINUTE);
    const { response } = await logIn(account.identifier, password);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Ce mot de passe temporaire a expiré");
  });

  it("ask anonymous visitors to log in first", async () => {
    const response = await t.app.inject("/mot-de-passe-temporaire");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/connexion?retour=%2Fmot-de-passe-temporaire");
  });
});

describe("creating a platform administrator", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("creates an active admin who must replace a 24-hour temporary password at the first login", async () => {
    const before = t.clock.now().getTime();
    const admin = await createPlatformAdmin(t.deps, { identifier: "admin.region", email: "admin@region.fr", lastName: "Durand", firstName: "Alice", civility: "Mme" }, { via: "cli" });
    expectAboutOneDayAfter(admin.expiresAt, before);
    const stored = await accounts.findAccountByIdentifier(t.deps.db, "admin.region");
    expect(stored).toMatchObject({ role: "platform_admin", status: "active", mustChangePassword: true, lastName: "Durand", civility: "Mme" });
    const browser = new TestBrowser(t.app);
    const login = await browser.submit("/connexion", { login: "admin@region.fr", password: admin.password });
    expect(login.headers.location).toBe("/mot-de-passe-temporaire");
    const audit = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", stored?.id ?? "").execute();
    expect(audit.map((e) => e.event)).toEqual(["account.created_by_admin", "account.login_succeeded"]);
  });

  it("refuses what registration refuses, and identifiers or addresses already taken", async () => {
    const refusal = async (input: Parameters<typeof createPlatformAdmin>[1]) => {
      try {
        await createPlatformAdmin(t.deps, input);
      } catch (error) {
        if (error instanceof FormError) return error.errors;
        throw error;
      }
      throw new Error("accepted");
    };
    expect(await refusal({ identifier: "a b", email: "x@y.fr" })).toHaveProperty("identifier");
    expect(await refusal({ identifier: "admin2", email: "pas-une-adresse" })).toHaveProperty("email");
    expect(await refusal({ identifier: "admin2", email: "x@y.fr", civility: "Dr" })).toHaveProperty("civility");
    expect(await refusal({ identifier: "ADMIN.REGION", email: "autre@region.fr" })).toEqual({ identifier: "L'identifiant « ADMIN.REGION » est déjà utilisé." });
    expect(await refusal({ identifier: "admin2", email: "Admin@Region.fr" })).toEqual({ email: "Un compte existe déjà avec l'adresse Admin@Region.fr." });
  });
});
