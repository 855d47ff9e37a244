import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOUR } from "../../platform/clock.ts";
import { WAIT_LIFETIME_MS, WAIT_MIN_MS, WAIT_MESSAGES, WAITS_PER_ADDRESS_PER_HOUR } from "../../platform/captcha.ts";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { waitTokenIn } from "../../../test/captcha.ts";
import { mailsTo } from "../../../test/mails.ts";
import { buildAccount } from "../../../test/builders.ts";
import { buildRegisterEntry } from "../../../test/organisations.ts";

// Without JavaScript the captcha's widget never runs: the browser posts, in the same `altcha`
// field, the "short wait" token its page carried in <noscript>.

let t: TestApp;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  counter += 1;
});

function person(suffix = "") {
  const id = `sans.js.${counter}${suffix}`;
  return {
    identifier: id,
    password: "Glycine@Mauve46",
    passwordConfirmation: "Glycine@Mauve46",
    civility: "M.",
    lastName: "Petit",
    firstName: "Noé",
    email: `${id}@exemple.fr`,
    emailConfirmation: `${id}@exemple.fr`,
    terms: "oui",
  };
}

/** Opens the page as a browser without JavaScript and keeps the token it carries. */
async function openForm(browser: TestBrowser, path = "/creer-un-compte") {
  const page = await browser.get(path);
  return waitTokenIn(page.body);
}

const accountNamed = (identifier: string) => t.deps.db.selectFrom("accounts").select(["id", "status"]).where("identifier", "=", identifier).executeTakeFirst();
const escaped = (text: string) => text.replaceAll("'", "&#39;");

describe("Créer un compte without JavaScript", () => {
  it("carries a signed short-wait token in <noscript>, in the altcha field, and says what happens", async () => {
    const page = (await new TestBrowser(t.app).get("/creer-un-compte")).body;
    expect(waitTokenIn(page)).toMatch(/^attente\.\d+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(page).toContain("la vérification anti-robot se fait sans case à cocher");
    // The widget is still there for browsers that run it.
    expect(page).toContain('<altcha-widget challenge="/captcha/challenge" name="altcha"');
  });

  it("creates the account once the page has been open a few seconds, and audits the check", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(WAIT_MIN_MS);
    const form = person();
    const response = await browser.post("/creer-un-compte", { ...form, altcha: token });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Vérifiez votre messagerie");
    expect(await accountNamed(form.identifier)).toMatchObject({ status: "pending" });
    const [mail] = await mailsTo(t.deps.db, form.email);
    expect(mail?.subject).toContain("Activez votre compte");
    const events = await t.deps.db.selectFrom("auditEvents").select(["event", "ip", "details"]).where("event", "like", "captcha.%").where("ip", "=", browser.ip).execute();
    expect(events).toEqual([{ event: "captcha.wait_accepted", ip: browser.ip, details: { address: browser.ip, presentedThisHour: 1 } }]);
  });

  it("refuses a form sent too soon after the page was served, keeping what was typed, and accepts the same page a little later", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(WAIT_MIN_MS - 1000);
    const form = person();
    const early = await browser.post("/creer-un-compte", { ...form, altcha: token });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('href="#champ-altcha"');
    expect(early.body).toContain(escaped(WAIT_MESSAGES.tooEarly));
    expect(early.body).toContain(`value="${form.identifier}"`);
    expect(early.body).toContain(`value="${form.email}"`);
    expect(early.body).not.toContain(form.password);
    expect(await accountNamed(form.identifier)).toBeUndefined();
    // The page shown again carries a new token that keeps the first page's time: the wait does
    // not start over.
    const again = waitTokenIn(early.body);
    expect(again).not.toBe(token);
    expect(again.split(".")[1]).toBe(token.split(".")[1]);

    t.clock.advance(1000);
    expect((await browser.post("/creer-un-compte", { ...form, altcha: again })).statusCode).toBe(200);
    expect(await accountNamed(form.identifier)).toBeDefined();
  });

  it("leaves the first token unused when the form is refused too early: that same page goes through a little later", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    expect((await browser.post("/creer-un-compte", { ...person(), altcha: token })).statusCode).toBe(422);
    t.clock.advance(WAIT_MIN_MS);
    expect((await browser.post("/creer-un-compte", { ...person(), altcha: token })).statusCode).toBe(200);
  });

  it("refuses a token older than its lifetime, and the page shown again carries one that works", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(WAIT_LIFETIME_MS);
    const form = person();
    const expired = await browser.post("/creer-un-compte", { ...form, altcha: token });
    expect(expired.statusCode).toBe(422);
    expect(expired.body).toContain(escaped(WAIT_MESSAGES.expired));
    expect(await accountNamed(form.identifier)).toBeUndefined();

    t.clock.advance(WAIT_MIN_MS);
    expect((await browser.post("/creer-un-compte", { ...form, altcha: waitTokenIn(expired.body) })).statusCode).toBe(200);
  });

  it("accepts a token once: one page, one account", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    const csrf = browser.csrfToken();
    t.clock.advance(WAIT_MIN_MS);
    expect((await browser.post("/creer-un-compte", { ...person("a"), altcha: token })).statusCode).toBe(200);
    const again = await browser.post("/creer-un-compte", { ...person("b"), altcha: token }, { csrf });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain(escaped(WAIT_MESSAGES.used));
    expect(await accountNamed(person("b").identifier)).toBeUndefined();
  });

  it("does not use the token up while other fields are wrong, and reports it with them", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(WAIT_MIN_MS);
    const wrong = await browser.post("/creer-un-compte", { ...person(), lastName: "", altcha: token });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('href="#champ-lastName"');
    expect(wrong.body).not.toContain('href="#champ-altcha"');
    expect((await browser.post("/creer-un-compte", { ...person(), altcha: token })).statusCode).toBe(200);
  });

  it("refuses forged tokens: another time, another address, another key, garbage", async () => {
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(HOUR);
    const [prefix, issuedAt, address, nonce, signature] = token.split(".") as [string, string, string, string, string];
    const forged = [
      [prefix, String(Number(issuedAt) - HOUR), address, nonce, signature].join("."),
      [prefix, issuedAt, Buffer.from("192.0.2.99").toString("base64url"), nonce, signature].join("."),
      [prefix, issuedAt, address, nonce, "A".repeat(43)].join("."),
      `${token}.extra`,
      "attente.",
      "attente.1.2.3.4",
      `attente.${"9".repeat(400)}`,
    ];
    for (const altcha of forged) {
      const response = await browser.post("/creer-un-compte", { ...person(), altcha });
      expect(response.statusCode, altcha).toBe(422);
      expect(response.body).toContain(escaped(WAIT_MESSAGES.invalid));
    }
    expect(await accountNamed(person().identifier)).toBeUndefined();
    expect((await browser.post("/creer-un-compte", { ...person(), altcha: token })).statusCode).toBe(200);
  });

  it(`stops bulk creation: ${WAITS_PER_ADDRESS_PER_HOUR} accounts per hour from one address, then refused and audited; other addresses go on`, async () => {
    const robot = new TestBrowser(t.app, { ip: "203.0.113.7" });
    for (let i = 0; i < WAITS_PER_ADDRESS_PER_HOUR; i += 1) {
      const token = await openForm(robot);
      t.clock.advance(WAIT_MIN_MS);
      const created = await robot.post("/creer-un-compte", { ...person(`r${i}`), altcha: token });
      expect(created.statusCode, `account ${i + 1}`).toBe(200);
    }
    const token = await openForm(robot);
    t.clock.advance(WAIT_MIN_MS);
    const refused = await robot.post("/creer-un-compte", { ...person("r-more"), altcha: token });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(escaped(WAIT_MESSAGES.tooMany));
    expect(refused.body).toContain(`value="${person("r-more").identifier}"`);
    expect(await accountNamed(person("r-more").identifier)).toBeUndefined();
    const refusals = await t.deps.db.selectFrom("auditEvents").select(["ip", "details"]).where("event", "=", "captcha.wait_refused").execute();
    expect(refusals).toContainEqual({ ip: "203.0.113.7", details: { address: "203.0.113.7", presentedThisHour: WAITS_PER_ADDRESS_PER_HOUR + 1 } });

    // Someone else is not held back by the robot.
    const neighbour = new TestBrowser(t.app, { ip: "203.0.113.8" });
    const theirs = await openForm(neighbour);
    t.clock.advance(WAIT_MIN_MS);
    expect((await neighbour.post("/creer-un-compte", { ...person("n"), altcha: theirs })).statusCode).toBe(200);

    // An hour after the robot stopped, its address gets its submissions back.
    t.clock.advance(HOUR);
    const later = await openForm(robot);
    t.clock.advance(WAIT_MIN_MS);
    expect((await robot.post("/creer-un-compte", { ...person("r-later"), altcha: later })).statusCode).toBe(200);
  });

  it("counts one IPv6 subscriber (a /64) as one address", async () => {
    const tokens: string[] = [];
    for (let i = 0; i <= WAITS_PER_ADDRESS_PER_HOUR; i += 1) tokens.push(await openForm(new TestBrowser(t.app, { ip: `2001:db8:12:34::${(i + 1).toString(16)}` })));
    t.clock.advance(WAIT_MIN_MS);
    const statuses: number[] = [];
    for (const [i, token] of tokens.entries()) {
      const browser = new TestBrowser(t.app, { ip: `2001:db8:12:34:ffff::${i}` });
      await browser.get("/creer-un-compte");
      statuses.push((await browser.post("/creer-un-compte", { ...person(`v6-${i}`), altcha: token })).statusCode);
    }
    expect(statuses).toEqual([...Array<number>(WAITS_PER_ADDRESS_PER_HOUR).fill(200), 422]);
  });

  it("says the same words whether the address already has an account", async () => {
    const existing = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser);
    t.clock.advance(WAIT_MIN_MS);
    const response = await browser.post("/creer-un-compte", { ...person(), email: existing.email, emailConfirmation: existing.email, altcha: token });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Vérifiez votre messagerie");
    const [reminder] = await mailsTo(t.deps.db, existing.email);
    expect(reminder?.subject).not.toContain("Activez votre compte");
  });
});

describe("Créer mon compte avec mon numéro client, without JavaScript", () => {
  it("passes step 1 with the page's token, once", async () => {
    const entry = await buildRegisterEntry(t.deps.db, { name: "OFFICE PUBLIC SANS SCRIPT" });
    const browser = new TestBrowser(t.app);
    const token = await openForm(browser, "/creer-un-compte/numero-client");
    const early = await browser.post("/creer-un-compte/numero-client", { numero: entry.clientNumber, altcha: token });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain(escaped(WAIT_MESSAGES.tooEarly));
    expect(early.body).toContain(`value="${entry.clientNumber}"`);

    t.clock.advance(WAIT_MIN_MS);
    const step2 = await browser.post("/creer-un-compte/numero-client", { numero: entry.clientNumber, altcha: token });
    expect(step2.statusCode).toBe(200);
    expect(step2.body).toContain("Étape 2 sur 2");
    const again = await browser.post("/creer-un-compte/numero-client", { numero: entry.clientNumber, altcha: token });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain(escaped(WAIT_MESSAGES.used));
  });
});
