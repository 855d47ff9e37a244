import { readFile } from "node:fs/promises";
import { sql } from "kysely";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { DAY } from "../../platform/clock.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../core/procedures/queries.ts";
import { saveStep } from "../../core/requests/save-step.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { findApplicantRequest } from "../../core/requests/queries/requests.ts";
import { addMonths } from "../../core/requests/validity.ts";
import { insertAsk, updateRequestAnswers } from "../../core/requests/queries/asks.ts";
import type { Answers } from "../../core/procedures/answers/values.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { runValidityJob } from "./validity-job.ts";

/** A page's text as a person reads it (apostrophes and quotes unescaped). */
const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

const HOUSING_FORM = {
  "commune-souhaitee": "Rouen",
  "nombre-codemandeurs": "0",
  "nom-usage": "Martin",
  prenom: "Camille",
  nir: "2 90 05 75 056 123 84",
  "date-naissance": "12/05/1990",
  nationalite: "francaise",
  telephone: "06 12 34 56 78",
};

async function pdfText(base64: string): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.from(base64, "base64"))), { mergePages: true });
  return text;
}

describe("updating and renewing a filed request (issue 12)", () => {
  let t: TestApp;
  let agent: BuiltAccount;
  let agentBrowser: TestBrowser;
  const start = new Date("2026-03-02T09:00:00Z");

  beforeAll(async () => {
    t = await createTestApp();
    const content = await readFile("procedures/logement-social.json", "utf8");
    await loadProcedures(t.deps, [{ name: "procedures/logement-social.json", content }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Lucie", lastName: "Bernard" });
    await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "logement-social" }, { actorId: null });
    agentBrowser = new TestBrowser(t.app);
    await logInAs(agentBrowser, agent);
  });
  afterAll(() => t.close());

  const requestRow = (id: string) => t.deps.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const answersOf = async (id: string) => {
    const row = await t.deps.db.selectFrom("requests").select(sql<string>`answers::text`.as("text")).where("id", "=", id).executeTakeFirstOrThrow();
    return JSON.parse(row.text) as Record<string, unknown>;
  };
  const communeOf = (answers: Record<string, unknown>) => (answers["commune-souhaitee"] as { nom: string }).nom;
  /** Sessions end when the clock moves on: a browser logged in again at the current time. */
  async function loggedIn(account: BuiltAccount) {
    const browser = new TestBrowser(t.app);
    await logInAs(browser, account);
    return browser;
  }
  const eventsOf = (id: string, event: string) => t.deps.db.selectFrom("requestEvents").selectAll().where("requestId", "=", id).where("event", "=", event).orderBy("id").execute();

  /** A housing request filed through the use cases at `filedAt`, its applicant logged in. */
  async function filedHousingRequest(filedAt = start) {
    t.clock.set(filedAt);
    const applicant = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Camille", lastName: "Martin" });
    const published = (await findPublishedDefinition(t.deps.db, "logement-social"))!;
    const started = await startRequest(t.deps, { slug: "logement-social", accountId: applicant.id, email: applicant.email, currentOrganisationId: null });
    if (!started.started) throw new Error("not started");
    const draft = (await findApplicantRequest(t.deps.db, started.requestId, applicant.id))!;
    const saved = await saveStep(t.deps, { request: draft, definition: published.definition, stepId: "informations-generales", form: HOUSING_FORM, today: "2026-03-02" });
    expect(saved.errors).toEqual({});
    const outcome = await submitRequest(t.deps, { requestId: started.requestId, accountId: applicant.id, definition: published.definition });
    expect(outcome.filed).toBe(true);
    return { id: started.requestId, applicant, browser: await loggedIn(applicant) };
  }

  const stepUrl = (id: string) => `/demandes/${id}/mise-a-jour/informations-generales`;

  describe("updating", () => {
    it("changes the answers, keeps the number and the filing date, records the change and mails its PDF", async () => {
      const { id, applicant, browser } = await filedHousingRequest();
      const before = await requestRow(id);
      // One year from filing (the clock ticks a millisecond a reading).
      expect(Math.abs(before.validUntil!.getTime() - addMonths(before.filedAt!, 12).getTime())).toBeLessThan(1000);

      const page = await browser.get(`/demandes/${id}`);
      expect(text(page.body)).toContain("Mettre à jour ma demande");
      const overview = await browser.get(`/demandes/${id}/mise-a-jour`);
      expect(overview.statusCode).toBe(200);
      await browser.get(stepUrl(id));
      const saved = await browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Le Havre", version: "0", action: "enregistrer" });
      expect(saved.statusCode).toBe(303);

      const after = await requestRow(id);
      expect(after.number).toBe(before.number);
      expect(after.filedAt).toEqual(before.filedAt);
      expect(after.status).toBe("filed");
      expect(after.answersVersion).toBe(1);
      expect(communeOf(await answersOf(id))).toBe("Le Havre");
      const [event] = await eventsOf(id, "request.updated");
      expect(event!.details).toMatchObject({ fields: ["commune-souhaitee"] });

      expect(await runWaitingJobs(t, "request-pdf-mail")).toBeGreaterThan(0);
      const [mail] = await mailsTo(t.deps.db, applicant.email);
      expect(mail!.subject).toContain("Votre demande est mise à jour");
      const pdf = await pdfText(mail!.attachments[0]!.content);
      expect(pdf).toContain("Récapitulatif des informations modifiées");
      expect(pdf).toContain("Rouen");
      expect(pdf).toContain("Le Havre");
    });

    it("shows the agent what changed since they last looked, in the list and on the request page, once", async () => {
      const { id, browser } = await filedHousingRequest();
      agentBrowser = await loggedIn(agent);
      // The agent looks at the request before the update.
      expect((await agentBrowser.get(`/instruction/logement-social/${id}`)).statusCode).toBe(200);
      const list = await agentBrowser.get("/instruction/logement-social");
      const row = (html: string) => html.slice(html.indexOf(id), html.indexOf("</tr>", html.indexOf(id)));
      expect(row(list.body)).not.toContain("Mise à jour par le demandeur");

      t.clock.advance(10 * 60_000);
      await browser.get(stepUrl(id));
      await browser.post(stepUrl(id), { ...HOUSING_FORM, telephone: "07 11 22 33 44", version: "0", action: "enregistrer" });

      const listAfter = await agentBrowser.get("/instruction/logement-social");
      expect(row(listAfter.body)).toContain("Mise à jour par le demandeur");
      const page = text((await agentBrowser.get(`/instruction/logement-social/${id}`)).body);
      expect(page).toContain("Modifiée depuis votre dernière consultation");
      expect(page).toContain("06 12 34 56 78");
      expect(page).toContain("07 11 22 33 44");
      // Seen: the cue is gone from the page and the list.
      expect(text((await agentBrowser.get(`/instruction/logement-social/${id}`)).body)).not.toContain("Modifiée depuis votre dernière consultation");
      expect(row((await agentBrowser.get("/instruction/logement-social")).body)).not.toContain("Mise à jour par le demandeur");
    });

    it("refuses an update from a page read before another update (two tabs): nothing is overwritten, the message says why", async () => {
      const { id, browser } = await filedHousingRequest();
      await browser.get(stepUrl(id));
      const first = await browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Dieppe", version: "0", action: "enregistrer" });
      expect(first.statusCode).toBe(303);
      await browser.get(stepUrl(id));
      const stale = await browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Évreux", version: "0", action: "enregistrer" });
      expect(stale.statusCode).toBe(409);
      expect(text(stale.body)).toContain("Votre demande a été mise à jour entre-temps");
      expect(communeOf(await answersOf(id))).toBe("Dieppe");
      expect(await eventsOf(id, "request.updated")).toHaveLength(1);
    });

    it("refuses two updates at once from the same version: one wins, the other is told", async () => {
      const { id, browser } = await filedHousingRequest();
      await browser.get(stepUrl(id));
      const [a, b] = await Promise.all([
        browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Fécamp", version: "0", action: "enregistrer" }),
        browser.post(stepUrl(id), { ...HOUSING_FORM, telephone: "07 00 00 00 01", version: "0", action: "enregistrer" }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([303, 409]);
      expect(await eventsOf(id, "request.updated")).toHaveLength(1);
    });

    it("keeps the values typed and says what is wrong on bad input (422)", async () => {
      const { id, browser } = await filedHousingRequest();
      await browser.get(stepUrl(id));
      const bad = await browser.post(stepUrl(id), { ...HOUSING_FORM, "date-naissance": "31/02/1990", "commune-souhaitee": "Yvetot", version: "0", action: "enregistrer" });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain("error-summary");
      expect(bad.body).toContain("Yvetot");
      expect(communeOf(await answersOf(id))).toBe("Rouen");
    });

    it("refuses an update on an abandoned, decided or expired request with a clear message (409)", async () => {
      for (const [status, words] of [
        ["abandoned", "Cette demande est abandonnée"],
        ["accepted", "Cette demande est décidée"],
        ["refused", "Cette demande est décidée"],
        ["closed", "Cette demande est classée sans suite"],
        ["expired", "Cette demande a expiré"],
      ] as const) {
        const { id, browser } = await filedHousingRequest();
        await browser.get(stepUrl(id));
        const csrf = browser.csrfToken();
        await t.deps.db.updateTable("requests").set({ status }).where("id", "=", id).execute();
        expect(text((await browser.get(`/demandes/${id}/mise-a-jour`)).body)).toContain(words);
        const posted = await browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Elbeuf", version: "0", action: "enregistrer" }, { csrf });
        expect(posted.statusCode, status).toBe(409);
        expect(text(posted.body)).toContain(words);
        expect(communeOf(await answersOf(id))).toBe("Rouen");
      }
    });

    it("waits for the contribution while the service asks for one, and a contribution sent meanwhile makes an older page stale", async () => {
      const { id, browser } = await filedHousingRequest();
      await t.deps.db.updateTable("requests").set({ status: "in_instruction" }).where("id", "=", id).execute();
      await browser.get(stepUrl(id));
      await insertAsk(t.deps.db, { requestId: id, kind: "modification", message: "Précisez la commune.", unlockedSteps: ["informations-generales"], askedBy: agent.id, now: t.clock.now() });
      const refused = await browser.post(stepUrl(id), { ...HOUSING_FORM, "commune-souhaitee": "Bolbec", version: "0", action: "enregistrer" });
      expect(refused.statusCode).toBe(409);
      expect(text(refused.body)).toContain("Contribution pour modification");
      expect(communeOf(await answersOf(id))).toBe("Rouen");
      expect(text((await browser.get(`/demandes/${id}/mise-a-jour`)).body)).toContain("Le service instructeur vous a demandé une contribution pour modification");
      // The contribution's answers move the version on (core/requests/queries/asks.ts).
      await updateRequestAnswers(t.deps.db, { requestId: id, answers: (await answersOf(id)) as Answers, now: t.clock.now() });
      expect((await requestRow(id)).answersVersion).toBe(1);
    });

    it("gives another person's request a 404", async () => {
      const { id } = await filedHousingRequest();
      const { browser: other } = await filedHousingRequest();
      expect((await other.get(`/demandes/${id}/mise-a-jour`)).statusCode).toBe(404);
      expect((await other.get(`/demandes/${id}/renouveler`)).statusCode).toBe(404);
    });
  });

  describe("renewing", () => {
    it("is offered from one month before the end; renewing starts the validity again from today and keeps number and seniority", async () => {
      const { id, applicant } = await filedHousingRequest();
      const filed = await requestRow(id);
      // Too early: refused with the reason.
      t.clock.set(new Date(start.getTime() + 200 * DAY));
      let browser = await loggedIn(applicant);
      expect(text((await browser.get(`/demandes/${id}`)).body)).not.toContain("Renouveler ma demande");
      const early = await browser.get(`/demandes/${id}/renouveler`);
      expect(early.statusCode).toBe(409);
      expect(text(early.body)).toContain("à partir d'un mois avant la fin de validité");

      const renewalDay = new Date(filed.validUntil!.getTime() - 10 * DAY);
      t.clock.set(renewalDay);
      browser = await loggedIn(applicant);
      const list = text((await browser.get("/demandes")).body);
      expect(list).toContain("Votre demande est à renouveler");
      expect(list).toContain("Valable jusqu'au");
      expect(list).toContain("1 demande attend une action de votre part");
      expect(text((await browser.get("/tableau-de-bord")).body)).not.toContain("attend une action"); // no reminder mailed yet
      const confirm = await browser.get(`/demandes/${id}/renouveler`);
      expect(confirm.statusCode).toBe(200);
      expect(text(confirm.body)).toContain("Confirmer le renouvellement");
      const renewed = await browser.post(`/demandes/${id}/renouveler`, {});
      expect(renewed.statusCode).toBe(303);

      const after = await requestRow(id);
      expect(after.number).toBe(filed.number);
      expect(after.filedAt).toEqual(filed.filedAt);
      expect(after.renewedAt!.getTime()).toBeGreaterThanOrEqual(renewalDay.getTime());
      expect(after.validUntil).toEqual(addMonths(after.renewedAt!, 12));
      expect(await eventsOf(id, "request.renewed")).toHaveLength(1);
      expect((await mailsTo(t.deps.db, applicant.email))[0]!.subject).toContain("Votre demande est renouvelée");
      const page = text((await browser.get(`/demandes/${id}`)).body);
      expect(page).toContain("Renouvelée le");
      expect(page).not.toContain("Votre demande est à renouveler");

      // Posted again (a second tab): refused, renewed once.
      const again = await browser.post(`/demandes/${id}/renouveler`, {});
      expect(again.statusCode).toBe(409);
      expect(await eventsOf(id, "request.renewed")).toHaveLength(1);
    });

    it("refuses renewing an expired or abandoned request with a clear message", async () => {
      const { id, applicant } = await filedHousingRequest();
      const filed = await requestRow(id);
      t.clock.set(new Date(filed.validUntil!.getTime() - 5 * DAY));
      const browser = await loggedIn(applicant);
      await browser.get(`/demandes/${id}/renouveler`);
      const csrf = browser.csrfToken();
      await t.deps.db.updateTable("requests").set({ status: "expired" }).where("id", "=", id).execute();
      const posted = await browser.post(`/demandes/${id}/renouveler`, {}, { csrf });
      expect(posted.statusCode).toBe(409);
      expect(text(posted.body)).toContain("Cette demande a expiré");
      await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "=", id).execute();
      expect(text((await browser.post(`/demandes/${id}/renouveler`, {}, { csrf })).body)).toContain("Cette demande est abandonnée");
    });
  });

  describe("the validity job (injected clock)", () => {
    /** Only this test's request is handled: others are moved out of the way. */
    async function alone(id: string) {
      await t.deps.db.updateTable("requests").set({ status: "abandoned" }).where("id", "!=", id).where("status", "in", ["filed", "in_instruction"]).execute();
    }

    it("mails one month before, one week before, then expires the request with its mail; each once, whatever the runs", async () => {
      const { id, applicant } = await filedHousingRequest();
      await alone(id);
      const { validUntil } = await requestRow(id);
      const subjects = async () => (await mailsTo(t.deps.db, applicant.email)).map((mail) => mail.subject.replace(" - Guichet", "")).filter((subject) => !subject.startsWith("Votre demande est déposée"));

      t.clock.set(new Date(validUntil!.getTime() - 40 * DAY));
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 0 });

      t.clock.set(new Date(addMonths(validUntil!, -1).getTime() + 60_000));
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 1, expired: 0 });
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 0 });
      expect(await subjects()).toEqual(["Votre demande est à renouveler"]);
      // The reminder makes the dashboard count it.
      const browser = new TestBrowser(t.app);
      await logInAs(browser, applicant);
      expect(text((await browser.get("/tableau-de-bord")).body)).toContain("1 demande attend une action de votre part");

      t.clock.set(new Date(validUntil!.getTime() - 6 * DAY));
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 1, expired: 0 });
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 0 });
      expect((await subjects())[0]).toBe("Dernier rappel : votre demande expire dans une semaine");

      t.clock.set(new Date(validUntil!.getTime() + 60_000));
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 1 });
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 0 });
      expect((await requestRow(id)).status).toBe("expired");
      const later = await loggedIn(applicant);
      expect(await subjects()).toEqual(["Votre demande a expiré", "Dernier rappel : votre demande expire dans une semaine", "Votre demande est à renouveler"]);
      expect(await eventsOf(id, "request.expired")).toHaveLength(1);
      expect(text((await later.get(`/demandes/${id}`)).body)).toContain("Expirée");
    });

    it("sends nothing and expires nothing when a run crashes before committing; the next run does it once", async () => {
      const { id, applicant } = await filedHousingRequest();
      await alone(id);
      const { validUntil } = await requestRow(id);
      t.clock.set(new Date(validUntil!.getTime() - 20 * DAY));
      // A mailer that fails after the marker is written: the transaction rolls back as a crash would.
      const crashing = { ...t.deps, mailer: { ...t.deps.mailer, queue: async () => { throw new Error("crash"); } } };
      await expect(runValidityJob(crashing)).rejects.toThrow("crash");
      expect((await requestRow(id)).remindedMonthAt).toBeNull();
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 1, expired: 0 });
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 0 });
      const reminders = (await mailsTo(t.deps.db, applicant.email)).filter((mail) => mail.subject.startsWith("Votre demande est à renouveler"));
      expect(reminders).toHaveLength(1);

      t.clock.set(new Date(validUntil!.getTime() + DAY));
      await expect(runValidityJob(crashing)).rejects.toThrow("crash");
      expect((await requestRow(id)).status).toBe("filed");
      expect(await runValidityJob(t.deps)).toEqual({ reminded: 0, expired: 1 });
      expect(await eventsOf(id, "request.expired")).toHaveLength(1);
    });

    it("leaves the agent nothing to do on an expired request, and says why", async () => {
      const { id } = await filedHousingRequest();
      await alone(id);
      const { validUntil } = await requestRow(id);
      t.clock.set(new Date(validUntil!.getTime() + DAY));
      await runValidityJob(t.deps);
      agentBrowser = await loggedIn(agent);
      const page = text((await agentBrowser.get(`/instruction/logement-social/${id}`)).body);
      expect(page).toContain("Cette demande a expiré faute de renouvellement par le demandeur");
      expect(page).not.toContain("Prendre en charge");
      const list = text((await agentBrowser.get("/instruction/logement-social?statut=expirees")).body);
      expect(list).toContain("Expirée");
    });

    it("runs through its queue (the hourly schedule queues it)", async () => {
      const { id } = await filedHousingRequest();
      await alone(id);
      const { validUntil } = await requestRow(id);
      t.clock.set(new Date(validUntil!.getTime() + DAY));
      await t.deps.jobs.enqueue("request-validity", {});
      expect(await runWaitingJobs(t, "request-validity")).toBe(1);
      expect((await requestRow(id)).status).toBe("expired");
    });
  });
});
