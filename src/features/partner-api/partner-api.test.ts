import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, type BuiltAccount } from "../../../test/builders.ts";
import { loadTestProcedures } from "../../../test/instruction.ts";
import { buildPdf, buildPng } from "../../platform/uploads/test-files.ts";
import { hashApiToken } from "../../core/partner-api/tokens.ts";
import { verifyWebhook, webhookHeaders } from "../../core/partner-api/webhook-signature.ts";
import { WebhookReceiver } from "../../../test/webhook-receiver.ts";
import { createApiPartner, createApiToken, setApiGrant } from "./admin-use-cases.ts";
import { deliverWebhookJob, postWebhook, WEBHOOK_MAX_ATTEMPTS } from "./deliver-webhook.ts";
import { API_RATE_PER_MINUTE } from "./routes.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { saveStep } from "../../core/requests/save-step.ts";
import { buildDefinition } from "../../../test/procedures.ts";

describe("the public API", () => {
  let t: TestApp;
  let admin: BuiltAccount;
  let applicant: BuiltAccount;
  let stranger: BuiltAccount;
  let partnerId: string;
  let token: string;
  let readOnly: string;
  const receiver = new WebhookReceiver();
  let receiverUrl = "";
  const adminContext = () => ({ actorId: admin.id, ip: "127.0.0.1" });

  const api = (method: "GET" | "POST" | "PUT", url: string, options: { token?: string | null; body?: unknown; raw?: Buffer; headers?: Record<string, string> } = {}) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? token}` }),
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.raw ? { "content-type": "application/octet-stream" } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : options.raw ? { payload: options.raw } : {}),
    });

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    await loadTestProcedures(t.deps);
    admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    applicant = await buildAccount(t.deps.db);
    stranger = await buildAccount(t.deps.db);
    receiver.now = () => t.clock.now();
    const url = await receiver.start();
    receiverUrl = url;
    partnerId = await createApiPartner(t.deps, { name: "Logiciel de la mairie", webhookUrl: url, demande_deposee: "oui", demande_decidee: "oui" }, adminContext());
    receiver.secret = (await t.deps.db.selectFrom("apiPartners").select("webhookSecret").where("id", "=", partnerId).executeTakeFirstOrThrow()).webhookSecret;
    token = (await createApiToken(t.deps, partnerId, { label: "Production", days: "30", demarches_lecture: "oui", demandes_lecture: "oui", demandes_ecriture: "oui", decisions_ecriture: "oui" }, adminContext())).token;
    readOnly = (await createApiToken(t.deps, partnerId, { label: "Lecture", days: "30", demarches_lecture: "oui" }, adminContext())).token;
    await setApiGrant(t.deps, { accountId: applicant.id, partnerId, granted: true, ip: "127.0.0.1" });
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  const pendingDeliveries = async () =>
    (await sql<{ data: { deliveryId: string } }>`select data from pgboss.job where name = 'webhook-delivery' and state = 'created' order by created_on`.execute(t.deps.db)).rows.map((row) => row.data.deliveryId);
  const clearQueue = () => sql`update pgboss.job set state = 'completed' where name = 'webhook-delivery' and state = 'created'`.execute(t.deps.db);

  /** Creates, completes and files a request of "essai" by API; returns its id. */
  async function fileOne(answers: Record<string, string> = { commune: "69123", enfants: "oui" }) {
    const created = await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: applicant.id, reponses: answers } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    if (answers.enfants === "oui") {
      const piece = await api("PUT", `/api/v1/demarches/essai/demandes/${id}/pieces/livret?nom=livret.pdf`, { raw: await buildPdf("Livret") });
      expect(piece.statusCode, piece.body).toBe(201);
    }
    const filed = await api("POST", `/api/v1/demarches/essai/demandes/${id}/depot`);
    expect(filed.statusCode, filed.body).toBe(200);
    return filed.json<{ id: string; numero: string; statut: string }>();
  }

  it("publishes an OpenAPI 3.1 document that a validator accepts, and a reference page drawn from it without JavaScript", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json<Record<string, unknown>>();
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    const page = await t.app.inject({ method: "GET", url: "/api/reference" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Référence de l");
    expect(page.body).toContain("POST /demarches/{slug}/demandes");
    expect(page.body).toContain('id="schema-NouvelleDemande"');
    expect(page.body).not.toMatch(/<script(?![^>]*src=)/);
  });

  it("lists every route of /api/v1 in the document", async () => {
    const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`));
    const routes = t.app.printRoutes({ commonPrefix: false });
    for (const route of documented) expect(routes).toContain(route.split(" ")[1]!.split("/").at(-1)!);
    expect(documented).toHaveLength(10);
  });

  it("stores tokens hashed, never in clear", async () => {
    const rows = await t.deps.db.selectFrom("apiTokens").select(["tokenHash", "prefix"]).where("partnerId", "=", partnerId).execute();
    expect(rows.map((row) => row.tokenHash)).toContain(hashApiToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("answers 401 in problem form without a token, with an unknown one, and never accepts a session cookie instead", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer gch_inconnu_0123456789" }, { authorization: "Basic YTpi" }]) {
      const response = await api("GET", "/api/v1/demarches", { token: null, headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.headers["www-authenticate"]).toContain("Bearer");
      expect(response.json()).toMatchObject({ status: 401, title: "Authentification requise" });
    }
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    const withCookie = await t.app.inject({ method: "GET", url: "/api/v1/demarches", headers: { cookie: `guichet_session=${browser.cookie("guichet_session") ?? ""}` } });
    expect(withCookie.statusCode).toBe(401);
  });

  it("answers 401 for an expired token and for a revoked one", async () => {
    const expiring = await createApiToken(t.deps, partnerId, { label: "Court", days: "1", demarches_lecture: "oui" }, adminContext());
    expect((await api("GET", "/api/v1/demarches", { token: expiring.token })).statusCode).toBe(200);
    t.clock.advance(25 * 60 * 60 * 1000);
    const expired = await api("GET", "/api/v1/demarches", { token: expiring.token });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ title: "Jeton expiré" });

    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    const revocable = await createApiToken(t.deps, partnerId, { label: "À révoquer", days: "10", demarches_lecture: "oui" }, adminContext());
    const row = await t.deps.db.selectFrom("apiTokens").select("id").where("tokenHash", "=", hashApiToken(revocable.token)).executeTakeFirstOrThrow();
    await browser.get(`/administration/api/${partnerId}`);
    expect((await browser.post(`/administration/api/${partnerId}/jetons/${row.id}/revoquer`, {})).statusCode).toBe(303);
    const revoked = await api("GET", "/api/v1/demarches", { token: revocable.token });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ title: "Jeton révoqué" });
  });

  it("answers 403 when the token lacks the operation's scope", async () => {
    expect((await api("GET", "/api/v1/demarches/essai", { token: readOnly })).statusCode).toBe(200);
    const response = await api("GET", "/api/v1/demarches/essai/demandes", { token: readOnly });
    expect(response.statusCode).toBe(403);
    expect(response.json<{ detail: string }>().detail).toContain("demandes:lecture");
  });

  it("reads procedures with their steps, fields and documents", async () => {
    const response = await api("GET", "/api/v1/demarches/essai");
    expect(response.json()).toMatchObject({ slug: "essai", titre: "Démarche d'essai", etapes: [{ id: "general" }, { id: "foyer", pieces: [{ id: "livret", formats: ["pdf"], taille_max_mo: 5 }] }] });
    expect((await api("GET", "/api/v1/demarches")).json<{ demarches: unknown[] }>().demarches.length).toBeGreaterThanOrEqual(2);
    expect((await api("GET", "/api/v1/demarches/inconnue")).statusCode).toBe(404);
  });

  it("creates, completes and files a request for an account that granted it, and sends the signed webhook", async () => {
    await clearQueue();
    const filed = await fileOne();
    expect(filed.statut).toBe("filed");
    expect(filed.numero).toMatch(/^ES/);
    // The request is the account's, with its history, as if filed on the pages.
    const request = await t.deps.db.selectFrom("requests").select(["applicantId", "status"]).where("id", "=", filed.id).executeTakeFirstOrThrow();
    expect(request).toEqual({ applicantId: applicant.id, status: "filed" });
    // The webhook was queued with the filing, and is delivered by the job, signed.
    const [deliveryId] = await pendingDeliveries();
    expect(deliveryId).toBeDefined();
    receiver.received = [];
    await deliverWebhookJob(t.deps)({ deliveryId });
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    expect(received!.verification).toMatchObject({ valid: true, payload: { type: "demande.deposee", data: { demande: filed.id, numero: filed.numero, demarche: "essai" } } });
    expect(received!.headers["webhook-signature"]).toMatch(/^v1,/);
    const delivery = await t.deps.db.selectFrom("webhookDeliveries").select(["status", "attempts"]).where("id", "=", deliveryId!).executeTakeFirstOrThrow();
    expect(delivery).toEqual({ status: "delivered", attempts: 1 });
    // Run twice (an expired job handed back): nothing is sent again.
    await deliverWebhookJob(t.deps)({ deliveryId });
    expect(receiver.received).toHaveLength(1);
  });

  it("queues the webhook for a request filed on the pages too (the state machine queues it with the filing)", async () => {
    await clearQueue();
    const started = await startRequest(t.deps, { slug: "essai", accountId: applicant.id, email: applicant.email, currentOrganisationId: null });
    if (!started.started) throw new Error("not started");
    const definition = buildDefinition();
    const answer = async (requestId: string, account: BuiltAccount) =>
      saveStep(t.deps, { request: { id: requestId, status: "draft", applicantId: account.id, organisationId: null, procedureId: (await t.deps.db.selectFrom("requests").select("procedureId").where("id", "=", requestId).executeTakeFirstOrThrow()).procedureId }, definition, stepId: "general", form: { commune: "69123" }, today: "2026-03-02" });
    await answer(started.requestId, applicant);
    const outcome = await submitRequest(t.deps, { requestId: started.requestId, accountId: applicant.id, definition });
    expect(outcome.filed).toBe(true);
    const deliveries = await t.deps.db.selectFrom("webhookDeliveries").select(["eventType", "body"]).where("id", "in", await pendingDeliveries()).execute();
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({ type: "demande.deposee", data: { demande: started.requestId, statut: "filed", ancien_statut: "draft" } });
    // An account that granted no partner: nothing is queued.
    await clearQueue();
    const other = await startRequest(t.deps, { slug: "essai", accountId: stranger.id, email: stranger.email, currentOrganisationId: null });
    if (!other.started) throw new Error("not started");
    await answer(other.requestId, stranger);
    expect((await submitRequest(t.deps, { requestId: other.requestId, accountId: stranger.id, definition })).filed).toBe(true);
    expect(await pendingDeliveries()).toEqual([]);
  });

  it("signs as the standardwebhooks package verifies, and the helper refuses a replay outside 5 minutes or a forged body", () => {
    const body = JSON.stringify({ type: "demande.deposee", data: {} });
    const now = new Date();
    const headers = webhookHeaders(receiver.secret, { id: "msg_1", timestamp: Math.floor(now.getTime() / 1000), body });
    expect(new Webhook(receiver.secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyWebhook(receiver.secret, headers, body, { now })).toMatchObject({ valid: true });
    expect(verifyWebhook(receiver.secret, headers, body, { now: new Date(now.getTime() + 6 * 60 * 1000) })).toEqual({ valid: false, reason: "stale-timestamp" });
    expect(verifyWebhook(receiver.secret, headers, body.replace("{}", '{"x":1}'), { now })).toEqual({ valid: false, reason: "bad-signature" });
    expect(verifyWebhook("whsec_" + Buffer.alloc(32).toString("base64"), headers, body, { now })).toEqual({ valid: false, reason: "bad-signature" });
  });

  it("retries a receiver that answers 500, times out or cannot be reached, records each attempt, and marks the delivery failed after the last", async () => {
    await clearQueue();
    await fileOne();
    const [deliveryId] = await pendingDeliveries();
    const job = deliverWebhookJob({ ...t.deps, timeoutMs: 300 });
    receiver.mode = "error";
    await expect(job({ deliveryId })).rejects.toThrow(/Réponse 500/);
    receiver.mode = "hang";
    await expect(job({ deliveryId })).rejects.toThrow(/Délai dépassé/);
    receiver.mode = "ok";
    // Unreachable: the partner's address points to a closed port.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = (await t.deps.db.selectFrom("apiPartners").select("webhookUrl").where("id", "=", partnerId).executeTakeFirstOrThrow()).webhookUrl;
    await t.deps.db.updateTable("apiPartners").set({ webhookUrl: `http://127.0.0.1:${port}/` }).where("id", "=", partnerId).execute();
    await expect(job({ deliveryId })).rejects.toThrow(/Injoignable/);
    const attempts = await t.deps.db.selectFrom("webhookAttempts").select(["statusCode", "error"]).where("deliveryId", "=", deliveryId!).orderBy("attemptedAt").execute();
    expect(attempts).toEqual([
      { statusCode: 500, error: "Réponse 500" },
      { statusCode: null, error: "Délai dépassé" },
      { statusCode: null, error: expect.stringMatching(/^Injoignable/) as unknown },
    ]);
    // The queue retries it with growing delays for about a day.
    const queue = (await sql<{ retryLimit: number; retryBackoff: boolean }>`select retry_limit, retry_backoff from pgboss.queue where name = 'webhook-delivery'`.execute(t.deps.db)).rows[0]!;
    expect(queue).toEqual({ retryLimit: WEBHOOK_MAX_ATTEMPTS - 1, retryBackoff: true });
    await t.deps.db.updateTable("webhookDeliveries").set({ attempts: WEBHOOK_MAX_ATTEMPTS - 1 }).where("id", "=", deliveryId!).execute();
    await expect(job({ deliveryId })).rejects.toThrow();
    expect((await t.deps.db.selectFrom("webhookDeliveries").select("status").where("id", "=", deliveryId!).executeTakeFirstOrThrow()).status).toBe("failed");

    // Visible in the admin pages with its attempts, and re-sendable: it arrives once the receiver is back.
    await t.deps.db.updateTable("apiPartners").set({ webhookUrl: url }).where("id", "=", partnerId).execute();
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    const page = await browser.get(`/administration/api/${partnerId}`);
    expect(page.body).toContain("Abandonné");
    expect(page.body).toContain("réponse 500");
    expect(page.body).toContain("Délai dépassé");
    await clearQueue();
    expect((await browser.post(`/administration/api/${partnerId}/envois/${deliveryId}/renvoyer`, {})).statusCode).toBe(303);
    expect(await pendingDeliveries()).toEqual([deliveryId]);
    receiver.received = [];
    await job({ deliveryId });
    expect(receiver.received[0]!.verification.valid).toBe(true);
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(`msg_${deliveryId}`);
  });

  it("refuses a webhook address on a loopback or private network unless the configuration allows it, and never sends to one", async () => {
    const strict = { ...t.deps, config: { ...t.deps.config, webhookAllowPrivate: false } };
    await expect(createApiPartner(strict, { name: "Serveur interne", webhookUrl: "http://127.0.0.1:9/hook" }, adminContext())).rejects.toMatchObject({
      errors: { webhookUrl: "L'adresse des webhooks mène à une adresse privée, locale ou réservée (127.0.0.1) : indiquez une adresse publique du partenaire." },
    });
    // The receiver's address was saved while allowed: with the flag off, the job refuses to post to it.
    await clearQueue();
    await fileOne();
    const [deliveryId] = await pendingDeliveries();
    receiver.received = [];
    await expect(deliverWebhookJob(strict)({ deliveryId })).rejects.toThrow("Adresse refusée");
    expect(receiver.received).toHaveLength(0);
    const attempt = await t.deps.db.selectFrom("webhookAttempts").select(["statusCode", "error"]).where("deliveryId", "=", deliveryId!).executeTakeFirstOrThrow();
    expect(attempt).toEqual({ statusCode: null, error: "Adresse refusée (privée, locale ou introuvable)" });
  });

  it("checks the address again when it connects: a name that now resolves to a private address gets nothing (DNS rebinding)", async () => {
    // « localhost » stands for a public name re-pointed to 127.0.0.1 after the address was checked.
    const rebound = receiverUrl.replace("127.0.0.1", "localhost");
    receiver.received = [];
    expect(await postWebhook(rebound, {}, "{}", { timeoutMs: 5_000, allowPrivate: false })).toEqual({ statusCode: null, error: "Adresse refusée (privée, locale ou introuvable)" });
    expect(receiver.received).toHaveLength(0);
    // Allowed (tests, a partner on the same private network), the same name is reached.
    expect(await postWebhook(rebound, {}, "{}", { timeoutMs: 5_000, allowPrivate: true })).toMatchObject({ statusCode: expect.any(Number) as unknown });
    expect(receiver.received).toHaveLength(1);
  });

  it("answers 422 naming each faulty path when the body does not match the schema", async () => {
    const response = await api("POST", "/api/v1/demarches/essai/demandes", { body: { reponses: { commune: 3 }, extra: true } });
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const pointers = response.json<{ errors: { pointer: string; detail: string }[] }>().errors.map((error) => error.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/compte", "/reponses/commune", "/extra"]));
    const malformed = await t.app.inject({ method: "POST", url: "/api/v1/demarches/essai/demandes", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, payload: "{nope" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ title: "Requête mal formée" });
  });

  it("answers 422 with the answers the procedure refuses, and keeps the draft", async () => {
    const response = await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: applicant.id, reponses: { commune: "Atlantide" } } });
    expect(response.statusCode).toBe(422);
    const body = response.json<{ errors: { pointer: string }[]; demande: { statut: string } }>();
    expect(body.errors.map((error) => error.pointer)).toEqual(["/reponses/commune"]);
    expect(body.demande.statut).toBe("draft");
  });

  it("refuses an account that did not grant the partner access", async () => {
    const response = await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: stranger.id, reponses: {} } });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe("/compte");
  });

  it("lets an account grant and withdraw its consent in Mon compte", async () => {
    const browser = new TestBrowser(t.app);
    await logInAs(browser, stranger);
    const page = await browser.get("/mon-compte/partenaires");
    expect(page.body).toContain("Autoriser Logiciel de la mairie");
    expect((await browser.post(`/mon-compte/partenaires/${partnerId}/autoriser`, {})).statusCode).toBe(303);
    expect((await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: stranger.id, reponses: { commune: "69123" } } })).statusCode).toBe(201);
    await browser.get("/mon-compte/partenaires");
    expect((await browser.post(`/mon-compte/partenaires/${partnerId}/retirer`, {})).statusCode).toBe(303);
    expect((await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: stranger.id, reponses: {} } })).statusCode).toBe(422);
    // A POST without the form's CSRF token is refused on the pages (the API needs none: it takes no cookie).
    expect((await browser.post(`/mon-compte/partenaires/${partnerId}/autoriser`, {}, { csrf: null })).statusCode).toBe(403);
  });

  it("refuses a document too large (413) or of the wrong type (415), and filing an incomplete request (422)", async () => {
    const created = await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: applicant.id, reponses: { commune: "69123", enfants: "oui" } } });
    const id = created.json<{ id: string }>().id;
    const big = Buffer.concat([await buildPdf("Gros"), Buffer.alloc(6 * 1024 * 1024)]);
    const tooLarge = await api("PUT", `/api/v1/demarches/essai/demandes/${id}/pieces/livret`, { raw: big });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json<{ detail: string }>().detail).toContain("taille maximale");
    const wrongType = await api("PUT", `/api/v1/demarches/essai/demandes/${id}/pieces/livret`, { raw: buildPng() });
    expect(wrongType.statusCode).toBe(415);
    expect((await api("PUT", `/api/v1/demarches/essai/demandes/${id}/pieces/inconnue`, { raw: await buildPdf() })).statusCode).toBe(404);
    const empty = (await api("POST", "/api/v1/demarches/essai/demandes", { body: { compte: applicant.id, reponses: {} } })).json<{ id: string }>().id;
    const incomplete = await api("POST", `/api/v1/demarches/essai/demandes/${empty}/depot`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ manquants: [{ etape: "general", libelle: "Commune souhaitée", nature: "champ" }] });
  });

  it("answers 404 for a request of another procedure", async () => {
    const filed = await fileOne({ commune: "69123" });
    expect((await api("GET", `/api/v1/demarches/essai/demandes/${filed.id}`)).statusCode).toBe(200);
    expect((await api("GET", `/api/v1/demarches/aide-associations/demandes/${filed.id}`)).statusCode).toBe(404);
    expect((await api("POST", `/api/v1/demarches/aide-associations/demandes/${filed.id}/decision`, { body: { decision: "prise-en-charge" } })).statusCode).toBe(404);
    expect((await api("GET", "/api/v1/demarches/essai/demandes/pas-un-uuid")).statusCode).toBe(404);
  });

  it("lists a procedure's filed requests by cursor pages, and refuses a parameter out of the allowed set", async () => {
    await fileOne({ commune: "69123" });
    await fileOne({ commune: "69123" });
    const all = (await api("GET", "/api/v1/demarches/essai/demandes?limite=100")).json<{ demandes: { id: string; statut: string }[]; suivant: string | null }>();
    expect(all.suivant).toBeNull();
    expect(all.demandes.every((request) => request.statut !== "draft")).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { demandes: { id: string }[]; suivant: string | null } = (await api("GET", `/api/v1/demarches/essai/demandes?limite=2${cursor ? `&curseur=${cursor}` : ""}`)).json();
      expect(page.demandes.length).toBeLessThanOrEqual(2);
      seen.push(...page.demandes.map((request) => request.id));
      cursor = page.suivant;
    } while (cursor);
    expect(seen).toEqual(all.demandes.map((request) => request.id));
    for (const query of ["limite=0", "limite=abc", "statut=draft", "curseur=nimportequoi"]) {
      const response = await api("GET", `/api/v1/demarches/essai/demandes?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json<{ errors: unknown[] }>().errors).toHaveLength(1);
    }
  });

  it("records decisions through the state machine, with the decided webhook queued with them", async () => {
    await clearQueue();
    const filed = await fileOne({ commune: "69123" });
    await clearQueue();
    const url = `/api/v1/demarches/essai/demandes/${filed.id}/decision`;
    expect((await api("POST", url, { body: { decision: "acceptation" } })).statusCode).toBe(409);
    expect((await api("POST", url, { body: { decision: "prise-en-charge" } })).json()).toMatchObject({ statut: "in_instruction" });
    const unmotivated = await api("POST", url, { body: { decision: "refus" } });
    expect(unmotivated.statusCode).toBe(422);
    expect(unmotivated.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe("/motif");
    expect((await api("POST", url, { body: { decision: "refus", motif: "Hors du périmètre." } })).json()).toMatchObject({ statut: "refused" });
    expect((await api("POST", url, { body: { decision: "n'importe" } })).statusCode).toBe(422);
    const events = await t.deps.db.selectFrom("requestEvents").select(["event", "reason"]).where("requestId", "=", filed.id).orderBy("occurredAt").execute();
    expect(events.map((event) => event.event)).toEqual(expect.arrayContaining(["request.filed", "request.taken", "request.refused"]));
    expect(events.find((event) => event.event === "request.refused")?.reason).toBe("Hors du périmètre.");
    const deliveries = await t.deps.db.selectFrom("webhookDeliveries").select("eventType").where("id", "in", await pendingDeliveries()).execute();
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(["demande.decidee", "demande.decidee"]);
  });

  it("limits the requests per token (429 in problem form), each token on its own budget", async () => {
    const limited = await createApiToken(t.deps, partnerId, { label: "Limité", days: "5", demarches_lecture: "oui" }, adminContext());
    let last = 0;
    const remaining: string[] = [];
    for (let index = 0; index <= API_RATE_PER_MINUTE; index++) {
      const answer = await api("GET", "/api/v1/demarches/essai", { token: limited.token });
      last = answer.statusCode;
      remaining.push(String(answer.headers["x-ratelimit-remaining"]));
    }
    expect(last).toBe(429);
    // A partner's program sees its budget go down on every answer (pages send these only with a refusal).
    expect(remaining.slice(0, 3)).toEqual([String(API_RATE_PER_MINUTE - 1), String(API_RATE_PER_MINUTE - 2), String(API_RATE_PER_MINUTE - 3)]);
    const refused = await api("GET", "/api/v1/demarches/essai", { token: limited.token });
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json()).toMatchObject({ status: 429, title: "Trop de requêtes" });
    expect((await api("GET", "/api/v1/demarches/essai", { token: readOnly })).statusCode).toBe(200);
  });

  it("lets a platform admin create a partner and a token in the pages, shown once", async () => {
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    await browser.get("/administration/api");
    const invalid = await browser.post("/administration/api", { name: "", webhookUrl: "pas une adresse" });
    expect(invalid.statusCode).toBe(422);
    const created = await browser.post("/administration/api", { name: "Caisse d'allocations", webhookUrl: "" });
    expect(created.statusCode).toBe(303);
    const partnerPage = created.headers.location!;
    await browser.get(partnerPage);
    const noScope = await browser.post(`${partnerPage}/jetons`, { label: "Prod", days: "30" });
    expect(noScope.statusCode).toBe(422);
    expect(noScope.body).toContain("Cochez au moins un droit.");
    const shown = await browser.post(`${partnerPage}/jetons`, { label: "Prod", days: "30", demarches_lecture: "oui" });
    expect(shown.statusCode).toBe(201);
    const newToken = /id="jeton-cree">([^<]+)</.exec(shown.body)![1]!;
    expect((await api("GET", "/api/v1/demarches", { token: newToken })).statusCode).toBe(200);
    expect((await browser.get(partnerPage)).body).not.toContain(newToken);
    // Nobody else reaches these pages.
    const other = new TestBrowser(t.app);
    await logInAs(other, stranger);
    expect((await other.get("/administration/api")).statusCode).toBe(404);
  });
});
