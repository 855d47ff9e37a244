import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount, type BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { HOUR } from "../../platform/clock.ts";
import { insertQuestion, markQuestionAnswered } from "./queries.ts";
import { sendQuestion } from "./send-question.ts";

describe("the support queue (/support) and its administration", () => {
  let t: TestApp;
  let admin: BuiltAccount;
  let adminBrowser: TestBrowser;
  let agent: BuiltAccount;
  let colleague: BuiltAccount;
  let agentBrowser: TestBrowser;

  /** A question as /contact stores it, from a signed-in person or a visitor. */
  async function question(input: { accountId?: string; email?: string; body?: string } = {}) {
    const email = input.email ?? `visiteur.${Math.random().toString(36).slice(2)}@exemple.fr`;
    return sendQuestion(
      t.deps,
      {
        topic: "compte",
        requestNumber: null,
        body: input.body ?? "Comment changer mon adresse ?",
        sender: input.accountId ? { kind: "account", accountId: input.accountId, name: "Camille Martin", email } : { kind: "visitor", name: "Léo Visiteur", email, altcha: "" },
        upload: null,
      },
      { ip: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    ).catch(async (error: unknown) => {
      // A visitor's question needs the captcha: tests of the queue store it directly.
      if (input.accountId) throw error;
      const row = await insertQuestion(t.deps.db, { reference: `Q-${Math.random().toString(36).slice(2, 6).toUpperCase()}-TEST`, topic: "compte", requestNumber: null, body: input.body ?? "Question", name: "Léo Visiteur", email, accountId: null, ip: "10.9.9.9", uploadId: null, createdAt: t.clock.now() });
      return row!;
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildAccount(t.deps.db, { role: "platform_admin", firstName: "Julien", lastName: "Bernard" });
    agent = await buildAccount(t.deps.db, { role: "agent", firstName: "Sophie", lastName: "Lefèvre" });
    colleague = await buildAccount(t.deps.db, { role: "agent", firstName: "Hugo", lastName: "Vidal" });
    adminBrowser = new TestBrowser(t.app);
    await logInAs(adminBrowser, admin);
    agentBrowser = new TestBrowser(t.app);
    await logInAs(agentBrowser, agent);
  });
  afterAll(() => t.close());

  it("keeps the queue to support agents: visitors go to the login page, applicants and other agents get a 404", async () => {
    const anonymous = await new TestBrowser(t.app).get("/support");
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe("/connexion?retour=%2Fsupport");
    const { browser: applicant } = await signedInAccount(t);
    expect((await applicant.get("/support")).statusCode).toBe(404);
    expect((await agentBrowser.get("/support")).statusCode).toBe(404);
    expect((await agentBrowser.get("/administration/support")).statusCode).toBe(404);
  });

  it("lets a platform admin name support agents by the e-mail of a staff account, and refuses any other address", async () => {
    await adminBrowser.get("/administration/support");
    const unknown = await adminBrowser.post("/administration/support/agents", { courriel: "personne@exemple.fr" });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain("Aucun compte d&#39;agent instructeur");
    expect(unknown.body).toContain('value="personne@exemple.fr"');
    const applicant = await buildAccount(t.deps.db);
    expect((await adminBrowser.post("/administration/support/agents", { courriel: applicant.email })).statusCode).toBe(422);

    const added = await adminBrowser.post("/administration/support/agents", { courriel: agent.email.toUpperCase() });
    expect(added.statusCode).toBe(303);
    expect((await adminBrowser.post("/administration/support/agents", { courriel: colleague.email })).statusCode).toBe(303);
    const page = await adminBrowser.get("/administration/support");
    expect(page.body).toContain("Sophie Lefèvre");
    expect(page.body).toContain("Hugo Vidal");
    // Only support agents read the questions: the admin's page does not link a queue that would answer 404.
    expect(page.body).not.toContain('href="/support"');
    expect(page.body).toContain("Les questions sont lues et traitées par les agents du support");
    expect((await adminBrowser.get("/support")).statusCode).toBe(404);
    const audit = await t.deps.db.selectFrom("auditEvents").select(["accountId", "actorId"]).where("event", "=", "support.role_granted").execute();
    expect(audit).toEqual(expect.arrayContaining([{ accountId: agent.id, actorId: admin.id }]));
    expect((await agentBrowser.get("/support")).statusCode).toBe(200);
    expect((await adminBrowser.get("/administration")).body).toContain('href="/administration/support"');
  });

  it("lists the questions with filters, escaping what people wrote", async () => {
    const sent = await question({ body: "<script>alert(1)</script> Bonjour" });
    const list = await agentBrowser.get("/support");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(sent.reference);
    const page = await agentBrowser.get(`/support/questions/${sent.id}`);
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Bonjour");
    expect(page.body).not.toContain("<script>alert(1)");
    const mine = await agentBrowser.get("/support?statut=ouvertes&attribution=moi");
    expect(mine.body).not.toContain(sent.reference);
    const closed = await agentBrowser.get("/support?statut=closed&attribution=toutes&page=abc");
    expect(closed.body).not.toContain(sent.reference);
    expect((await agentBrowser.get("/support/questions/pas-un-id")).statusCode).toBe(404);
  });

  it("assigns a question to oneself or to a colleague, never to someone outside the support, with an audit line each time", async () => {
    const sent = await question();
    await agentBrowser.get(`/support/questions/${sent.id}`);
    expect((await agentBrowser.post(`/support/questions/${sent.id}/attribuer`, { agent: agent.id })).statusCode).toBe(303);
    let row = await t.deps.db.selectFrom("supportQuestions").select(["status", "assignedTo"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "assigned", assignedTo: agent.id });
    expect((await agentBrowser.get("/support?statut=ouvertes&attribution=moi")).body).toContain(sent.reference);

    await agentBrowser.get(`/support/questions/${sent.id}`);
    const outsider = await agentBrowser.post(`/support/questions/${sent.id}/attribuer`, { agent: admin.id });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.body).toContain("Choisissez un agent du support.");
    expect((await agentBrowser.post(`/support/questions/${sent.id}/attribuer`, { agent: colleague.id })).statusCode).toBe(303);
    row = await t.deps.db.selectFrom("supportQuestions").select(["status", "assignedTo"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(row.assignedTo).toBe(colleague.id);
    const audit = await t.deps.db.selectFrom("auditEvents").select(["actorId", "accountId"]).where("event", "=", "support.question_assigned").where(sql<boolean>`details->>'questionId' = ${sent.id}`).execute();
    expect(audit).toEqual([
      { actorId: agent.id, accountId: agent.id },
      { actorId: agent.id, accountId: colleague.id },
    ]);
  });

  it("mails the answer, shows it in the person's space, takes their reply, and keeps others out", async () => {
    const { account: person, browser: personBrowser } = await signedInAccount(t);
    const sent = await question({ accountId: person.id, email: person.email });
    await agentBrowser.get(`/support/questions/${sent.id}`);
    const empty = await agentBrowser.post(`/support/questions/${sent.id}/repondre`, { reponse: "" });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain("Saisissez votre réponse.");
    const answered = await agentBrowser.post(`/support/questions/${sent.id}/repondre`, { reponse: "Allez dans « Mon compte ».\n\nCordialement, <le support>" });
    expect(answered.statusCode).toBe(303);
    const row = await t.deps.db.selectFrom("supportQuestions").select(["status", "assignedTo", "firstAnsweredAt"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("answered");
    expect(row.assignedTo).toBe(agent.id);
    expect(row.firstAnsweredAt).not.toBeNull();

    const [mail] = await mailsTo(t.deps.db, person.email);
    expect(mail?.subject).toContain(`Réponse à votre question (${sent.reference})`);
    expect(mail?.textBody).toContain("Allez dans « Mon compte ».");
    expect(mail?.htmlBody).toContain("Cordialement, &lt;le support&gt;");
    expect(mail?.textBody).toContain(`/mes-questions/${sent.id}`);

    const dashboard = await personBrowser.get("/tableau-de-bord");
    expect(dashboard.body).toContain("Mes questions");
    expect(dashboard.body).toContain(sent.reference);
    expect(dashboard.body).toContain("1 réponse");
    const mine = await personBrowser.get(`/mes-questions/${sent.id}`);
    expect(mine.body).toContain("Allez dans « Mon compte ».");
    expect(mine.body).toContain("Cordialement, &lt;le support&gt;");
    // The person never sees the agent's name.
    expect(mine.body).not.toContain("Lefèvre");

    expect((await personBrowser.post(`/mes-questions/${sent.id}/repondre`, { reponse: "Merci, et pour mon nom ?" })).statusCode).toBe(303);
    const after = await t.deps.db.selectFrom("supportQuestions").select(["status"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("assigned");
    const [toAgent] = await mailsTo(t.deps.db, agent.email);
    expect(toAgent?.subject).toContain(`Nouvelle réponse à la question ${sent.reference}`);
    expect(toAgent?.textBody).toContain(`/support/questions/${sent.id}`);
    expect(toAgent?.textBody).not.toContain("Merci, et pour mon nom ?");
    expect((await agentBrowser.get(`/support/questions/${sent.id}`)).body).toContain("Merci, et pour mon nom ?");

    const { browser: stranger } = await signedInAccount(t);
    expect((await stranger.get(`/mes-questions/${sent.id}`)).statusCode).toBe(404);
  });

  it("mails the answer to a visitor without an account, with the answer in the mail", async () => {
    const sent = await question({ email: "visiteur.sans.compte@exemple.fr" });
    await agentBrowser.get(`/support/questions/${sent.id}`);
    await agentBrowser.post(`/support/questions/${sent.id}/repondre`, { reponse: "Voici la réponse." });
    const [mail] = await mailsTo(t.deps.db, "visiteur.sans.compte@exemple.fr");
    expect(mail?.textBody).toContain("Voici la réponse.");
    expect(mail?.textBody).not.toContain("/mes-questions/");
  });

  it("closes a question: it takes no answer, assignment or reply any more, and the closing is audited", async () => {
    const { account: person, browser: personBrowser } = await signedInAccount(t);
    const sent = await question({ accountId: person.id, email: person.email });
    await agentBrowser.get(`/support/questions/${sent.id}`);
    expect((await agentBrowser.post(`/support/questions/${sent.id}/clore`, {})).statusCode).toBe(303);
    const page = await agentBrowser.get(`/support/questions/${sent.id}`);
    expect(page.body).toContain("Cette question est close");
    expect(page.body).not.toContain(`/support/questions/${sent.id}/repondre`);
    expect((await agentBrowser.post(`/support/questions/${sent.id}/repondre`, { reponse: "Trop tard" })).statusCode).toBe(409);
    expect((await agentBrowser.post(`/support/questions/${sent.id}/clore`, {})).statusCode).toBe(409);
    await personBrowser.get(`/mes-questions/${sent.id}`);
    expect((await personBrowser.post(`/mes-questions/${sent.id}/repondre`, { reponse: "Encore moi" })).statusCode).toBe(409);
    const audit = await t.deps.db.selectFrom("auditEvents").select(["actorId"]).where("event", "=", "support.question_closed").where(sql<boolean>`details->>'questionId' = ${sent.id}`).execute();
    expect(audit).toEqual([{ actorId: agent.id }]);
  });

  it("shows admins the counts by status and the median and 90th percentile time to first answer over 30 days", async () => {
    const fresh = await createTestApp();
    try {
      const now = fresh.clock.now();
      const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
      const responder = await buildAccount(fresh.deps.db, { role: "agent" });
      // Answered after 1, 2, 3, … 10 hours; one unanswered; one older than 30 days (not counted).
      for (let hours = 1; hours <= 10; hours++) {
        const row = await insertQuestion(fresh.deps.db, { reference: `Q-AAAA-AA${String(hours).padStart(2, "A").replace(/\d/g, (d) => "BCDEFGHJKM"[Number(d)]!)}`, topic: "autre", requestNumber: null, body: "?", name: "N", email: "n@exemple.fr", accountId: null, ip: "10.1.1.1", uploadId: null, createdAt: at(48) });
        await markQuestionAnswered(fresh.deps.db, row!.id, { agentId: responder.id, now: new Date(at(48).getTime() + hours * HOUR) });
      }
      await insertQuestion(fresh.deps.db, { reference: "Q-ZZZZ-ZZZZ", topic: "autre", requestNumber: null, body: "?", name: "N", email: "n@exemple.fr", accountId: null, ip: "10.1.1.1", uploadId: null, createdAt: at(2) });
      const old = await insertQuestion(fresh.deps.db, { reference: "Q-OLDD-OLDD", topic: "autre", requestNumber: null, body: "?", name: "N", email: "n@exemple.fr", accountId: null, ip: "10.1.1.1", uploadId: null, createdAt: at(40 * 24) });
      await markQuestionAnswered(fresh.deps.db, old!.id, { agentId: responder.id, now: at(39 * 24) });
      const freshAdmin = await buildAccount(fresh.deps.db, { role: "platform_admin" });
      const browser = new TestBrowser(fresh.app);
      await logInAs(browser, freshAdmin);
      const page = await browser.get("/administration/support");
      expect(page.statusCode).toBe(200);
      const cells = [...page.body.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((match) => match[1]);
      // Statuses: new 1, assigned 0, answered 11, closed 0; then received 11, answered 10, median 5.5 h, p90 9.1 h.
      expect(cells).toEqual(["1", "0", "11", "0", "11", "10", "5,5 h", "9,1 h"]);
    } finally {
      await fresh.close();
    }
  });

  it("removes a support agent: the queue is closed to them and their open questions go back to nobody", async () => {
    const sent = await question();
    await agentBrowser.get(`/support/questions/${sent.id}`);
    await agentBrowser.post(`/support/questions/${sent.id}/attribuer`, { agent: colleague.id });
    await adminBrowser.get("/administration/support");
    expect((await adminBrowser.post(`/administration/support/agents/${colleague.id}/retirer`, {})).statusCode).toBe(303);
    const row = await t.deps.db.selectFrom("supportQuestions").select(["status", "assignedTo"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "new", assignedTo: null });
    const colleagueBrowser = new TestBrowser(t.app);
    await logInAs(colleagueBrowser, colleague);
    expect((await colleagueBrowser.get("/support")).statusCode).toBe(404);
    expect(await t.deps.db.selectFrom("auditEvents").select("id").where("event", "=", "support.role_revoked").where("accountId", "=", colleague.id).execute()).toHaveLength(1);
  });
});
