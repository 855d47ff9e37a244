import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { buildAccount, signedInAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { DAY } from "../../platform/clock.ts";
import type { LetterBlock } from "../../platform/db/schema.ts";
import { CODE_ALPHABET, CODE_LENGTH } from "../../core/organisations/activation-code.ts";

describe("becoming the organisation's administrator by a code sent by post", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A first member of a new organisation, signed in, on the administrator page. */
  async function firstMember(fields: Parameters<typeof buildOrganisation>[1] = {}) {
    const organisation = await buildOrganisation(t.deps.db, fields);
    const { account, browser } = await signedInAccount(t);
    await addMember(t.deps.db, organisation, account);
    await browser.get(`/structures/${organisation.id}/administrateur`);
    return { organisation, account, browser };
  }

  async function requestLetter(browser: Awaited<ReturnType<typeof firstMember>>["browser"], organisationId: string) {
    await browser.get(`/structures/${organisationId}/administrateur`);
    return browser.post(`/structures/${organisationId}/administrateur/courrier`, {});
  }

  /** The code printed on the newest letter for an organisation, read from the letter's content. */
  async function codeOfLatestLetter(organisationId: string) {
    const letter = await t.deps.db
      .selectFrom("letters")
      .innerJoin("adminActivationCodes", "adminActivationCodes.letterId", "letters.id")
      .select(["letters.id", "letters.body", "letters.status"])
      .where("adminActivationCodes.organisationId", "=", organisationId)
      .orderBy("adminActivationCodes.createdAt", "desc")
      .executeTakeFirstOrThrow();
    const block = (letter.body as LetterBlock[]).find((item) => item.type === "code");
    if (block?.type !== "code") throw new Error("No code on the letter");
    return { code: block.code, letter };
  }

  const membershipOf = (organisationId: string, accountId: string) =>
    t.deps.db.selectFrom("memberships").selectAll().where("organisationId", "=", organisationId).where("accountId", "=", accountId).executeTakeFirstOrThrow();

  it("offers the first member the role, with the seed's explanation and where the letter will go", async () => {
    const { browser, organisation } = await firstMember({ legalRepresentative: "Monsieur le Maire", addressLine: "1 place de la Mairie", postalCode: "66500", communeName: "Eus" });
    const page = await browser.get(`/structures/${organisation.id}/administrateur`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Étant le premier utilisateur à vous déclarer pour cet établissement");
    expect(page.body).toContain("Accepter le rôle d&#39;administrateur");
    expect(page.body).toContain("À l&#39;attention de Monsieur le Maire");
    expect(page.body).toContain("66500 EUS");
  });

  it("sends the legal representative a letter at the register's address, naming nobody, with a 30-day code", async () => {
    const { browser, organisation, account } = await firstMember({ name: "COMMUNE DE CODALET", legalRepresentative: "Monsieur le Maire" });
    const requested = await requestLetter(browser, organisation.id);
    expect(requested.statusCode).toBe(303);
    const { code, letter } = await codeOfLatestLetter(organisation.id);
    expect(code.replace(" ", "")).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
    const row = await t.deps.db.selectFrom("letters").selectAll().where("id", "=", letter.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ recipientName: "COMMUNE DE CODALET", recipientDetail: "À l'attention de Monsieur le Maire", recipientPostalCode: "66500" });
    const text = JSON.stringify(row.body);
    expect(text).not.toContain(account.lastName);
    expect(text).not.toContain(account.email);
    const stored = await t.deps.db.selectFrom("adminActivationCodes").selectAll().where("letterId", "=", letter.id).executeTakeFirstOrThrow();
    expect(stored.codeHash).not.toContain(code.replace(" ", ""));
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(30 * DAY);
    // The page now says the letter has not left yet, and asks for the code.
    const page = await browser.get(`/structures/${organisation.id}/administrateur`);
    expect(page.body).toContain("Il n&#39;est pas encore parti");
    expect(page.body).toContain("Code d&#39;activation");
    // What happened and what comes next, never the offer again (issue 13).
    expect(page.body).toContain("<strong>Vous avez accepté de devenir administrateur</strong> de cette structure : un courrier postal contenant le code d&#39;activation va être");
    expect(page.body).not.toContain("Si vous acceptez");
    expect(page.body).not.toContain("Étant le premier utilisateur");
  });

  it("points the way from the organisation's page while it has no administrator", async () => {
    const { browser, organisation } = await firstMember();
    expect((await browser.get(`/structures/${organisation.id}`)).body).toContain("Devenir administrateur de la structure");
    await requestLetter(browser, organisation.id);
    expect((await browser.get(`/structures/${organisation.id}`)).body).toContain("Saisir le code d&#39;activation");
  });

  it("says when the letter left, once the outbox marks it posted", async () => {
    const { browser, organisation } = await firstMember();
    await requestLetter(browser, organisation.id);
    const { letter } = await codeOfLatestLetter(organisation.id);
    await t.deps.db.updateTable("letters").set({ status: "posted", postedAt: t.clock.now() }).where("id", "=", letter.id).execute();
    expect((await browser.get(`/structures/${organisation.id}/administrateur`)).body).toContain("Il est parti le");
  });

  it("makes the member administrator with the right code, typed in lower case with spaces", async () => {
    const { browser, organisation, account } = await firstMember();
    await requestLetter(browser, organisation.id);
    const { code } = await codeOfLatestLetter(organisation.id);
    await browser.get(`/structures/${organisation.id}/administrateur`);
    const entered = await browser.post(`/structures/${organisation.id}/administrateur/code`, { code: ` ${code.toLowerCase()} ` });
    expect(entered.statusCode).toBe(303);
    expect(entered.headers.location).toBe(`/structures/${organisation.id}`);
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ status: "active", isAdmin: true });
    const event = await t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", "organisation.administrator_activated").where("accountId", "=", account.id).executeTakeFirst();
    expect(event).toBeDefined();
    // The code cannot be used twice, and the page now says the person is administrator.
    expect((await browser.get(`/structures/${organisation.id}/administrateur`)).body).toContain("Vous êtes administrateur de cette structure");
  });

  it("refuses a sixth attempt, even with the right code", async () => {
    const { browser, organisation, account } = await firstMember();
    await requestLetter(browser, organisation.id);
    const { code } = await codeOfLatestLetter(organisation.id);
    const wrong = code.startsWith("A") ? "CCCCCCCCCC" : "AAAAAAAAAA";
    for (let attempt = 1; attempt <= 5; attempt++) {
      await browser.get(`/structures/${organisation.id}/administrateur`);
      const response = await browser.post(`/structures/${organisation.id}/administrateur/code`, { code: wrong });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(attempt < 5 ? `il vous reste ${5 - attempt} essai` : "Après 5 essais, il ne fonctionne plus");
    }
    const sixth = await browser.post(`/structures/${organisation.id}/administrateur/code`, { code });
    expect(sixth.statusCode).toBe(422);
    expect(sixth.body).toContain("Vous avez fait 5 essais");
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ isAdmin: false });
  });

  it("refuses an expired code", async () => {
    const { browser, organisation, account } = await firstMember();
    await requestLetter(browser, organisation.id);
    const { code } = await codeOfLatestLetter(organisation.id);
    t.clock.advance(31 * DAY);
    await browser.get(`/structures/${organisation.id}/administrateur`).catch(() => undefined);
    // The session expired with the clock: sign in again.
    const again = await signedInAccountFor(account);
    await again.get(`/structures/${organisation.id}/administrateur`);
    const response = await again.post(`/structures/${organisation.id}/administrateur/code`, { code });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Ce code a expiré");
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ isAdmin: false });
    // The page says the acceptance stands but the code is dead, and how to get another one.
    const page = (await again.get(`/structures/${organisation.id}/administrateur`)).body;
    expect(page).toContain("Vous aviez accepté de devenir administrateur de cette structure, mais le code du dernier courrier ne peut plus être utilisé (délai de 30 jours dépassé)");
    expect(page).not.toContain("Si vous acceptez");
  });

  it("cancels the previous code and its letter on a new request, and recognises the old code", async () => {
    const { browser, organisation, account } = await firstMember();
    await requestLetter(browser, organisation.id);
    const first = await codeOfLatestLetter(organisation.id);
    await requestLetter(browser, organisation.id);
    const second = await codeOfLatestLetter(organisation.id);
    expect(second.code).not.toBe(first.code);
    const firstLetter = await t.deps.db.selectFrom("letters").select("status").where("id", "=", first.letter.id).executeTakeFirstOrThrow();
    expect(firstLetter.status).toBe("cancelled");
    await browser.get(`/structures/${organisation.id}/administrateur`);
    const old = await browser.post(`/structures/${organisation.id}/administrateur/code`, { code: first.code });
    expect(old.statusCode).toBe(422);
    expect(old.body).toContain("Ce code vient d&#39;un courrier remplacé par une demande plus récente");
    const right = await browser.post(`/structures/${organisation.id}/administrateur/code`, { code: second.code });
    expect(right.statusCode).toBe(303);
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ isAdmin: true });
  });

  it("limits letters to three per person and organisation in 30 days", async () => {
    const { browser, organisation } = await firstMember();
    for (let letter = 1; letter <= 3; letter++) expect((await requestLetter(browser, organisation.id)).statusCode).toBe(303);
    const fourth = await requestLetter(browser, organisation.id);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.body).toContain("Vous avez déjà demandé 3 courriers en 30 jours");
  });

  it("limits letters to six per organisation in 30 days, whoever asks", async () => {
    const { browser, organisation } = await firstMember();
    for (let letter = 1; letter <= 3; letter++) await requestLetter(browser, organisation.id);
    const second = await signedInAccount(t);
    await addMember(t.deps.db, organisation, second.account, { status: "pending" });
    for (let letter = 1; letter <= 3; letter++) expect((await requestLetter(second.browser, organisation.id)).statusCode).toBe(303);
    const third = await signedInAccount(t);
    await addMember(t.deps.db, organisation, third.account, { status: "pending" });
    const refused = await requestLetter(third.browser, organisation.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("6 courriers ont déjà été demandés pour cette structure");
  });

  it("does not offer the role when the organisation has an administrator; its members cannot ask for a letter", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const administrator = await buildAccount(t.deps.db, { lastName: "Roig" });
    await addMember(t.deps.db, organisation, administrator, { isAdmin: true });
    const { account, browser } = await signedInAccount(t);
    await addMember(t.deps.db, organisation, account, { status: "pending" });
    const page = await browser.get(`/structures/${organisation.id}/administrateur`);
    expect(page.body).toContain("Cette structure a déjà un administrateur");
    expect(page.body).not.toContain("Roig");
    const refused = await browser.post(`/structures/${organisation.id}/administrateur/courrier`, {});
    expect(refused.statusCode).toBe(409);
    expect(await t.deps.db.selectFrom("adminActivationCodes").select("id").where("accountId", "=", account.id).execute()).toHaveLength(0);
  });

  it("lets a waiting member become administrator when the organisation has none, and cancels the other claimants' codes", async () => {
    const { browser: firstBrowser, organisation } = await firstMember();
    await requestLetter(firstBrowser, organisation.id);
    const firstCode = await codeOfLatestLetter(organisation.id);
    const { account, browser } = await signedInAccount(t);
    await addMember(t.deps.db, organisation, account, { status: "pending" });
    await requestLetter(browser, organisation.id);
    const { code } = await codeOfLatestLetter(organisation.id);
    await browser.get(`/structures/${organisation.id}/administrateur`);
    expect((await browser.post(`/structures/${organisation.id}/administrateur/code`, { code })).statusCode).toBe(303);
    expect(await membershipOf(organisation.id, account.id)).toMatchObject({ status: "active", isAdmin: true });
    const other = await t.deps.db.selectFrom("letters").select("status").where("id", "=", firstCode.letter.id).executeTakeFirstOrThrow();
    expect(other.status).toBe("cancelled");
    await firstBrowser.get(`/structures/${organisation.id}/administrateur`);
    const late = await firstBrowser.post(`/structures/${organisation.id}/administrateur/code`, { code: firstCode.code });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain("déjà un administrateur");
  });

  async function signedInAccountFor(account: { identifier: string; password: string }) {
    const { TestBrowser } = await import("../../../test/app.ts");
    const { logInAs } = await import("../../../test/builders.ts");
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    return browser;
  }
});
