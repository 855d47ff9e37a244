import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { buildOrganisation } from "../../../test/organisations.ts";
import { DAY, MINUTE } from "../../platform/clock.ts";
import { formatRequestNumber, generateRequestNumber, REQUEST_NUMBER_ALPHABET, REQUEST_NUMBER_MESSAGES } from "../../platform/request-numbers/request-numbers.ts";
import { abandonRequest } from "../requests/abandon-request.ts";
import { findApplicantRequest, listApplicantRequests } from "../../core/requests/queries/requests.ts";
import { CLAIM_CODE_MAX_ATTEMPTS, MAX_CODE_REQUESTS_PER_ACCOUNT, MAX_CODES_PER_REQUEST, MAX_CODES_PER_REQUEST_AND_ACCOUNT } from "./policies.ts";
import { fileRequest, publishTestProcedure } from "../../../test/request-claims.ts";
import { CODE_REFUSED } from "./views.tsx";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await publishTestProcedure(t.deps);
});
afterAll(() => t.close());

/** HTML as the page shows it: JSX escapes apostrophes. */
const html = (text: string) => text.replaceAll("&", "&amp;").replaceAll("'", "&#39;").replaceAll('"', "&quot;");

/**
 * A request filed by its owner's account, whose address is the claimant's (the usual case: a
 * request filed from an old account, or by a counter agent, with the person's address), and the
 * claimant signed in.
 */
async function scenario() {
  const owner = await buildAccount(t.deps.db, { lastName: "Ancien" });
  const { account: claimant, browser } = await signedInAccount(t);
  const filed = await fileRequest(t.deps, { accountId: owner.id, email: claimant.email });
  return { owner, claimant, browser, ...filed };
}

/** The code in the newest mail to an address ("ACDEF GHJKM"). */
async function latestCode(address: string): Promise<string> {
  const [mail] = await mailsTo(t.deps.db, address);
  const code = mail ? /^([A-Z0-9]{5} [A-Z0-9]{5})$/m.exec(mail.textBody)?.[1] : undefined;
  if (!code) throw new Error(`No claim code mailed to ${address}`);
  return code;
}

const codeMails = async (address: string) => (await mailsTo(t.deps.db, address)).filter((mail) => mail.subject.startsWith("Code pour rattacher votre demande"));

async function askCode(browser: TestBrowser, typed: string) {
  return browser.submit("/demandes/rattacher", { numero: typed });
}

async function typeCode(browser: TestBrowser, number: string, code: string) {
  return browser.submit(`/demandes/rattacher/code?numero=${number}`, { numero: number, code }, "/demandes/rattacher/code");
}

/** Time passes; sessions end after 30 idle minutes, so the person logs in again. */
async function later(ms: number, browser: TestBrowser, account: { identifier: string; password: string }) {
  t.clock.advance(ms);
  await logInAs(browser, account);
}

async function applicantOf(requestId: string) {
  const row = await t.deps.db.selectFrom("requests").select("applicantId").where("id", "=", requestId).executeTakeFirstOrThrow();
  return row.applicantId;
}

async function claimsOf(requestId: string) {
  return t.deps.db.selectFrom("requestClaims").selectAll().where("requestId", "=", requestId).orderBy("createdAt").execute();
}

/** Changes one character of a number into another of the alphabet. */
function withOneWrongCharacter(number: string, index = 7) {
  const current = number[index]!;
  const other = REQUEST_NUMBER_ALPHABET[(REQUEST_NUMBER_ALPHABET.indexOf(current) + 1) % REQUEST_NUMBER_ALPHABET.length]!;
  return number.slice(0, index) + other + number.slice(index + 1);
}

/** Swaps the first two neighbours that differ, after the prefix. */
function withSwappedNeighbours(number: string) {
  for (let index = 2; index < number.length - 1; index++) {
    if (number[index] !== number[index + 1]) return number.slice(0, index) + number[index + 1] + number[index] + number.slice(index + 2);
  }
  throw new Error("no two different neighbours");
}

describe("the way in from « Mes demandes »", () => {
  it("offers « Rattacher une demande existante », even to a person without any request", async () => {
    const { browser } = await signedInAccount(t);
    const page = await browser.get("/demandes");
    expect(page.body).toContain('href="/demandes/rattacher"');
    expect(page.body).toContain("Rattacher une demande existante");
    expect(page.body).toContain(html("Pour accéder à une demande déjà transmise"));
    const form = await browser.get("/demandes/rattacher");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("Numéro unique d&#39;enregistrement (18 caractères)");
  });

  it("sends a signed-out visitor to the login page", async () => {
    const response = await new TestBrowser(t.app).get("/demandes/rattacher");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/connexion?retour=%2Fdemandes%2Frattacher");
  });
});

describe("typing the number", () => {
  it("refuses a number with one wrong character, keeping what was typed, and sends nothing", async () => {
    const { browser, number, claimant, requestId } = await scenario();
    const typed = formatRequestNumber(withOneWrongCharacter(number));
    const response = await askCode(browser, typed);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("data-error-summary");
    expect(response.body).toContain(html(REQUEST_NUMBER_MESSAGES.key));
    expect(response.body).toContain(`value="${typed}"`);
    expect(await codeMails(claimant.email)).toHaveLength(0);
    expect(await claimsOf(requestId)).toHaveLength(0);
  });

  it("refuses a number with two neighbours swapped, and one of the wrong length", async () => {
    const { browser, number } = await scenario();
    const swapped = await askCode(browser, withSwappedNeighbours(number));
    expect(swapped.statusCode).toBe(422);
    expect(swapped.body).toContain(html(REQUEST_NUMBER_MESSAGES.key));
    const short = await askCode(browser, number.slice(0, 17));
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain(html(REQUEST_NUMBER_MESSAGES.length));
    const empty = await askCode(browser, "");
    expect(empty.body).toContain(html(REQUEST_NUMBER_MESSAGES.empty));
  });

  it("answers an unknown number with the same page as a real one, and mails a code only for the real one", async () => {
    const { browser, number, claimant, requestId } = await scenario();
    const unknown = generateRequestNumber("ES");

    // Typed as people do: lower case, dashes and spaces.
    const real = await askCode(browser, formatRequestNumber(number, "-").toLowerCase().replace("-", " "));
    expect(real.statusCode).toBe(303);
    expect(real.headers.location).toBe(`/demandes/rattacher/code?numero=${number}`);
    const realPage = await browser.get(real.headers.location as string);

    const fake = await askCode(browser, formatRequestNumber(unknown));
    expect(fake.statusCode).toBe(303);
    expect(fake.headers.location).toBe(`/demandes/rattacher/code?numero=${unknown}`);
    const fakePage = await browser.get(fake.headers.location as string);

    const neutral = (body: string, shown: string) =>
      body.replaceAll(formatRequestNumber(shown), "NUMERO").replaceAll(shown, "NUMERO").replace(/name="_csrf" value="[^"]+"/g, "");
    expect(neutral(fakePage.body, unknown)).toBe(neutral(realPage.body, number));
    expect(realPage.body).toContain(html("Si ce numéro correspond à une demande que vous pouvez rattacher, un code vient d'être envoyé"));

    const mails = await codeMails(claimant.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.textBody).toContain("Quelqu'un a demandé à rattacher à son compte");
    expect(mails[0]!.textBody).toContain(formatRequestNumber(number));
    expect(mails[0]!.textBody).toContain("Si vous n'êtes pas à l'origine de cette demande");
    expect(mails[0]!.textBody).not.toContain(claimant.lastName);
    const claims = await claimsOf(requestId);
    expect(claims).toHaveLength(1);
    // Stored as a hash only.
    expect(claims[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(claims[0]!.codeHash).not.toContain((await latestCode(claimant.email)).replace(" ", ""));
  });

  it("answers the same words, and sends nothing, for one's own request", async () => {
    const owner = await buildAccount(t.deps.db);
    const browser = new TestBrowser(t.app);
    await logInAs(browser, owner);
    const { number, requestId } = await fileRequest(t.deps, { accountId: owner.id, email: owner.email });
    const mailsBefore = (await mailsTo(t.deps.db, owner.email)).length;
    const response = await askCode(browser, number);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/demandes/rattacher/code?numero=${number}`);
    expect(await mailsTo(t.deps.db, owner.email)).toHaveLength(mailsBefore);
    expect(await claimsOf(requestId)).toHaveLength(0);
  });

  it("sends nothing for a request filed for an organisation: membership of it gives access, not a code", async () => {
    const { browser, number, claimant, requestId } = await scenario();
    const organisation = await buildOrganisation(t.deps.db);
    await t.deps.db.updateTable("requests").set({ organisationId: organisation.id }).where("id", "=", requestId).execute();
    expect((await askCode(browser, number)).statusCode).toBe(303);
    expect(await codeMails(claimant.email)).toHaveLength(0);
  });

  it("sends back to the number page a code page whose number is not a checked one", async () => {
    const { browser, number } = await scenario();
    const response = await browser.get(`/demandes/rattacher/code?numero=${withOneWrongCharacter(number)}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/demandes/rattacher");
  });
});

describe("typing the code", () => {
  it("moves the request to the account: history, audit trail, « Mes demandes » with a message; the old account loses it", async () => {
    const { owner, claimant, browser, number, requestId } = await scenario();
    await askCode(browser, number);
    const code = await latestCode(claimant.email);

    const response = await typeCode(browser, number, code.toLowerCase());
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/demandes");
    const list = await browser.get("/demandes");
    expect(list.body).toContain(html("La demande est rattachée à votre compte"));
    expect(list.body).toContain(formatRequestNumber(number));

    expect(await applicantOf(requestId)).toBe(claimant.id);
    expect(await findApplicantRequest(t.deps.db, requestId, owner.id)).toBeUndefined();
    expect((await listApplicantRequests(t.deps.db, owner.id)).map((request) => request.id)).not.toContain(requestId);

    const events = await t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", requestId).where("event", "=", "request.attached").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: claimant.id, visibleToApplicant: true, details: { previousApplicantId: owner.id } });
    const history = await browser.get(`/demandes/${requestId}/historique`);
    expect(history.body).toContain(html("Demande rattachée à un compte"));

    const audits = await t.deps.db
      .selectFrom("auditEvents")
      .select(["event", "accountId", "actorId", "details"])
      .where("event", "in", ["request.attached", "request.detached"])
      .where(({ eb, ref }) => eb(ref("details", "->>").key("requestId" as never), "=", requestId))
      .orderBy("id")
      .execute();
    expect(audits).toMatchObject([
      { event: "request.attached", accountId: claimant.id, actorId: claimant.id },
      { event: "request.detached", accountId: owner.id, actorId: claimant.id },
    ]);
    const [claim] = await claimsOf(requestId);
    expect(claim!.usedAt).not.toBeNull();

    const [told] = await mailsTo(t.deps.db, owner.email);
    expect(told!.subject).toMatch(/^Une de vos demandes est rattachée à un autre compte/);
    expect(told!.textBody).toContain(`Bonjour Mme Ancien,`);
    expect(told!.textBody).toContain(formatRequestNumber(number));
    expect(told!.textBody).not.toContain(claimant.email);
  });

  it("attaches a request that no account holds (filed at a counter, or in an earlier system)", async () => {
    const { claimant, browser, number, requestId } = await scenario();
    await t.deps.db.updateTable("requests").set({ applicantId: null }).where("id", "=", requestId).execute();
    await askCode(browser, number);
    expect((await typeCode(browser, number, await latestCode(claimant.email))).statusCode).toBe(303);
    expect(await applicantOf(requestId)).toBe(claimant.id);
    const detached = await t.deps.db
      .selectFrom("auditEvents")
      .select("id")
      .where("event", "=", "request.detached")
      .where(({ eb, ref }) => eb(ref("details", "->>").key("requestId" as never), "=", requestId))
      .execute();
    expect(detached).toHaveLength(0);
  });

  it("counts wrong codes, and after five refuses even the right one", async () => {
    const { claimant, browser, number, requestId, owner } = await scenario();
    await askCode(browser, number);
    const code = await latestCode(claimant.email);
    for (let attempt = 1; attempt <= CLAIM_CODE_MAX_ATTEMPTS; attempt++) {
      const response = await typeCode(browser, number, "ACDEF GHJKM" === code ? "ACDEF GHJKN" : "ACDEF GHJKM");
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(html(CODE_REFUSED));
      expect(response.body).toContain("data-error-summary");
      expect((await claimsOf(requestId))[0]!.attempts).toBe(attempt);
    }
    const sixth = await typeCode(browser, number, code);
    expect(sixth.statusCode).toBe(422);
    expect(sixth.body).toContain(html(CODE_REFUSED));
    expect(await applicantOf(requestId)).toBe(owner.id);
    const failures = await t.deps.db.selectFrom("auditEvents").select("id").where("event", "=", "request.claim_code_failed").where("accountId", "=", claimant.id).execute();
    expect(failures).toHaveLength(CLAIM_CODE_MAX_ATTEMPTS);
  });

  it("refuses a code past its 30 minutes", async () => {
    const { claimant, browser, number, requestId, owner } = await scenario();
    await askCode(browser, number);
    const code = await latestCode(claimant.email);
    await later(31 * MINUTE, browser, claimant);
    const response = await typeCode(browser, number, code);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(html(CODE_REFUSED));
    expect(await applicantOf(requestId)).toBe(owner.id);
  });

  it("refuses a code used already, and the account that held the request cannot take it back with it", async () => {
    const { owner, claimant, browser, number, requestId } = await scenario();
    await askCode(browser, number);
    const code = await latestCode(claimant.email);
    expect((await typeCode(browser, number, code)).statusCode).toBe(303);
    expect((await typeCode(browser, number, code)).statusCode).toBe(422);

    const ownerBrowser = new TestBrowser(t.app);
    await logInAs(ownerBrowser, owner);
    expect((await typeCode(ownerBrowser, number, code)).statusCode).toBe(422);
    expect(await applicantOf(requestId)).toBe(claimant.id);
  });

  it("refuses the code of another account's claim, which counts as a wrong code", async () => {
    const { owner, claimant, browser, number, requestId } = await scenario();
    const { account: other, browser: otherBrowser } = await signedInAccount(t);
    await askCode(otherBrowser, number);
    const othersCode = await latestCode(claimant.email);
    await askCode(browser, number);
    const ownCode = await latestCode(claimant.email);
    expect(ownCode).not.toBe(othersCode);

    expect((await typeCode(browser, number, othersCode)).statusCode).toBe(422);
    const claims = await claimsOf(requestId);
    expect(claims.find((claim) => claim.accountId === claimant.id)!.attempts).toBe(1);
    expect(claims.find((claim) => claim.accountId === other.id)!.attempts).toBe(0);
    expect(await applicantOf(requestId)).toBe(owner.id);

    // Whoever types their own code first gets the request; the other code then dies.
    expect((await typeCode(browser, number, ownCode)).statusCode).toBe(303);
    expect((await typeCode(otherBrowser, number, othersCode)).statusCode).toBe(422);
    expect(await applicantOf(requestId)).toBe(claimant.id);
  });

  it("refuses a code a newer one replaced", async () => {
    const { claimant, browser, number, requestId } = await scenario();
    await askCode(browser, number);
    const first = await latestCode(claimant.email);
    await askCode(browser, number);
    const second = await latestCode(claimant.email);
    expect((await typeCode(browser, number, first)).statusCode).toBe(422);
    expect((await typeCode(browser, number, second)).statusCode).toBe(303);
    expect(await applicantOf(requestId)).toBe(claimant.id);
  });

  it("refuses a code typed for a number no request has, with the same words", async () => {
    const { browser } = await scenario();
    const unknown = generateRequestNumber("ES");
    await askCode(browser, unknown);
    const response = await typeCode(browser, unknown, "ACDEF GHJKM");
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(html(CODE_REFUSED));
  });

  it("asks for the code's shape without counting it", async () => {
    const { browser, number, requestId, claimant } = await scenario();
    await askCode(browser, number);
    await latestCode(claimant.email);
    const empty = await typeCode(browser, number, "");
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Saisissez le code reçu par courriel.");
    const short = await typeCode(browser, number, "ACD");
    expect(short.body).toContain("Le code comporte 10 caractères");
    expect(short.body).toContain('value="ACD"');
    expect((await claimsOf(requestId))[0]!.attempts).toBe(0);
  });

  it("attaches an abandoned request too: it is the person's history", async () => {
    const { owner, claimant, browser, number, requestId } = await scenario();
    await abandonRequest(t.deps, { requestId, accountId: owner.id });
    await askCode(browser, number);
    expect((await typeCode(browser, number, await latestCode(claimant.email))).statusCode).toBe(303);
    expect(await applicantOf(requestId)).toBe(claimant.id);
  });
});

describe("throttles", () => {
  it(`mails at most ${MAX_CODES_PER_REQUEST_AND_ACCOUNT} codes a day per asking account, with the same page, and someone else's requests never use up the owner's`, async () => {
    const { claimant, browser, number, requestId } = await scenario();
    // A third party who knows the number asks first, as often as they may.
    const { browser: intruder } = await signedInAccount(t);
    for (let index = 0; index <= MAX_CODES_PER_REQUEST_AND_ACCOUNT; index++) expect((await askCode(intruder, number)).statusCode).toBe(303);
    expect(await codeMails(claimant.email)).toHaveLength(MAX_CODES_PER_REQUEST_AND_ACCOUNT);

    for (let index = 0; index < MAX_CODES_PER_REQUEST_AND_ACCOUNT; index++) expect((await askCode(browser, number)).statusCode).toBe(303);
    expect(await codeMails(claimant.email)).toHaveLength(2 * MAX_CODES_PER_REQUEST_AND_ACCOUNT);
    const lastCode = await latestCode(claimant.email);
    const beyond = await askCode(browser, number);
    expect(beyond.statusCode).toBe(303);
    expect(beyond.headers.location).toBe(`/demandes/rattacher/code?numero=${number}`);
    expect(await codeMails(claimant.email)).toHaveLength(2 * MAX_CODES_PER_REQUEST_AND_ACCOUNT);
    // The refused request did not replace the last code sent.
    expect((await typeCode(browser, number, lastCode)).statusCode).toBe(303);
    expect(await claimsOf(requestId)).toHaveLength(2 * MAX_CODES_PER_REQUEST_AND_ACCOUNT);
  });

  it(`mails at most ${MAX_CODES_PER_REQUEST} codes a day to one request's address, whoever asks`, async () => {
    const { claimant, number } = await scenario();
    while ((await codeMails(claimant.email)).length < MAX_CODES_PER_REQUEST) {
      const { browser: asker } = await signedInAccount(t);
      for (let index = 0; index < MAX_CODES_PER_REQUEST_AND_ACCOUNT; index++) await askCode(asker, number);
    }
    expect(await codeMails(claimant.email)).toHaveLength(MAX_CODES_PER_REQUEST);
    const { browser: another } = await signedInAccount(t);
    expect((await askCode(another, number)).statusCode).toBe(303);
    expect(await codeMails(claimant.email)).toHaveLength(MAX_CODES_PER_REQUEST);
  });

  it("mails again the next day", async () => {
    const { claimant, browser, number } = await scenario();
    for (let index = 0; index <= MAX_CODES_PER_REQUEST_AND_ACCOUNT; index++) await askCode(browser, number);
    expect(await codeMails(claimant.email)).toHaveLength(MAX_CODES_PER_REQUEST_AND_ACCOUNT);
    await later(DAY + MINUTE, browser, claimant);
    await askCode(browser, number);
    expect(await codeMails(claimant.email)).toHaveLength(MAX_CODES_PER_REQUEST_AND_ACCOUNT + 1);
  });

  it(`refuses an account's ${MAX_CODE_REQUESTS_PER_ACCOUNT + 1}th code request of the day, numbers known or not`, async () => {
    const { browser, number, claimant } = await scenario();
    for (let index = 0; index < MAX_CODE_REQUESTS_PER_ACCOUNT; index++) {
      expect((await askCode(browser, generateRequestNumber("ES"))).statusCode).toBe(303);
    }
    const refused = await askCode(browser, number);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`Vous avez déjà demandé ${MAX_CODE_REQUESTS_PER_ACCOUNT} codes en 24 heures`);
    expect(refused.body).toContain(`value="${number}"`);
    expect(await codeMails(claimant.email)).toHaveLength(0);

    await later(DAY + MINUTE, browser, claimant);
    expect((await askCode(browser, number)).statusCode).toBe(303);
    expect(await codeMails(claimant.email)).toHaveLength(1);
  });
});
