import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { mailsTo } from "../../../test/mails.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { buildPdf } from "../../platform/uploads/test-files.ts";
import { storeUpload } from "../../platform/uploads/uploads.ts";
import { insertRequestDocument, insertUpload } from "../../core/requests/queries/requests.ts";
import { markPaid } from "../../core/requests/mark-paid.ts";
import { orderPayment } from "../../core/requests/order-payment.ts";
import { recordGrant as recordGrantUseCase, SCHEDULE_ROWS } from "./record-grant.ts";

/** Posts one file as the ask form does (multipart, token first), with the browser's cookies. */
async function upload(t: TestApp, browser: TestBrowser, url: string, file: { name: string; content: Buffer } | null) {
  const boundary = "----guichet-payments-test";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken()}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="justificatifs"; filename="${file?.name ?? ""}"\r\nContent-Type: application/pdf\r\n\r\n`),
    file?.content ?? Buffer.alloc(0),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = ["guichet_session", "guichet_csrf"].map((name) => `${name}=${browser.cookie(name) ?? ""}`).join("; ");
  return t.app.inject({ method: "POST", url, remoteAddress: browser.ip, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload });
}

/** A page's text as a person reads it (apostrophes and quotes unescaped, no-break spaces as spaces). */
const text = (html: string) => html.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&").replace(/[\u00a0\u202f]/g, " ");

/** Mails to an address with this subject (the brand follows it). */
const withSubject = <M extends { subject: string }>(mails: M[], subject: string) => mails.filter((mail) => mail.subject.startsWith(`${subject} - `));

const VALID_IBAN = "FR7630006000011234567890189";

describe("payments of granted aid", () => {
  let t: TestApp;
  let aid: TestProcedure;
  let agent: BuiltAccount;
  let agentBrowser: TestBrowser;
  const day = (n: number) => new Date(Date.UTC(2026, 1, n, 9, 0, 0));

  beforeAll(async () => {
    t = await createTestApp();
    ({ aid } = await loadTestProcedures(t.deps));
    ({ agent, browser: agentBrowser } = await signedInAidAgent(t));
  });
  afterAll(() => t.close());

  const agentPath = (request: { id: string }, action = "") => `/instruction/aide-associations/${request.id}${action ? `/${action}` : ""}`;
  const paymentsOf = (requestId: string) => t.deps.db.selectFrom("requestPayments").selectAll().where("requestId", "=", requestId).orderBy("position").execute();
  const eventsOf = async (requestId: string) => (await t.deps.db.selectFrom("requestEvents").select("event").where("requestId", "=", requestId).orderBy("id").execute()).map((row) => row.event);
  const auditOf = async (requestId: string) =>
    (await t.deps.db.selectFrom("auditEvents").select(["event", "details"]).where("event", "like", "request.payment_%").execute()).filter((row) => (row.details as { requestId?: string }).requestId === requestId).map((row) => row.event);

  /** An accepted aid request of an organisation, with its RIB, its applicant logged in on their own browser. */
  async function acceptedRequest(options: { iban?: string; organisationIban?: string | null; rib?: boolean; status?: "accepted" | "in_instruction" } = {}) {
    const applicant = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Inès", lastName: "Garnier" });
    const organisation = await buildOrganisation(t.deps.db);
    await addMember(t.deps.db, organisation, applicant);
    if (options.organisationIban) await t.deps.db.updateTable("organisations").set({ iban: options.organisationIban }).where("id", "=", organisation.id).execute();
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: day(2), status: options.status ?? "accepted", organisationId: organisation.id, answers: { ...AID_ANSWERS, iban: options.iban ?? VALID_IBAN } });
    if (options.rib !== false) {
      const stored = await storeUpload(t.deps, { content: await buildPdf("RIB"), declaredName: "rib.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
      if (!stored.ok) throw new Error(stored.message);
      await insertUpload(t.deps.db, stored.upload);
      await insertRequestDocument(t.deps.db, { requestId: request.id, documentId: "rib", uploadId: stored.upload.id, uploadedBy: applicant.id, now: day(2) });
    }
    const browser = new TestBrowser(t.app);
    await logInAs(browser, applicant);
    return { request, applicant, organisation, browser };
  }

  const SCHEDULE = {
    montant: "5 000 €",
    "libelle-1": "Avance",
    "montant-1": "2 000",
    "date-1": "01/03/2026",
    "libelle-2": "Solde",
    "montant-2": "3000.00",
    "date-2": "30/06/2026",
    "conditions-2": "Factures acquittées des dépenses du projet",
    "justificatifs-2": "oui",
  };

  async function recordGrant(request: { id: string }, fields: Record<string, string> = SCHEDULE) {
    await agentBrowser.get(agentPath(request, "versements"));
    return agentBrowser.post(agentPath(request, "versements"), fields);
  }

  async function order(request: { id: string }, paymentId: string) {
    await agentBrowser.get(agentPath(request));
    return agentBrowser.post(agentPath(request, `versements/${paymentId}/mandater`), {});
  }

  async function pay(request: { id: string }, paymentId: string, date = "15/03/2026") {
    await agentBrowser.get(agentPath(request, `versements/${paymentId}/payer`));
    return agentBrowser.post(agentPath(request, `versements/${paymentId}/payer`), { "date-paiement": date });
  }

  describe("recording the grant and its schedule", () => {
    it("is refused on a request that is not accepted", async () => {
      const { request } = await acceptedRequest({ status: "in_instruction" });
      expect((await agentBrowser.get(agentPath(request, "versements"))).statusCode).toBe(409);
      const refused = await agentBrowser.post(agentPath(request, "versements"), SCHEDULE);
      expect(refused.statusCode).toBe(409);
      expect(text(refused.body)).toContain("acceptez d'abord la demande");
      expect(await paymentsOf(request.id)).toEqual([]);
    });

    it("refuses a schedule over the amount granted, with the amount left, and keeps what was typed", async () => {
      const { request } = await acceptedRequest();
      const over = await recordGrant(request, { ...SCHEDULE, "montant-2": "3 000,01 €" });
      expect(over.statusCode).toBe(422);
      expect(text(over.body)).toContain("Ce versement dépasse le montant restant à verser (3 000,00 €)");
      expect(text(over.body)).toContain('value="3 000,01 €"');
      expect(text(over.body)).toContain('href="#champ-montant-2"');
      expect(await paymentsOf(request.id)).toEqual([]);
    });

    it("reads amounts typed with spaces, a comma, a euro sign or a dot, and refuses the ambiguous ones", async () => {
      const { request } = await acceptedRequest();
      const ambiguous = await recordGrant(request, { ...SCHEDULE, "montant-1": "1.500" });
      expect(ambiguous.statusCode).toBe(422);
      expect(text(ambiguous.body)).toContain("Ce montant est ambigu");
      const wrong = await recordGrant(request, { ...SCHEDULE, montant: "cinq mille", "date-1": "31/02/2026", "libelle-2": "" });
      expect(wrong.statusCode).toBe(422);
      expect(text(wrong.body)).toContain("Le montant ne doit comporter que des chiffres");
      expect(text(wrong.body)).toContain("Cette date n'existe pas");
      expect(text(wrong.body)).toContain("Nommez ce versement");

      const recorded = await recordGrant(request, { ...SCHEDULE, montant: "5 000,50 €", "montant-1": "1 500,50 €", "montant-2": "3500" });
      expect(recorded.statusCode).toBe(303);
      const grant = await t.deps.db.selectFrom("requestGrants").selectAll().where("requestId", "=", request.id).executeTakeFirstOrThrow();
      expect(grant.amountCents).toBe(500_050);
      expect((await paymentsOf(request.id)).map((payment) => [payment.label, payment.amountCents, payment.plannedOn, payment.documentsRequired, payment.status])).toEqual([
        ["Avance", 150_050, "2026-03-01", false, "planned"],
        ["Solde", 350_000, "2026-06-30", true, "planned"],
      ]);
    });

    it("mails the applicant the schedule, writes the history and the audit trail, fills the organisation's IBAN, and is recorded once when posted twice", async () => {
      const { request, applicant, organisation, browser } = await acceptedRequest();
      expect((await recordGrant(request)).statusCode).toBe(303);
      expect((await agentBrowser.post(agentPath(request, "versements"), { ...SCHEDULE, montant: "9 000" })).statusCode).toBe(303);
      expect(agentBrowser.lastPage ?? "").not.toContain("9 000");
      const grants = await t.deps.db.selectFrom("requestGrants").selectAll().where("requestId", "=", request.id).execute();
      expect(grants.map((grant) => grant.amountCents)).toEqual([500_000]);
      expect(await paymentsOf(request.id)).toHaveLength(2);
      const mails = withSubject(await mailsTo(t.deps.db, applicant.email), "Montant de votre aide et échéancier des versements");
      expect(mails).toHaveLength(1);
      expect(text(mails[0]!.textBody)).toContain("5 000,00 €");
      expect(text(mails[0]!.textBody)).toContain("Solde : 3 000,00 €, prévu le 30 juin 2026.");
      expect(await eventsOf(request.id)).toEqual(["request.filed", "payment.granted"]);
      expect(await auditOf(request.id)).toEqual(["request.payment_granted"]);
      const record = await t.deps.db.selectFrom("organisations").select("iban").where("id", "=", organisation.id).executeTakeFirstOrThrow();
      expect(record.iban).toBe(VALID_IBAN);

      const page = text((await browser.get(`/demandes/${request.id}`)).body);
      expect(page).toContain("Versements");
      expect(page).toContain("Montant accordé");
      expect(page).toContain("Demander ce versement");
      const history = text((await browser.get(`/demandes/${request.id}/historique`)).body);
      expect(history).toContain("Montant accordé et échéancier des versements enregistrés");
      expect(history).toContain("5 000,00 € accordés : Avance 2 000,00 € prévu le 1er mars 2026 ; Solde 3 000,00 € prévu le 30 juin 2026");
      const list = text((await browser.get("/demandes")).body);
      expect(list).toContain("Versements : 0,00 € versés sur 5 000,00 € — prochain versement : Avance (2 000,00 €), prévu le 1er mars 2026");
    });
  });

  describe("ordering and paying", () => {
    it("orders a payment that needs no documents, pays it on the date typed, mails each step, and applies each step once", async () => {
      const { request, applicant, browser } = await acceptedRequest();
      await recordGrant(request);
      const [advance, balance] = await paymentsOf(request.id);
      const agentPage = text((await agentBrowser.get(agentPath(request))).body);
      expect(agentPage).toContain("FR76 3000 6000 0112 3456 7890 189");
      expect(agentPage).toContain("Vérifié");
      expect(agentPage).toContain("rib.pdf");

      const early = await order(request, balance!.id);
      expect(early.statusCode).toBe(409);
      expect(text(early.body)).toContain("attend les justificatifs du demandeur");

      expect((await order(request, advance!.id)).statusCode).toBe(303);
      expect((await agentBrowser.post(agentPath(request, `versements/${advance!.id}/mandater`), {})).statusCode).toBe(303);
      const future = await pay(request, advance!.id, "01/01/2099");
      expect(future.statusCode).toBe(422);
      expect(text(future.body)).toContain("Cette date ne peut pas être dans le futur.");
      expect((await pay(request, advance!.id, "2026-03-02")).statusCode).toBe(303);
      expect((await agentBrowser.post(agentPath(request, `versements/${advance!.id}/payer`), { "date-paiement": "03/03/2026" })).statusCode).toBe(303);

      const [paid] = await paymentsOf(request.id);
      expect([paid!.status, paid!.paidOn]).toEqual(["paid", "2026-03-02"]);
      expect(await eventsOf(request.id)).toEqual(["request.filed", "payment.granted", "payment.ordered", "payment.paid"]);
      expect(await auditOf(request.id)).toEqual(["request.payment_granted", "request.payment_ordered", "request.payment_paid"]);
      const mails = await mailsTo(t.deps.db, applicant.email);
      expect(withSubject(mails, "Un versement de votre aide est mandaté")).toHaveLength(1);
      expect(withSubject(mails, "Un versement de votre aide est payé")).toHaveLength(1);
      const paidMail = withSubject(mails, "Un versement de votre aide est payé")[0]!;
      expect(text(paidMail.textBody)).toContain("« Avance » (2 000,00 €)");
      expect(text(paidMail.textBody)).toContain("a été payé le 2 mars 2026");

      const page = text((await browser.get(`/demandes/${request.id}`)).body);
      expect(page).toContain("Payé</span> le 2 mars 2026");
      expect(text((await browser.get(`/demandes/${request.id}/historique`)).body)).toContain("Avance : 2 000,00 €, payé le 2 mars 2026");
      const list = text((await browser.get("/demandes")).body);
      expect(list).toContain("Versements : 2 000,00 € versés sur 5 000,00 € — prochain versement : Solde (3 000,00 €), prévu le 30 juin 2026");
      // The advance paid, the balance waits for the applicant's receipts: the card and the dashboard say so.
      expect(list).toContain("Action attendue de votre part");
      expect(list).toContain("Un versement attend vos justificatifs pour être demandé");
      expect(text((await browser.get("/tableau-de-bord")).body)).toContain("1 demande attend une action de votre part.");
      expect(text(page)).toContain("Un versement attend vos justificatifs pour être demandé");
    });

    it("applies each step once when two posts arrive at the same time (row locks)", async () => {
      const { request, applicant } = await acceptedRequest();
      const rows = SCHEDULE_ROWS.map((row) => ({ row, label: row === 1 ? "Avance" : "", amount: row === 1 ? "5 000" : "", plannedOn: row === 1 ? "01/03/2026" : "", conditions: "", documentsRequired: false }));
      const grant = { procedureId: aid.id, requestId: request.id, agentId: agent.id, amount: "5 000", rows };
      const outcomes = await Promise.all([recordGrantUseCase(t.deps, grant), recordGrantUseCase(t.deps, grant)]);
      expect(outcomes.map((outcome) => outcome.already).sort()).toEqual([false, true]);
      const [advance] = await paymentsOf(request.id);
      const step = { procedureId: aid.id, requestId: request.id, actor: { kind: "agent" as const, agentId: agent.id }, paymentId: advance!.id };
      await Promise.all([orderPayment(t.deps, step), orderPayment(t.deps, step)]);
      await Promise.all([markPaid(t.deps, { ...step, paidOn: "02/03/2026" }), markPaid(t.deps, { ...step, paidOn: "01/03/2026" })]);
      expect(await eventsOf(request.id)).toEqual(["request.filed", "payment.granted", "payment.ordered", "payment.paid"]);
      expect(await paymentsOf(request.id)).toHaveLength(1);
      expect((await mailsTo(t.deps.db, applicant.email)).length).toBe(3);
    });

    it("refuses to order without a valid IBAN or without a RIB", async () => {
      const invalid = await acceptedRequest({ iban: "FR7630006000011234567890188" });
      await recordGrant(invalid.request);
      const [advance] = await paymentsOf(invalid.request.id);
      expect(text((await agentBrowser.get(agentPath(invalid.request))).body)).toContain("Non valide");
      const refused = await order(invalid.request, advance!.id);
      expect(refused.statusCode).toBe(409);
      expect(text(refused.body)).toContain("L'IBAN du demandeur n'est pas valide");
      expect((await paymentsOf(invalid.request.id))[0]!.status).toBe("planned");

      const noRib = await acceptedRequest({ rib: false });
      await recordGrant(noRib.request);
      const [first] = await paymentsOf(noRib.request.id);
      const withoutRib = await order(noRib.request, first!.id);
      expect(withoutRib.statusCode).toBe(409);
      expect(text(withoutRib.body)).toContain("Aucun relevé d'identité bancaire (RIB)");
    });

    it("takes the IBAN of the organisation's record before the one typed in the request", async () => {
      const { request } = await acceptedRequest({ iban: "FR7630006000011234567890188", organisationIban: VALID_IBAN });
      await recordGrant(request);
      const [advance] = await paymentsOf(request.id);
      expect(text((await agentBrowser.get(agentPath(request))).body)).toContain("(fiche de la structure)");
      expect((await order(request, advance!.id)).statusCode).toBe(303);
    });
  });

  describe("the applicant's ask with documents", () => {
    it("refuses documents for a payment that needs none, a missing file, and a second ask; sends the receipts of the balance once", async () => {
      const { request, applicant, browser } = await acceptedRequest();
      await recordGrant(request);
      const [advance, balance] = await paymentsOf(request.id);

      expect((await browser.get(`/demandes/${request.id}/versements/${advance!.id}`)).statusCode).toBe(409);
      const notNeeded = await upload(t, browser, `/demandes/${request.id}/versements/${advance!.id}`, { name: "factures.pdf", content: await buildPdf() });
      expect(notNeeded.statusCode).toBe(409);
      expect(text(notNeeded.body)).toContain("ne demande aucune pièce");

      const page = await browser.get(`/demandes/${request.id}/versements/${balance!.id}`);
      expect(page.statusCode).toBe(200);
      expect(text(page.body)).toContain("Factures acquittées des dépenses du projet");
      const none = await upload(t, browser, `/demandes/${request.id}/versements/${balance!.id}`, null);
      expect(none.statusCode).toBe(422);
      expect(text(none.body)).toContain("Joignez vos justificatifs");
      expect(none.body).toContain('href="#champ-justificatifs"');
      expect(none.body).toContain('id="champ-justificatifs"');

      const sent = await upload(t, browser, `/demandes/${request.id}/versements/${balance!.id}`, { name: "factures.pdf", content: await buildPdf("Factures") });
      expect(sent.statusCode).toBe(303);
      const again = await upload(t, browser, `/demandes/${request.id}/versements/${balance!.id}`, { name: "factures-2.pdf", content: await buildPdf("Factures") });
      expect(again.statusCode).toBe(409);
      expect(text(again.body)).toContain("a déjà été demandé");

      expect((await paymentsOf(request.id))[1]!.status).toBe("asked");
      const files = await t.deps.db.selectFrom("requestPaymentFiles").innerJoin("uploads", "uploads.id", "requestPaymentFiles.uploadId").select("uploads.originalName").where("paymentId", "=", balance!.id).execute();
      expect(files.map((file) => file.originalName)).toEqual(["factures.pdf"]);
      const documents = await t.deps.db.selectFrom("requestDocuments").select("documentId").where("requestId", "=", request.id).execute();
      expect(documents.map((document) => document.documentId)).toContain("Justificatifs du versement « Solde »");
      expect(await eventsOf(request.id)).toEqual(["request.filed", "payment.granted", "payment.asked"]);
      expect(withSubject(await mailsTo(t.deps.db, applicant.email), "Votre demande de versement a bien été transmise")).toHaveLength(1);

      const agentPage = text((await agentBrowser.get(agentPath(request))).body);
      expect(agentPage).toContain("factures.pdf");
      expect((await order(request, balance!.id)).statusCode).toBe(303);
      expect((await pay(request, balance!.id, "02/03/2026")).statusCode).toBe(303);
      expect((await paymentsOf(request.id))[1]!.status).toBe("paid");
    });

    it("shows nothing of another person's payments (404)", async () => {
      const { request } = await acceptedRequest();
      await recordGrant(request);
      const [, balance] = await paymentsOf(request.id);
      const stranger = new TestBrowser(t.app);
      await logInAs(stranger, await buildAccount(t.deps.db));
      expect((await stranger.get(`/demandes/${request.id}/versements/${balance!.id}`)).statusCode).toBe(404);
      expect((await upload(t, stranger, `/demandes/${request.id}/versements/${balance!.id}`, { name: "factures.pdf", content: await buildPdf() })).statusCode).toBe(404);
      expect((await stranger.get(agentPath(request, "versements"))).statusCode).toBe(404);
      expect(agent.id).toBeTruthy();
    });
  });
});
