import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../app.ts";
import { createTestApp, type TestApp } from "../../../test/app.ts";
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

  it("are the session, the request with its applicant's identity (the fields locked to it), and the save", async () => {
    const { browser } = await signedInAccount({ app, deps: t.deps }, { lastName: "Martin", firstName: "Camille", birthDate: "1985-03-27", identityVerifiedAt: new Date("2026-03-01T09:00:00Z") });
    const started = await browser.post("/demarches/logement-social/commencer", {});
    const stepUrl = started.headers.location as string;
    expect(started.statusCode).toBe(303);
    expect((await browser.get(stepUrl)).body).toContain("Identité vérifiée par FranceConnect");

    counter.count = 0;
    const saved = await browser.post(stepUrl, { "commune-souhaitee": "Rouen", "nom-usage": "Dupont", prenom: "Camilla", "date-naissance": "01/01/2000", action: "plus-tard" });
    expect(saved.statusCode).toBe(303);
    // The locked first name kept the identity's, read with the request and not again.
    expect(counter.count).toBe(3);
    const stored = await t.deps.db.selectFrom("requests").select("answers").where("id", "=", /\/demandes\/([0-9a-f-]{36})\//.exec(stepUrl)![1]!).executeTakeFirstOrThrow();
    expect(stored.answers).toMatchObject({ prenom: "Camille", "nom-usage": "Dupont" });
  });
});
