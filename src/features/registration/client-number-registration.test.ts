import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { solveCaptcha } from "../../../test/captcha.ts";
import { mailsTo, tokenFromLatestMail } from "../../../test/mails.ts";
import { addMember, buildOrganisation, buildRegisterEntry } from "../../../test/organisations.ts";
import type { LetterBlock } from "../../platform/db/schema.ts";
import { HOUR } from "../../platform/clock.ts";
import { hashPassword } from "../../platform/security/passwords.ts";
import { MAX_FAILED_LOOKUPS, recordFailedLookup } from "../../core/organisations/lookup-throttle.ts";

describe("registering with the organisation's client number (seed 002)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  let counter = 0;
  const person = () => {
    counter += 1;
    return {
      identifier: `premier.utilisateur${counter}`,
      civility: "Mme",
      lastName: "Testa",
      firstName: "Julie",
      email: `julie${counter}@hlm-exemple.fr`,
      emailConfirmation: `julie${counter}@hlm-exemple.fr`,
      terms: "oui",
    };
  };

  async function stepOne(browser: TestBrowser, numero: string) {
    await browser.get("/creer-un-compte/numero-client");
    return browser.post("/creer-un-compte/numero-client", { numero, altcha: await solveCaptcha(t.app) });
  }

  const ticketOf = (page: string) => /name="ticket" value="([^"]+)"/.exec(page)?.[1] ?? "";

  it("tells the first user that the password goes by post to the legal representative, then creates the account and the letter", async () => {
    const entry = await buildRegisterEntry(t.deps.db, { name: "SOCIETE COOPERATIVE HABITATION LOYER MODERE", legalRepresentative: "Monsieur le Président" });
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, `000${entry.clientNumber}`);
    expect(step2.statusCode).toBe(200);
    expect(step2.body).toContain("Vous êtes le premier utilisateur pour l&#39;établissement « SOCIETE COOPERATIVE HABITATION LOYER MODERE »");
    expect(step2.body).toContain("Accepter le rôle d&#39;administrateur");
    expect(step2.body).not.toContain('name="password"');

    const fields = person();
    const done = await browser.post("/creer-un-compte/numero-client/compte", { ...fields, ticket: ticketOf(step2.body), cas: "premier" });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Un courrier va être envoyé à votre représentant légal");
    // After accepting, the page says what happened, not the offer again (issue 13).
    expect(done.body).toContain("Vous avez accepté de devenir administrateur de « SOCIETE COOPERATIVE HABITATION LOYER MODERE »");
    expect(done.body).not.toContain("Si vous acceptez");

    const account = await t.deps.db.selectFrom("accounts").selectAll().where("identifier", "=", fields.identifier).executeTakeFirstOrThrow();
    // Pending until the activation link proves the address (partners are told it is verified).
    expect(account).toMatchObject({ status: "pending", mustChangePassword: true });
    const code = await t.deps.db.selectFrom("adminActivationCodes").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    const letter = await t.deps.db.selectFrom("letters").selectAll().where("id", "=", code.letterId).executeTakeFirstOrThrow();
    expect(letter.recipientName).toBe("SOCIETE COOPERATIVE HABITATION LOYER");
    expect(letter.recipientDetail).toBe("MODERE");
    expect(letter.recipientComplement).toBe("À l'attention de Monsieur le Président");
    expect(JSON.stringify(letter.body)).not.toContain("Testa");
    const [mail] = await mailsTo(t.deps.db, fields.email);
    expect(mail?.subject).toContain("Votre demande de création de compte est enregistrée");

    // The legal representative hands the password over: the first login asks for a new one, which makes the person administrator.
    const block = (letter.body as LetterBlock[]).find((item) => item.type === "code");
    if (block?.type !== "code") throw new Error("no password on the letter");
    const user = new TestBrowser(t.app);
    const token = await tokenFromLatestMail(t.deps.db, fields.email, "/activer-mon-compte");
    expect((await user.get(`/activer-mon-compte?jeton=${token}`)).statusCode).toBe(303);
    await logInAs(user, { identifier: fields.identifier, password: block.code });
    await user.get("/mot-de-passe-temporaire");
    const chosen = await user.post("/mot-de-passe-temporaire", { newPassword: "Nouveau-Mot2Passe!", newPasswordConfirmation: "Nouveau-Mot2Passe!" });
    expect(chosen.statusCode).toBe(303);
    const membership = await t.deps.db.selectFrom("memberships").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ status: "active", isAdmin: true });
  });

  it("lets a later user register with a password of their choice, waiting for the administrator who is told by e-mail", async () => {
    const organisation = await buildOrganisation(t.deps.db, { name: "OFFICE PUBLIC DE L'HABITAT" });
    const administrator = await buildAccount(t.deps.db);
    await addMember(t.deps.db, organisation, administrator, { isAdmin: true });
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, organisation.clientNumber!);
    expect(step2.body).toContain("Un compte a déjà été créé par un autre utilisateur");
    expect(step2.body).toContain('name="password"');
    const fields = person();
    const done = await browser.post("/creer-un-compte/numero-client/compte", {
      ...fields,
      password: "Kx7#mQ2p-Vélo9",
      passwordConfirmation: "Kx7#mQ2p-Vélo9",
      ticket: ticketOf(step2.body),
      cas: "suivant",
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Vérifiez votre messagerie");
    const account = await t.deps.db.selectFrom("accounts").selectAll().where("identifier", "=", fields.identifier).executeTakeFirstOrThrow();
    expect(account.status).toBe("pending");
    const membership = await t.deps.db.selectFrom("memberships").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ organisationId: organisation.id, status: "pending" });
    expect((await mailsTo(t.deps.db, administrator.email))[0]?.subject).toContain("Nouvelle demande de rattachement");
  });

  it("uses the step ticket up: one solved captcha, one account", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, entry.clientNumber);
    const ticket = ticketOf(step2.body);
    expect((await browser.post("/creer-un-compte/numero-client/compte", { ...person(), ticket, cas: "premier" })).statusCode).toBe(200);
    await browser.get("/creer-un-compte/numero-client");
    const fields = person();
    const replayed = await browser.post("/creer-un-compte/numero-client/compte", { ...fields, password: "Kx7#mQ2p-Vélo9", passwordConfirmation: "Kx7#mQ2p-Vélo9", ticket, cas: "suivant" });
    expect(replayed.statusCode).toBe(422);
    expect(replayed.body).toContain("Cette inscription est déjà enregistrée");
    expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", fields.identifier).execute()).toHaveLength(0);

    // The same signature spelt another way (the spare bits of base64url's last character) is no new ticket.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelt = `${ticket.slice(0, -1)}${alphabet[alphabet.indexOf(ticket.at(-1)!) ^ 1]}`;
    await browser.get("/creer-un-compte/numero-client");
    const other = person();
    const respeltReplay = await browser.post("/creer-un-compte/numero-client/compte", { ...other, password: "Kx7#mQ2p-Vélo9", passwordConfirmation: "Kx7#mQ2p-Vélo9", ticket: respelt, cas: "suivant" });
    expect(respeltReplay.statusCode).toBe(422);
    expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", other.identifier).execute()).toHaveLength(0);
  });

  it("makes nobody administrator when the password was set another way than from the letter (reset by e-mail)", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, entry.clientNumber);
    const fields = person();
    await browser.post("/creer-un-compte/numero-client/compte", { ...fields, ticket: ticketOf(step2.body), cas: "premier" });
    const account = await t.deps.db.selectFrom("accounts").selectAll().where("identifier", "=", fields.identifier).executeTakeFirstOrThrow();
    // An operator issues a temporary password (another expiry than the letter's), which the person replaces.
    await t.deps.db
      .updateTable("accounts")
      .set({ status: "active", passwordHash: await hashPassword("Operateur-Temp-26!"), mustChangePassword: true, temporaryPasswordExpiresAt: new Date(t.clock.now().getTime() + 86_400_000) })
      .where("id", "=", account.id)
      .execute();
    const user = new TestBrowser(t.app);
    await logInAs(user, { identifier: fields.identifier, password: "Operateur-Temp-26!" });
    await user.get("/mot-de-passe-temporaire");
    expect((await user.post("/mot-de-passe-temporaire", { newPassword: "Nouveau-Mot2Passe!", newPasswordConfirmation: "Nouveau-Mot2Passe!" })).statusCode).toBe(303);
    const membership = await t.deps.db.selectFrom("memberships").selectAll().where("accountId", "=", account.id).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ status: "pending", isAdmin: false });
  });

  it("requires the captcha and a known client number at step 1, keeping what was typed", async () => {
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte/numero-client");
    const noCaptcha = await browser.post("/creer-un-compte/numero-client", { numero: "123", altcha: "" });
    expect(noCaptcha.statusCode).toBe(422);
    expect(noCaptcha.body).toContain("La vérification anti-robot n&#39;a pas abouti");
    const unknown = await browser.post("/creer-un-compte/numero-client", { numero: "99999999999", altcha: await solveCaptcha(t.app) });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain("Aucune structure ne porte ce numéro client");
    expect(unknown.body).toContain('value="99999999999"');
  });

  it("answers a known and an unknown number alike until the captcha is solved: the register is not read before", async () => {
    const entry = await buildRegisterEntry(t.deps.db, { name: "OFFICE PUBLIC DE L'HABITAT DISCRET" });
    const unknown = "98765432101";
    const answer = async (numero: string, altcha: string) => {
      const browser = new TestBrowser(t.app);
      await browser.get("/creer-un-compte/numero-client");
      const response = await browser.post("/creer-un-compte/numero-client", { numero, altcha });
      expect(response.statusCode).toBe(422);
      // The page without what differs by nature: the CSRF token, the number typed and the fresh
      // short-wait token of the captcha's plain-HTML path.
      return response.body.replace(/name="_csrf" value="[^"]*"/, "").replace(/name="altcha" value="[^"]*"/, "").replaceAll(numero, "NUMERO");
    };
    for (const altcha of ["", Buffer.from('{"challenge":{},"solution":{}}').toString("base64")]) {
      const known = await answer(entry.clientNumber, altcha);
      expect(known).toContain("La vérification anti-robot n&#39;a pas abouti");
      expect(known).not.toContain("DISCRET");
      expect(known).not.toContain("Aucune structure ne porte ce numéro client");
      expect(await answer(unknown, altcha)).toBe(known);
    }
  });

  it("waits an hour after 10 unknown numbers from one address, even for a known one, and says until when", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    for (let i = 0; i < MAX_FAILED_LOOKUPS - 1; i += 1) await recordFailedLookup(t.deps, { ip: browser.ip });
    const tenth = await stepOne(browser, "98765432102");
    expect(tenth.statusCode).toBe(422);
    expect(tenth.body).toContain("Aucune structure ne porte ce numéro client");
    const blocked = await stepOne(browser, entry.clientNumber);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain("Vous avez saisi trop de numéros inconnus : réessayez après");
    expect(blocked.body).not.toContain('name="ticket"');
    // Another address, and the same address an hour later, look up again.
    expect((await stepOne(new TestBrowser(t.app), entry.clientNumber)).statusCode).toBe(200);
    t.clock.advance(HOUR + 1);
    expect((await stepOne(browser, entry.clientNumber)).statusCode).toBe(200);
  });

  it("refuses step 2 without a valid ticket: nobody skips the captcha", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    await browser.get("/creer-un-compte/numero-client");
    const forged = await browser.post("/creer-un-compte/numero-client/compte", { ...person(), ticket: `${entry.id}.9999999999999.AAAA`, cas: "premier" });
    expect(forged.statusCode).toBe(422);
    expect(forged.body).toContain("saisissez à nouveau votre numéro client");
    expect(await t.deps.db.selectFrom("organisations").select("id").where("registerId", "=", entry.id).execute()).toHaveLength(0);
  });

  it("sends the first user's form back with French messages and the values typed", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, entry.clientNumber);
    const response = await browser.post("/creer-un-compte/numero-client/compte", {
      ...person(),
      emailConfirmation: "autre@exemple.fr",
      lastName: "",
      ticket: ticketOf(step2.body),
      cas: "premier",
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('href="#champ-lastName"');
    expect(response.body).toContain("La confirmation ne correspond pas");
    expect(response.body).toContain('value="autre@exemple.fr"');
  });

  it("turns the first user's form into a later user's one when someone else was quicker", async () => {
    const entry = await buildRegisterEntry(t.deps.db);
    const browser = new TestBrowser(t.app);
    const step2 = await stepOne(browser, entry.clientNumber);
    const quicker = new TestBrowser(t.app);
    const quickerStep2 = await stepOne(quicker, entry.clientNumber);
    expect((await quicker.post("/creer-un-compte/numero-client/compte", { ...person(), ticket: ticketOf(quickerStep2.body), cas: "premier" })).statusCode).toBe(200);
    const fields = person();
    const late = await browser.post("/creer-un-compte/numero-client/compte", { ...fields, ticket: ticketOf(step2.body), cas: "premier" });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("un autre utilisateur de votre établissement a créé son compte");
    expect(late.body).toContain('name="password"');
    expect(await t.deps.db.selectFrom("accounts").select("id").where("identifier", "=", fields.identifier).execute()).toHaveLength(0);
  });
});
