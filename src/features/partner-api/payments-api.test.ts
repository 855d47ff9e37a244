import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mailbox } from "../../../e2e/support/smtp.ts";
import { createTestApp, runWaitingJobs, type TestApp } from "../../../test/app.ts";
import { buildAccount, type BuiltAccount } from "../../../test/builders.ts";
import { AID_ANSWERS, buildRequest, loadTestProcedures, signedInAidAgent, type TestProcedure } from "../../../test/instruction.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { WebhookReceiver } from "../../../test/webhook-receiver.ts";
import { buildPdf } from "../../platform/uploads/test-files.ts";
import { storeUpload } from "../../platform/uploads/uploads.ts";
import { insertRequestDocument, insertUpload } from "../../core/requests/queries/requests.ts";
import { orderPayment } from "../../core/requests/order-payment.ts";
import { askPayment } from "../request-payments/ask-payment.ts";
import { recordGrant, SCHEDULE_ROWS } from "../request-payments/record-grant.ts";
import { createApiPartner, createApiToken, setApiGrant } from "./admin-use-cases.ts";

type Payload = { type: string; data: Record<string, unknown> };
type Schedule = { montant_accorde_centimes: number | null; versements: { id: string; libelle: string; statut: string; paye_le: string | null }[]; deja_enregistre?: boolean };

/**
 * Payments by API (issue 15): a partner's system reads a granted aid's schedule and records a
 * payment's order and payment with the agent's own rules; every payment step — the agent's, the
 * applicant's, the partner's — sends `paiement.modifie`; a decision recorded by API mails the
 * applicant as an agent's does (a real SMTP server receives it).
 */
describe("payments and decisions by API", () => {
  let t: TestApp;
  let mailbox: Mailbox;
  let aid: TestProcedure;
  let agent: BuiltAccount;
  let token: string;
  let readOnly: string;
  let partnerId: string;
  const receiver = new WebhookReceiver();
  const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(t.clock.now());

  beforeAll(async () => {
    mailbox = await Mailbox.start();
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true", SMTP_URL: `smtp://127.0.0.1:${mailbox.port}` } });
    ({ aid } = await loadTestProcedures(t.deps));
    ({ agent } = await signedInAidAgent(t));
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    receiver.now = () => t.clock.now();
    const url = await receiver.start();
    const context = { actorId: admin.id, ip: "127.0.0.1" };
    partnerId = await createApiPartner(t.deps, { name: "Logiciel comptable", webhookUrl: url, paiement_modifie: "oui" }, context);
    receiver.secret = (await t.deps.db.selectFrom("apiPartners").select("webhookSecret").where("id", "=", partnerId).executeTakeFirstOrThrow()).webhookSecret;
    token = (await createApiToken(t.deps, partnerId, { label: "Comptabilité", days: "30", demandes_lecture: "oui", demandes_ecriture: "oui", decisions_ecriture: "oui", versements_ecriture: "oui" }, context)).token;
    readOnly = (await createApiToken(t.deps, partnerId, { label: "Lecture", days: "30", demandes_lecture: "oui" }, context)).token;
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
    await mailbox.close();
  });

  const api = (method: "GET" | "POST", url: string, body?: unknown, bearer = token) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

  /** An accepted aid request of an organisation with a checked IBAN and a RIB; its applicant granted the partner. */
  async function grantedRequest() {
    const applicant = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Inès", lastName: "Garnier" });
    await setApiGrant(t.deps, { accountId: applicant.id, partnerId, granted: true, ip: "127.0.0.1" });
    const organisation = await buildOrganisation(t.deps.db);
    await addMember(t.deps.db, organisation, applicant);
    const request = await buildRequest(t.deps.db, { procedure: aid, prefix: "AA", applicant, filedAt: new Date("2026-02-02T09:00:00Z"), status: "accepted", organisationId: organisation.id, answers: { ...AID_ANSWERS, iban: "FR7630006000011234567890189" } });
    const stored = await storeUpload(t.deps, { content: await buildPdf("RIB"), declaredName: "rib.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
    if (!stored.ok) throw new Error(stored.message);
    await insertUpload(t.deps.db, stored.upload);
    await insertRequestDocument(t.deps.db, { requestId: request.id, documentId: "rib", uploadId: stored.upload.id, uploadedBy: applicant.id, now: t.clock.now() });
    const rows = SCHEDULE_ROWS.map((row) => ({
      row,
      label: row === 1 ? "Avance" : row === 2 ? "Solde" : "",
      amount: row === 1 ? "2 000" : row === 2 ? "3 000" : "",
      plannedOn: row <= 2 ? "01/04/2026" : "",
      conditions: row === 2 ? "Les factures acquittées" : "",
      documentsRequired: row === 2,
    }));
    expect(await recordGrant(t.deps, { procedureId: aid.id, requestId: request.id, agentId: agent.id, amount: "5 000", rows })).toEqual({ already: false });
    return { request, applicant, path: `/api/v1/demarches/aide-associations/demandes/${request.id}` };
  }

  /** Delivers what is queued and returns the payloads received, each signature checked. */
  async function delivered(): Promise<Payload[]> {
    receiver.received = [];
    await runWaitingJobs(t, "webhook-delivery");
    return receiver.received.map((received) => {
      expect(received.verification.valid, JSON.stringify(received.verification)).toBe(true);
      return (received.verification as { payload: Payload }).payload;
    });
  }

  it("reads the amount granted and the schedule; the agent's grant sent paiement.modifie", async () => {
    await delivered();
    const { request, path } = await grantedRequest();
    const read = await api("GET", `${path}/versements`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<Schedule>()).toMatchObject({ montant_accorde_centimes: 500000, versements: [{ libelle: "Avance", statut: "planned", paye_le: null }, { libelle: "Solde", statut: "planned" }] });
    const payloads = await delivered();
    expect(payloads).toEqual([{ type: "paiement.modifie", timestamp: expect.any(String), data: expect.objectContaining({ demande: request.id, statut: "accepted", paiement: expect.objectContaining({ etape: "aide_accordee", montant_centimes: 500000 }) }) }]);
    // A request of another procedure, or a draft, is not found.
    expect((await api("GET", `/api/v1/demarches/essai/demandes/${request.id}/versements`)).statusCode).toBe(404);
  });

  it("orders then pays a payment with the agent's rules, once, with the history, the audit trail, the mail and the signed webhook", async () => {
    const { request, applicant, path } = await grantedRequest();
    await delivered();
    const [advance] = (await api("GET", `${path}/versements`)).json<Schedule>().versements;
    const url = `${path}/versements/${advance!.id}`;

    const early = await api("POST", url, { etape: "paiement", date_paiement: today() });
    expect(early.statusCode).toBe(409);
    expect(early.headers["content-type"]).toContain("application/problem+json");
    expect(early.json()).toMatchObject({ status: 409, detail: "Le versement « Avance » doit être mandaté avant d'être payé." });

    const ordered = await api("POST", url, { etape: "mandatement" });
    expect(ordered.statusCode, ordered.body).toBe(200);
    expect(ordered.json<Schedule>()).toMatchObject({ deja_enregistre: false, versements: [{ statut: "ordered" }, { statut: "planned" }] });
    expect((await api("POST", url, { etape: "mandatement" })).json<Schedule>().deja_enregistre).toBe(true);

    const paid = await api("POST", url, { etape: "paiement", date_paiement: today() });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json<Schedule>().versements[0]).toMatchObject({ statut: "paid", paye_le: today() });

    const events = await t.deps.db.selectFrom("requestEvents").select(["event", "actorId", "details"]).where("requestId", "=", request.id).where("event", "like", "payment.%").orderBy("id").execute();
    expect(events.map((event) => [event.event, event.actorId])).toEqual([["payment.granted", agent.id], ["payment.ordered", null], ["payment.paid", null]]);
    expect(events[2]!.details).toMatchObject({ partnerId });
    const audited = await t.deps.db.selectFrom("auditEvents").select("details").where("event", "=", "request.payment_paid").execute();
    expect(audited.map((row) => row.details)).toContainEqual(expect.objectContaining({ requestId: request.id, partnerId }));
    const subjects = (await t.deps.db.selectFrom("mails").select("subject").where("toAddress", "=", applicant.email).execute()).map((mail) => mail.subject);
    expect(subjects.filter((subject) => /mandaté|payé/.test(subject))).toHaveLength(2);

    const payloads = await delivered();
    expect(payloads.map((payload) => (payload.data.paiement as { etape: string }).etape)).toEqual(["mandate", "paye"]);
    expect(payloads[1]!.data.paiement).toMatchObject({ versement: advance!.id, libelle: "Avance", montant_centimes: 200000, statut: "paid", paye_le: today() });
  });

  it("answers each bad input with a French problem: the date missing, malformed or future (422), an unknown step (422) or payment (404), a token without the scope (403)", async () => {
    const { path } = await grantedRequest();
    const [advance] = (await api("GET", `${path}/versements`)).json<Schedule>().versements;
    const url = `${path}/versements/${advance!.id}`;
    await api("POST", url, { etape: "mandatement" });
    const problemOf = async (body: unknown) => {
      const response = await api("POST", url, body);
      return { status: response.statusCode, ...response.json<{ detail: string; errors?: { pointer: string; detail: string }[] }>() };
    };
    expect(await problemOf({ etape: "paiement" })).toMatchObject({ status: 422, errors: [{ pointer: "/date_paiement", detail: "La date du paiement est obligatoire pour un paiement (AAAA-MM-JJ)." }] });
    expect(await problemOf({ etape: "paiement", date_paiement: "15/03/2026" })).toMatchObject({ status: 422, errors: [{ pointer: "/date_paiement", detail: "Donnez la date au format AAAA-MM-JJ, par exemple 2026-03-15." }] });
    expect(await problemOf({ etape: "paiement", date_paiement: "2099-01-01" })).toMatchObject({ status: 422, errors: [{ pointer: "/date_paiement", detail: "Cette date ne peut pas être dans le futur." }] });
    expect(await problemOf({ etape: "paiement", date_paiement: "2026-02-30" })).toMatchObject({ status: 422, errors: [{ pointer: "/date_paiement", detail: "Cette date n'existe pas : ce mois compte 28 jours." }] });
    expect(await problemOf({ etape: "rembourser" })).toMatchObject({ status: 422, errors: [{ pointer: "/etape" }] });
    expect(await problemOf({ etape: "mandatement", montant: 1 })).toMatchObject({ status: 422, errors: [{ pointer: "/montant", detail: "Cette propriété n'est pas attendue." }] });
    const unknown = await api("POST", `${path}/versements/00000000-0000-4000-8000-000000000000`, { etape: "mandatement" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ detail: "Cette demande ou ce versement n'existe pas dans cette démarche." });
    expect((await api("POST", `${path}/versements/pas-un-uuid`, { etape: "mandatement" })).statusCode).toBe(404);
    const forbidden = await api("POST", url, { etape: "paiement", date_paiement: today() }, readOnly);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ detail: "Ce jeton n'a pas le droit « versements:ecriture » que demande cette opération." });
    // None of them changed the payment.
    expect((await api("GET", `${path}/versements`)).json<Schedule>().versements[0]).toMatchObject({ statut: "ordered", paye_le: null });
  });

  it("sends paiement.modifie when the applicant asks for a payment with its receipts and when the agent orders it", async () => {
    const { request, applicant, path } = await grantedRequest();
    const [, balance] = (await api("GET", `${path}/versements`)).json<Schedule>().versements;
    await delivered();
    const stored = await storeUpload(t.deps, { content: await buildPdf("Factures"), declaredName: "factures.pdf", accepted: ["pdf"], maxBytes: 5_000_000 });
    if (!stored.ok) throw new Error(stored.message);
    await askPayment(t.deps, { requestId: request.id, accountId: applicant.id, paymentId: balance!.id, upload: stored.upload });
    expect(await orderPayment(t.deps, { procedureId: aid.id, requestId: request.id, actor: { kind: "agent", agentId: agent.id }, paymentId: balance!.id })).toEqual({ already: false });
    const payloads = await delivered();
    expect(payloads.map((payload) => [payload.type, (payload.data.paiement as { etape: string; versement: string }).etape, (payload.data.paiement as { versement: string }).versement])).toEqual([
      ["paiement.modifie", "demande", balance!.id],
      ["paiement.modifie", "mandate", balance!.id],
    ]);
  });

  it("mails the applicant the same decision mail for a decision recorded by API as for an agent's, through the SMTP server", async () => {
    const applicant = await buildAccount(t.deps.db, { civility: "M.", firstName: "Paul", lastName: "Lefèvre" });
    await setApiGrant(t.deps, { accountId: applicant.id, partnerId, granted: true, ip: "127.0.0.1" });
    const created = await api("POST", "/api/v1/demarches/essai/demandes", { compte: applicant.id, reponses: { commune: "69123" } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    const filed = await api("POST", `/api/v1/demarches/essai/demandes/${id}/depot`);
    expect(filed.statusCode, filed.body).toBe(200);
    const decision = (body: unknown) => api("POST", `/api/v1/demarches/essai/demandes/${id}/decision`, body);
    expect((await decision({ decision: "prise-en-charge" })).statusCode).toBe(200);
    expect((await decision({ decision: "refus", motif: "Le projet est hors du territoire." })).statusCode).toBe(200);
    // A refused decision queues no mail.
    expect((await decision({ decision: "acceptation" })).statusCode).toBe(409);

    await runWaitingJobs(t, "send-mail");
    const taken = await mailbox.waitFor({ to: applicant.email, subject: /^Votre demande est prise en charge/ });
    const refused = await mailbox.waitFor({ to: applicant.email, subject: /^Votre demande est refusée/ });
    expect(taken.text).toContain("Bonjour M. Lefèvre,");
    expect(refused.text).toContain("Motif du refus : Le projet est hors du territoire.");
    expect(refused.text).toContain("« Mes demandes »");
    const decisionMails = mailbox.messages.filter((mail) => mail.to.includes(applicant.email.toLowerCase()) && /^Votre demande est/.test(mail.subject));
    expect(decisionMails).toHaveLength(2);
  });
});
