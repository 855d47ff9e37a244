import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR, MINUTE } from "../../platform/clock.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../../platform/sessions/sessions.ts";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { solveCaptcha, waitTokenIn } from "../../../test/captcha.ts";
import { WAIT_MESSAGES, WAIT_MIN_MS } from "../../platform/captcha.ts";
import { buildAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { loadTestProcedures } from "../../../test/instruction.ts";

let t: TestApp;
let counter = 0;
const password = "Tournesol-2026!";

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Mixed-case identifier and address, so that matching "ignoring case" is really exercised. */
async function account(overrides: { status?: "active" | "pending" } = {}) {
  counter += 1;
  const now = t.clock.now();
  return buildAccount(t.deps.db, {
    identifier: `Jean.Dupont${counter}`,
    email: `Jean.Dupont${counter}@Exemple.fr`,
    civility: "M.",
    lastName: "Dupont",
    firstName: "Jean",
    password,
    status: overrides.status ?? "active",
    activatedAt: overrides.status === "pending" ? null : now,
    termsAcceptedAt: now,
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
}

async function logIn(browser: TestBrowser, login: string, secret = password, extra: Record<string, string> = {}) {
  await browser.get("/connexion");
  return browser.post("/connexion", { login, password: secret, ...extra });
}

describe("Se connecter", () => {
  it("shows the guide's labels and links", async () => {
    const page = (await new TestBrowser(t.app).get("/connexion")).body;
    for (const text of ["Identifiant ou adresse électronique", "Mot de passe", "Se connecter", "Récupérer mes informations de connexion", "Créer un compte"])
      expect(page).toContain(text);
  });

  it("logs in by identifier or by address, ignoring case and surrounding spaces", async () => {
    const jean = await account();
    for (const login of [jean.identifier, `  ${jean.identifier.toUpperCase()} `, jean.email.toLowerCase(), ` ${jean.email.toUpperCase()}`]) {
      const browser = new TestBrowser(t.app);
      const response = await logIn(browser, login);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/tableau-de-bord");
      expect(browser.cookie("guichet_session")).toBeTruthy();
    }
  });

  it("sets an HttpOnly, SameSite=Lax session cookie, and stores only its hash", async () => {
    const jean = await account();
    const response = await logIn(new TestBrowser(t.app), jean.identifier);
    const cookie = String(response.headers["set-cookie"]).split(/,(?=\s*guichet)/).find((c) => c.includes("guichet_session=")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = /guichet_session=([^;]+)/.exec(cookie)?.[1];
    const stored = await t.deps.db.selectFrom("sessions").select("tokenHash").where("accountId", "=", jean.id).execute();
    expect(stored.map((row) => row.tokenHash)).not.toContain(token);
  });

  it("answers the same words for an unknown login and a wrong password", async () => {
    const jean = await account();
    const unknown = await logIn(new TestBrowser(t.app), "personne.inconnue");
    const wrong = await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026");
    expect(unknown.statusCode).toBe(422);
    expect(wrong.statusCode).toBe(422);
    const message = (body: string) => /<p class="error-summary__title">([^<]+)<\/p>/.exec(body)?.[1];
    expect(message(unknown.body)).toBe("Identifiant ou mot de passe incorrect.");
    expect(message(wrong.body)).toBe(message(unknown.body));
    expect(wrong.body).toContain(`value="${jean.identifier}"`);
    expect(wrong.body).not.toContain("Mauvais-Mot-2026");
  });

  it("spends the same Argon2id work whether or not the account exists", async () => {
    const jean = await account();
    const time = async (login: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 9; i += 1) {
        const browser = new TestBrowser(t.app);
        await browser.get("/connexion");
        const start = performance.now();
        await browser.post("/connexion", { login, password: "Mauvais-Mot-2026" });
        samples.push(performance.now() - start);
        // Otherwise the captcha would soon be required and answer before any password check.
        await t.deps.db.deleteFrom("throttles").execute();
      }
      // The fastest sample is the one least disturbed by whatever else the machine is doing.
      return Math.min(...samples);
    };
    const known = await time(jean.identifier);
    const unknown = await time(`inconnu.${counter}`);
    // Both include one Argon2id verification (~15 ms or more); without the dummy verification, the unknown case would be several times faster.
    // Wide bounds, for machines under load: without the dummy verification the ratio is below 0.1.
    expect(unknown / known).toBeGreaterThan(0.33);
    expect(unknown / known).toBeLessThan(3);
  });

  it("asks for the empty fields", async () => {
    const response = await logIn(new TestBrowser(t.app), "", "");
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Saisissez votre identifiant ou votre adresse électronique.");
    expect(response.body).toContain("Saisissez votre mot de passe.");
    expect(response.body).toContain('href="#champ-login"');
  });

  it("refuses an account that is not activated yet and offers a new link", async () => {
    const pending = await account({ status: "pending" });
    const response = await logIn(new TestBrowser(t.app), pending.identifier);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("Votre compte n&#39;est pas encore activé");
    expect(response.body).toContain('action="/activer-mon-compte/nouveau-lien"');
  });

  it("lands agents on their work and platform admins on the administration, a return path still winning", async () => {
    for (const [role, landing] of [
      ["agent", "/instruction"],
      ["platform_admin", "/administration"],
      ["applicant", "/tableau-de-bord"],
    ] as const) {
      counter += 1;
      const staff = await buildAccount(t.deps.db, { role, identifier: `staff.${role}.${counter}`, email: `staff.${role}.${counter}@exemple.fr`, password });
      const browser = new TestBrowser(t.app);
      expect((await logIn(browser, staff.identifier)).headers.location).toBe(landing);
      // The login page, signed in, sends on to the same place.
      expect((await browser.get("/connexion")).headers.location).toBe(landing);
      const returning = new TestBrowser(t.app);
      await returning.get("/connexion?retour=%2Fmon-compte");
      expect((await returning.post("/connexion", { login: staff.identifier, password, retour: "/mon-compte" })).headers.location).toBe("/mon-compte");
      const astray = new TestBrowser(t.app);
      expect((await logIn(astray, staff.identifier, password, { retour: "//evil.example" })).headers.location).toBe(landing);
    }
  });

  describe("the landing of staff with several duties", () => {
    let procedureId: string;
    beforeAll(async () => {
      procedureId = (await loadTestProcedures(t.deps)).aid.id;
    });

    /** A staff account with the given duties: named to the support, attached to the aid procedure. */
    async function staff(role: "agent" | "platform_admin", duties: { support?: boolean; procedure?: boolean }) {
      counter += 1;
      const built = await buildAccount(t.deps.db, { role, identifier: `duties.${counter}`, email: `duties.${counter}@exemple.fr`, password });
      if (duties.support) await t.deps.db.insertInto("supportAgents").values({ accountId: built.id, grantedBy: null, grantedAt: t.clock.now() }).execute();
      if (duties.procedure) await t.deps.db.insertInto("procedureAgents").values({ procedureId, accountId: built.id, createdAt: t.clock.now() }).execute();
      return built;
    }

    for (const [who, role, duties, landing] of [
      ["a support agent attached to no procedure", "agent", { support: true }, "/support"],
      ["a case worker attached to a procedure", "agent", { procedure: true }, "/instruction"],
      ["a case worker also named to the support (their own requests first)", "agent", { support: true, procedure: true }, "/instruction"],
      ["a platform admin named to the support (daily work before configuration)", "platform_admin", { support: true }, "/support"],
      ["a platform admin", "platform_admin", {}, "/administration"],
    ] as const) {
      it(`lands ${who} on ${landing}, and the page opens`, async () => {
        const account = await staff(role, duties);
        const browser = new TestBrowser(t.app);
        expect((await logIn(browser, account.identifier)).headers.location).toBe(landing);
        expect((await browser.get("/connexion")).headers.location).toBe(landing);
        const page = await browser.get(landing);
        expect(page.statusCode).toBe(200);
        // The other places stay linked: the header for the role, the dashboard for the support.
        if (role === "agent") expect(page.body).toContain('href="/instruction"');
        if (role === "platform_admin") expect(page.body).toContain('href="/administration"');
        expect(page.body).toContain('href="/tableau-de-bord"');
        if (duties.support) expect((await browser.get("/tableau-de-bord")).body).toContain('href="/support"');
        // A return path still wins.
        const returning = new TestBrowser(t.app);
        await returning.get("/connexion?retour=%2Fmon-compte");
        expect((await returning.post("/connexion", { login: account.identifier, password, retour: "/mon-compte" })).headers.location).toBe("/mon-compte");
      });
    }

    it("takes an agent removed from the support back to /instruction", async () => {
      const account = await staff("agent", { support: true });
      await t.deps.db.deleteFrom("supportAgents").where("accountId", "=", account.id).execute();
      expect((await logIn(new TestBrowser(t.app), account.identifier)).headers.location).toBe("/instruction");
    });
  });

  it("returns to the page asked for before logging in, but never to another site", async () => {
    const jean = await account();
    const browser = new TestBrowser(t.app);
    const page = await browser.get("/connexion?retour=%2Fmon-compte%2Fmot-de-passe");
    expect(page.body).toContain('name="retour" value="/mon-compte/mot-de-passe"');
    const response = await browser.post("/connexion", { login: jean.identifier, password, retour: "/mon-compte/mot-de-passe" });
    expect(response.headers.location).toBe("/mon-compte/mot-de-passe");
    for (const retour of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/\n//evil.example"]) {
      const other = new TestBrowser(t.app);
      await other.get("/connexion");
      const away = await other.post("/connexion", { login: jean.identifier, password, retour });
      expect(away.headers.location).toBe("/tableau-de-bord");
    }
  });

  it("renews the session at login: the session the browser had before is ended", async () => {
    const jean = await account();
    const browser = new TestBrowser(t.app);
    await logIn(browser, jean.identifier);
    const first = browser.cookie("guichet_session");
    await browser.post("/connexion", { login: jean.identifier, password });
    expect(browser.cookie("guichet_session")).not.toBe(first);
    const sessions = await t.deps.db.selectFrom("sessions").select("id").where("accountId", "=", jean.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it("records successes and failures in the audit trail, which cannot be rewritten", async () => {
    const jean = await account();
    await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026");
    await logIn(new TestBrowser(t.app), jean.identifier);
    const events = await t.deps.db.selectFrom("auditEvents").select("event").where("accountId", "=", jean.id).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["account.login_failed", "account.login_succeeded"]);
    await expect(t.deps.db.deleteFrom("auditEvents").where("accountId", "=", jean.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe("Throttling", () => {
  it("asks for a captcha after 3 failures, then delays attempts with growing waits, and warns the owner once", async () => {
    const jean = await account();
    for (let i = 0; i < 3; i += 1) await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026");
    const browser = new TestBrowser(t.app);
    const needsCaptcha = await logIn(browser, jean.identifier);
    expect(needsCaptcha.statusCode).toBe(422);
    expect(needsCaptcha.body).toContain("vérification anti-robot est demandée");
    expect(needsCaptcha.body).toContain("<altcha-widget");

    for (let i = 0; i < 2; i += 1) {
      const attempt = await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026", { altcha: await solveCaptcha(t.app) });
      expect(attempt.statusCode).toBe(422);
    }
    // 5 failures: even the right password waits a minute, and the owner is told by mail.
    const blocked = await logIn(new TestBrowser(t.app), jean.identifier, password, { altcha: await solveCaptcha(t.app) });
    expect(blocked.body).toContain("patientez 1 minute");
    const warnings = (await mailsTo(t.deps.db, jean.email)).filter((mail) => mail.subject.includes("Tentatives de connexion"));
    expect(warnings).toHaveLength(1);

    t.clock.advance(MINUTE + 1);
    await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026", { altcha: await solveCaptcha(t.app) });
    const longer = await logIn(new TestBrowser(t.app), jean.identifier, password, { altcha: await solveCaptcha(t.app) });
    expect(longer.body).toContain("patientez 2 minutes");
    expect((await mailsTo(t.deps.db, jean.email)).filter((mail) => mail.subject.includes("Tentatives de connexion"))).toHaveLength(1);

    // Never a permanent lock: once the delay has passed, the right password works.
    t.clock.advance(2 * MINUTE + 1);
    const ok = await logIn(new TestBrowser(t.app), jean.identifier, password, { altcha: await solveCaptcha(t.app) });
    expect(ok.statusCode).toBe(303);
  });

  it("lets a browser without JavaScript through the captcha with its page's short-wait token", async () => {
    const jean = await account();
    for (let i = 0; i < 3; i += 1) await logIn(new TestBrowser(t.app), jean.identifier, "Mauvais-Mot-2026");
    const browser = new TestBrowser(t.app);
    const needsCaptcha = await logIn(browser, jean.identifier);
    expect(needsCaptcha.statusCode).toBe(422);
    const token = waitTokenIn(needsCaptcha.body);
    const early = await browser.post("/connexion", { login: jean.identifier, password, altcha: token });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain(WAIT_MESSAGES.tooEarly.replaceAll("'", "&#39;"));
    t.clock.advance(WAIT_MIN_MS);
    const ok = await browser.post("/connexion", { login: jean.identifier, password, altcha: token });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/tableau-de-bord");
  });

  it("throttles an unknown login exactly like a known one", async () => {
    for (let i = 0; i < 3; i += 1) await logIn(new TestBrowser(t.app), "fantome.inconnu", "Mauvais-Mot-2026");
    const response = await logIn(new TestBrowser(t.app), "fantome.inconnu", "Mauvais-Mot-2026");
    expect(response.body).toContain("vérification anti-robot est demandée");
  });
});

describe("Sessions", () => {
  it("end after 30 minutes without activity", async () => {
    const jean = await account();
    const browser = new TestBrowser(t.app);
    await logIn(browser, jean.identifier);
    t.clock.advance(SESSION_IDLE_MS - MINUTE);
    expect((await browser.get("/")).body).toContain("Mon compte");
    t.clock.advance(SESSION_IDLE_MS - MINUTE);
    expect((await browser.get("/")).body).toContain("Mon compte");
    t.clock.advance(SESSION_IDLE_MS + 1);
    expect((await browser.get("/")).body).not.toContain("Mon compte (");
  });

  it("end 12 hours after login even when active", async () => {
    const jean = await account();
    const browser = new TestBrowser(t.app);
    await logIn(browser, jean.identifier);
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - HOUR; elapsed += 20 * MINUTE) {
      t.clock.advance(20 * MINUTE);
      expect((await browser.get("/")).body).toContain("Mon compte (");
    }
    t.clock.advance(HOUR + 1);
    expect((await browser.get("/")).body).not.toContain("Mon compte (");
  });

  it("Se déconnecter ends the session on the server", async () => {
    const jean = await account();
    const browser = new TestBrowser(t.app);
    await logIn(browser, jean.identifier);
    const token = browser.cookie("guichet_session");
    await browser.get("/");
    const response = await browser.post("/deconnexion", {});
    expect(response.statusCode).toBe(303);
    expect((await browser.get("/")).body).toContain("Vous êtes déconnecté.");
    const replay = await t.app.inject({ url: "/", headers: { cookie: `guichet_session=${token}` } });
    expect(replay.body).not.toContain("Mon compte (");
  });

  it("ignores a forged session cookie", async () => {
    const response = await t.app.inject({ url: "/", headers: { cookie: "guichet_session=forged" } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/connexion"');
  });
});
