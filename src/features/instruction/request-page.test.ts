import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, type TestBrowser } from "../../../test/app.ts";
import type { BuiltAccount } from "../../../test/builders.ts";
import { mailsTo } from "../../../test/mails.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";

/** The page's text as read (tags removed, entities decoded), for wording checks. */
function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The part of the page between two markers (the summary, the table of contents). */
function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `${start} is on the page`).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf(end, from));
}

const summaryOf = (html: string) => between(html, '<section class="request-summary"', "</section>");
const tocOf = (html: string) => between(html, '<nav class="request-toc" aria-label="Sommaire de la demande">', "</nav>");

describe("instruction: the request page's summary and table of contents (issue 13)", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let agent: BuiltAccount;
  let browser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid } = await loadTestProcedures(t.deps));
    ({ agent, browser } = await signedInAidAgent(t));
  });
  afterAll(() => t.close());

  const aidRequest = () => buildRequest(t.deps.db, { procedure: aid, prefix: "AA", filedAt: day(2), answers: AID_ANSWERS });
  const pathOf = (request: { id: string }, action = "") => `/instruction/aide-associations/${request.id}${action ? `/${action}` : ""}`;
  const take = async (request: { id: string }) => {
    await browser.get(pathOf(request));
    expect((await browser.post(pathOf(request, "prendre-en-charge"), {})).statusCode).toBe(303);
  };
  const openDocumentsAsk = (request: { id: string }) =>
    t.deps.db
      .insertInto("requestAsks")
      .values({ requestId: request.id, kind: "documents", message: "Merci de fournir le RIB.", askedBy: agent.id, askedAt: t.clock.now(), askedDocuments: JSON.stringify([{ id: "1", label: "RIB", formats: ["pdf"], maxMb: 5 }]) })
      .execute();

  it("sums up a filed request: status, applicant, dates, waiting on the service, taking in charge as the only button", async () => {
    const request = await aidRequest();
    const page = await browser.get(pathOf(request));
    expect(page.statusCode).toBe(200);
    const summary = textOf(summaryOf(page.body));
    expect(summary).toContain("Statut Déposée");
    expect(summary).toContain("Demandeur Mme Camille Martin");
    expect(summary).toContain(request.applicant.email);
    expect(summary).toContain("Déposée le 2 février 2026 à 10:00");
    expect(summary).toContain("Dernière activité 2 février 2026 à 10:00");
    expect(summary).toContain("Le service instructeur : la prise en charge de la demande par un agent.");
    expect(summaryOf(page.body)).toContain(">Prendre en charge</button>");
    expect(page.body).not.toContain('/accepter"');
    expect(summary).toContain("Accepter, refuser, classer sans suite : possible une fois la demande prise en charge.");
  });

  it("offers the decisions and the asks once taken in charge, the agent's decision awaited", async () => {
    const request = await aidRequest();
    await take(request);
    const page = await browser.get(pathOf(request));
    const summary = summaryOf(page.body);
    expect(textOf(summary)).toContain("Vous : la décision (accepter, refuser ou classer sans suite la demande).");
    for (const [label, path] of [
      ["Accepter", "accepter"],
      ["Refuser", "refuser"],
      ["Classer sans suite", "classer-sans-suite"],
      ["Demander une modification", "demander-modification"],
      ["Demander des pièces complémentaires", "demander-pieces"],
    ]) {
      expect(summary).toContain(`href="${pathOf(request, path)}">${label}</a>`);
    }
    expect(textOf(summary)).toContain(`Dernière activité ${new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(t.clock.now())}`);
  });

  it("with an ask open, shows no decision button but the reason with its date, and refuses the decision pages and posts (409)", async () => {
    const request = await aidRequest();
    await take(request);
    await openDocumentsAsk(request);
    const page = await browser.get(pathOf(request));
    const summary = summaryOf(page.body);
    for (const path of ["accepter", "refuser", "classer-sans-suite", "demander-pieces"]) expect(summary).not.toContain(`href="${pathOf(request, path)}"`);
    const sentOn = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(t.clock.now());
    expect(textOf(summary)).toContain(
      `Accepter, refuser, classer sans suite : impossible tant qu'une demande de pièces complémentaires (envoyée le ${sentOn}) est en cours, en attente de la réponse du demandeur.`,
    );
    expect(textOf(summary)).toContain(`Le demandeur : sa réponse à une demande de pièces complémentaires envoyée le ${sentOn}.`);
    // The other ask is still offered.
    expect(summary).toContain(`href="${pathOf(request, "demander-modification")}">Demander une modification</a>`);

    for (const [path, fields] of [
      ["accepter", { motif: "" }],
      ["refuser", { motif: "Incomplet" }],
      ["classer-sans-suite", { motif: "" }],
    ] as const) {
      const confirm = await browser.get(pathOf(request, path));
      expect(confirm.statusCode).toBe(409);
      expect(confirm.body).toContain("Une demande de pièces complémentaires est en cours : la demande ne peut pas être décidée avant la réponse du demandeur.");
      expect(confirm.body).not.toContain('name="motif"');
      const decided = await browser.post(pathOf(request, path), fields);
      expect(decided.statusCode).toBe(409);
    }
    const row = await t.deps.db.selectFrom("requests").select("status").where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("in_instruction");
    expect(await mailsTo(t.deps.db, request.applicant.email)).toHaveLength(1); // the taking in charge only
  });

  it("refuses the confirmation page of a decision before the taking in charge, explained (409)", async () => {
    const request = await aidRequest();
    const confirm = await browser.get(pathOf(request, "accepter"));
    expect(confirm.statusCode).toBe(409);
    expect(confirm.body).toContain("La demande doit être prise en charge avant d&#39;être décidée.");
  });

  it("lists in its table of contents every section present, each link pointing at a heading of the page", async () => {
    const filed = await aidRequest();
    const accepted = await aidRequest();
    await take(accepted);
    expect((await browser.post(pathOf(accepted, "accepter"), { motif: "" })).statusCode).toBe(303);

    for (const [request, expected] of [
      [filed, ["reponses", "documents", "sollicitations", "documents-demande", "messages", "historique"]],
      [accepted, ["reponses", "documents", "sollicitations", "documents-demande", "versements", "messages", "historique"]],
    ] as const) {
      const page = await browser.get(pathOf(request));
      const links = [...tocOf(page.body).matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
      expect(links).toEqual(expected);
      for (const id of links) {
        expect(page.body).toMatch(new RegExp(`<section class="request-section" aria-labelledby="${id}"><h2 id="${id}">`));
        expect(page.body.split(`id="${id}"`)).toHaveLength(2); // one target, never two
      }
      // Every section of the page is in the table of contents.
      const sections = [...page.body.matchAll(/<section class="request-section" aria-labelledby="([^"]+)"/g)].map((match) => match[1]);
      expect(sections).toEqual(links);
    }
  });

  it("says what a granted aid's next payment waits for, and on whom", async () => {
    const request = await aidRequest();
    await take(request);
    await browser.post(pathOf(request, "accepter"), { motif: "" });
    await t.deps.db.insertInto("requestGrants").values({ requestId: request.id, amountCents: 500000, recordedBy: agent.id, recordedAt: t.clock.now() }).execute();
    await t.deps.db
      .insertInto("requestPayments")
      .values([
        { requestId: request.id, position: 1, label: "Avance", amountCents: 200000, plannedOn: "2026-04-01", documentsRequired: false, createdAt: t.clock.now() },
        { requestId: request.id, position: 2, label: "Solde", amountCents: 300000, plannedOn: "2026-09-01", documentsRequired: true, createdAt: t.clock.now() },
      ])
      .execute();
    let summary = textOf(summaryOf((await browser.get(pathOf(request))).body));
    expect(summary).toContain("Vous : le mandatement du versement « Avance », prévu le 1 avril 2026.");
    expect(summary).toContain("Cette demande est décidée : aucune action n'est possible.");

    await t.deps.db.updateTable("requestPayments").set({ status: "paid", paidOn: "2026-04-02" }).where("requestId", "=", request.id).where("position", "=", 1).execute();
    summary = textOf(summaryOf((await browser.get(pathOf(request))).body));
    expect(summary).toContain("Le demandeur : les justificatifs pour demander le versement « Solde », prévu le 1 septembre 2026.");
  });

  it("shows the end of validity and the renewal awaited from the applicant in its last month", async () => {
    const request = await aidRequest();
    const validUntil = new Date(t.clock.now().getTime() + 10 * 24 * 60 * 60 * 1000);
    await t.deps.db.updateTable("requests").set({ validUntil }).where("id", "=", request.id).execute();
    const summary = textOf(summaryOf((await browser.get(pathOf(request))).body));
    const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" }).format(validUntil);
    expect(summary).toContain(`Le demandeur : le renouvellement de la demande, avant le ${day} (sinon elle expire).`);
    expect(summary).toMatch(/Valable jusqu'au \d\d\/\d\d\/\d{4}/);
  });

  it("never shows an event code: every history line in French, an unknown kind included", async () => {
    const request = await aidRequest();
    await take(request);
    await t.deps.db.insertInto("requestEvents").values({ requestId: request.id, occurredAt: t.clock.now(), actorId: agent.id, event: "request.something_new" }).execute();
    const page = await browser.get(pathOf(request));
    const history = textOf(between(page.body, '<h2 id="historique">', "</section>"));
    expect(history).toContain("Demande déposée par Camille Martin");
    expect(history).toContain("Prise en charge par Lucie Bernard (agent)");
    expect(history).toContain("Autre événement par Lucie Bernard (agent)");
    expect(textOf(page.body)).not.toMatch(/\b(request|message|document|ask|payment|renewal)\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b/);
  });
});
