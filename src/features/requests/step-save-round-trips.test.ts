import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../app.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../../test/app.ts";
import { StatementCounter } from "../../../test/statement-counter.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { loadProceduresFromDirectory } from "../../core/procedures/load-from-directory.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";

describe("A draft's step saved « Poursuivre plus tard », round trips to the database", () => {
  let t: TestApp;
  let app: FastifyInstance;
  const counter = new StatementCounter();
  beforeAll(async () => {
    t = await createTestApp();
    await loadProceduresFromDirectory(t.deps, "procedures", { via: "cli" });
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    app = await buildApp({ ...t.deps, db: t.deps.db.withPlugin(counter) }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const requestIdOf = (stepUrl: string) => /\/demandes\/([0-9a-f-]{36})\//.exec(stepUrl)![1]!;
  const storedAnswers = async (stepUrl: string) => (await t.deps.db.selectFrom("requests").select("answers").where("id", "=", requestIdOf(stepUrl)).executeTakeFirstOrThrow()).answers;
  const later = { "commune-souhaitee": "Rouen", "nom-usage": "Dupont", prenom: "Camilla", "date-naissance": "01/01/2000", action: "plus-tard" };
  const verifiedIdentity = { lastName: "Martin", firstName: "Camille", birthDate: "1985-03-27", identityVerifiedAt: new Date("2026-03-01T09:00:00Z") };

  /** A signed-in person's housing draft, started from the catalogue: its first step's address. */
  async function startDraft(overrides: Parameters<typeof signedInAccount>[1]) {
    const { browser, account } = await signedInAccount({ app, deps: t.deps }, overrides);
    const started = await browser.post("/demarches/logement-social/commencer", {});
    expect(started.statusCode).toBe(303);
    return { browser, account, stepUrl: started.headers.location as string };
  }

  /** The post's status and the statements it sent. */
  async function countedPost(browser: TestBrowser, url: string, fields: Record<string, string>) {
    counter.count = 0;
    const response = await browser.post(url, fields);
    return { status: response.statusCode, statements: counter.count };
  }

  it("are the save alone, from the session and the draft kept since the step's page, while nothing wrote the request or its applicant", async () => {
    const { browser, account, stepUrl } = await startDraft(verifiedIdentity);
    expect((await browser.get(stepUrl)).body).toContain("Identité vérifiée par FranceConnect");

    // The locked first name kept the identity's, read with the request by the page and not again.
    expect(await countedPost(browser, stepUrl, later)).toEqual({ status: 303, statements: 1 });
    expect(await storedAnswers(stepUrl)).toMatchObject({ prenom: "Camille", "nom-usage": "Dupont" });
    expect(await countedPost(browser, stepUrl, { ...later, "nom-usage": "Durand" })).toEqual({ status: 303, statements: 1 });
    expect(await storedAnswers(stepUrl)).toMatchObject({ prenom: "Camille", "nom-usage": "Durand" });

    // The identity changed meanwhile (another page, another process): the save writes nothing from
    // the kept draft, reads the session (dropped by the account's change: platform/sessions/kept-sessions.ts),
    // the request and its applicant again, and the locked field follows.
    await t.deps.db.updateTable("accounts").set({ firstName: "Camilla-Rose" }).where("id", "=", account.id).execute();
    expect(await countedPost(browser, stepUrl, { ...later, "nom-usage": "Duval" })).toEqual({ status: 303, statements: 4 });
    expect(await storedAnswers(stepUrl)).toMatchObject({ prenom: "Camilla-Rose", "nom-usage": "Duval" });

    // The answers changed meanwhile (a save through another process): merged into them, nothing lost.
    await t.deps.db.updateTable("requests").set({ answers: JSON.stringify({ ...(await storedAnswers(stepUrl) as object), "loyer-maximum": 650 }) }).where("id", "=", requestIdOf(stepUrl)).execute();
    expect((await browser.post(stepUrl, { ...later, "nom-usage": "Dumas" })).statusCode).toBe(303);
    expect(await storedAnswers(stepUrl)).toMatchObject({ prenom: "Camilla-Rose", "nom-usage": "Dumas", "loyer-maximum": 650 });

    // No longer this person's (their account deleted, the request kept for the organisation): a
    // 404 from the kept draft too, and nothing written.
    await t.deps.db.updateTable("requests").set({ applicantId: null }).where("id", "=", requestIdOf(stepUrl)).execute();
    expect((await browser.post(stepUrl, { ...later, "nom-usage": "Dubois" })).statusCode).toBe(404);
    expect(await storedAnswers(stepUrl)).toMatchObject({ "nom-usage": "Dumas" });
  });

  it("are the session, the request with its applicant's identity, and the save, when this process has not kept the draft", async () => {
    const { browser, stepUrl } = await startDraft(verifiedIdentity);
    // Posted without this process showing the step first (its page came from another one).
    // The session too is read again: the draft's creation moved the account's dashboard version.
    expect(await countedPost(browser, stepUrl, later)).toEqual({ status: 303, statements: 3 });
    expect(await storedAnswers(stepUrl)).toMatchObject({ prenom: "Camille", "nom-usage": "Dupont" });
    // Kept from that save on, with the session.
    expect(await countedPost(browser, stepUrl, { ...later, "nom-usage": "Durand" })).toEqual({ status: 303, statements: 1 });
    expect(await storedAnswers(stepUrl)).toMatchObject({ "nom-usage": "Durand" });
  });

  it("never saves another person's post from a kept draft", async () => {
    const { browser: owner, stepUrl } = await startDraft({ lastName: "Martin", firstName: "Camille" });
    await owner.get(stepUrl);
    expect((await owner.post(stepUrl, later)).statusCode).toBe(303);
    // Kept, its version current: another signed-in person posts to it at once.
    const intruder = await signedInAccount({ app, deps: t.deps }, { lastName: "Intrus", firstName: "Paul" });
    expect((await intruder.browser.post(stepUrl, { ...later, "nom-usage": "Intrus" })).statusCode).toBe(404);
    expect(await storedAnswers(stepUrl)).toMatchObject({ "nom-usage": "Dupont" });
    // The owner's kept draft still holds.
    expect(await countedPost(owner, stepUrl, { ...later, "nom-usage": "Durand" })).toEqual({ status: 303, statements: 1 });
  });
});
