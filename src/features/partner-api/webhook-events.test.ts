import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, runWaitingJobs, type TestApp } from "../../../test/app.ts";
import { buildAccount, type BuiltAccount } from "../../../test/builders.ts";
import { WebhookReceiver } from "../../../test/webhook-receiver.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import { findPublishedDefinition } from "../../core/procedures/queries.ts";
import { findApplicantRequest } from "../../core/requests/queries/requests.ts";
import { saveStep } from "../../core/requests/save-step.ts";
import { startRequest } from "../../core/requests/start-request.ts";
import { submitRequest } from "../../core/requests/submit-request.ts";
import { addMonths } from "../../core/requests/validity.ts";
import { askModification } from "../request-asks/ask-modification.ts";
import { saveContributionStep } from "../request-asks/save-contribution-step.ts";
import { sendContribution } from "../request-asks/send-contribution.ts";
import { saveUpdateStep } from "../request-renewal/update-request.ts";
import { renewRequest } from "../request-renewal/renew-request.ts";
import { runValidityJob } from "../request-renewal/validity-job.ts";
import { createApiPartner, setApiGrant } from "./admin-use-cases.ts";

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

type Payload = { type: string; data: Record<string, unknown> };

/**
 * The webhooks of changes made outside the state machine's decisions (issue 15): the applicant
 * updates a filed request or renews it, the hourly job expires it. Each is queued in the change's
 * transaction, delivered by the real job handler to a real receiver that checks the signature.
 */
describe("webhooks of updates, renewals and expiry", () => {
  let t: TestApp;
  let applicant: BuiltAccount;
  const receiver = new WebhookReceiver();
  const start = new Date("2026-03-02T09:00:00Z");

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
    const content = await readFile("procedures/logement-social.json", "utf8");
    await loadProcedures(t.deps, [{ name: "procedures/logement-social.json", content }], { via: "cli" });
    await publishProcedure(t.deps, { slug: "logement-social" }, { actorId: null });
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    applicant = await buildAccount(t.deps.db, { civility: "Mme", firstName: "Camille", lastName: "Martin" });
    receiver.now = () => t.clock.now();
    const url = await receiver.start();
    const partnerId = await createApiPartner(
      t.deps,
      { name: "Logiciel du bailleur", webhookUrl: url, demande_modifiee: "oui", "demande_reponses-modifiees": "oui" },
      { actorId: admin.id, ip: "127.0.0.1" },
    );
    receiver.secret = (await t.deps.db.selectFrom("apiPartners").select("webhookSecret").where("id", "=", partnerId).executeTakeFirstOrThrow()).webhookSecret;
    await setApiGrant(t.deps, { accountId: applicant.id, partnerId, granted: true, ip: "127.0.0.1" });
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  async function filedRequest() {
    t.clock.set(start);
    const published = (await findPublishedDefinition(t.deps.db, "logement-social"))!;
    const started = await startRequest(t.deps, { slug: "logement-social", accountId: applicant.id, email: applicant.email, currentOrganisationId: null });
    if (!started.started) throw new Error("not started");
    const draft = (await findApplicantRequest(t.deps.db, started.requestId, applicant.id))!;
    expect((await saveStep(t.deps, { request: draft, definition: published.definition, stepId: "informations-generales", form: HOUSING_FORM, today: "2026-03-02" })).errors).toEqual({});
    expect((await submitRequest(t.deps, { requestId: started.requestId, accountId: applicant.id, definition: published.definition })).filed).toBe(true);
    return started.requestId;
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

  it("sends demande.reponses-modifiees when the applicant updates a filed request's answers", async () => {
    const id = await filedRequest();
    await delivered();
    const saved = await saveUpdateStep(t.deps, { requestId: id, accountId: applicant.id, stepId: "informations-generales", form: { ...HOUSING_FORM, "commune-souhaitee": "Le Havre" }, today: "2026-03-02", version: 0 });
    expect(saved.errors).toEqual({});
    const [payload, ...others] = await delivered();
    expect(others).toEqual([]);
    expect(payload).toMatchObject({ type: "demande.reponses-modifiees", data: { demande: id, demarche: "logement-social", statut: "filed", modification: { nature: "reponses", champs: ["commune-souhaitee"] } } });
  });

  it("sends demande.reponses-modifiees when the applicant sends a contribution for modification an agent asked for", async () => {
    const id = await filedRequest();
    await delivered();
    const agent = await buildAccount(t.deps.db, { role: "agent" });
    const { procedureId } = await t.deps.db.selectFrom("requests").select("procedureId").where("id", "=", id).executeTakeFirstOrThrow();
    await t.deps.db.insertInto("procedureAgents").values({ procedureId, accountId: agent.id, createdAt: t.clock.now() }).execute();
    await t.deps.db.updateTable("requests").set({ status: "in_instruction", assignedAgentId: agent.id, takenAt: t.clock.now() }).where("id", "=", id).execute();
    await askModification(t.deps, { procedureId, procedureTitle: "Demande de logement social", requestId: id, agentId: agent.id, message: "Précisez la commune souhaitée.", steps: ["informations-generales"] });
    expect(await delivered()).toEqual([]);
    const step = { requestId: id, accountId: applicant.id, stepId: "informations-generales", today: "2026-03-02" };
    expect((await saveContributionStep(t.deps, { ...step, form: { ...HOUSING_FORM, "commune-souhaitee": "Dieppe" } })).errors).toEqual({});
    await sendContribution(t.deps, { requestId: id, accountId: applicant.id });
    const [payload, ...others] = await delivered();
    expect(others).toEqual([]);
    expect(payload).toMatchObject({ type: "demande.reponses-modifiees", data: { demande: id, statut: "in_instruction", modification: { nature: "contribution", champs: ["commune-souhaitee"] } } });
  });

  it("sends demande.reponses-modifiees with the new end of validity when the applicant renews", async () => {
    const id = await filedRequest();
    await delivered();
    const { validUntil } = await t.deps.db.selectFrom("requests").select("validUntil").where("id", "=", id).executeTakeFirstOrThrow();
    t.clock.set(new Date(addMonths(validUntil!, -1).getTime() + 60_000));
    const renewed = await renewRequest(t.deps, { requestId: id, accountId: applicant.id });
    const [payload] = await delivered();
    expect(payload).toMatchObject({ type: "demande.reponses-modifiees", data: { demande: id, modification: { nature: "renouvellement", valide_jusqu_au: renewed.validUntil.toISOString() } } });
  });

  it("sends demande.modifiee when the hourly job expires a request", async () => {
    const id = await filedRequest();
    await delivered();
    const { validUntil } = await t.deps.db.selectFrom("requests").select("validUntil").where("id", "=", id).executeTakeFirstOrThrow();
    t.clock.set(new Date(validUntil!.getTime() + 60_000));
    expect((await runValidityJob(t.deps)).expired).toBeGreaterThanOrEqual(1);
    const payloads = (await delivered()).filter((payload) => payload.data.demande === id);
    expect(payloads).toEqual([{ type: "demande.modifiee", timestamp: expect.any(String), data: expect.objectContaining({ demande: id, statut: "expired", ancien_statut: "filed" }) }]);
  });
});
