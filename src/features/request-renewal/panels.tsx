import type { ApplicantRequest, ApplicantRequestSummary } from "../../core/requests/queries/requests.ts";
import { findVersionDefinition } from "../../core/requests/queries/requests.ts";
import { listNewsSince, recordAgentView } from "../../core/requests/queries/renewal.ts";
import type { ModificationChange } from "../../core/requests/queries/asks.ts";
import { hasOpenAsk } from "../../core/requests/queries/asks.ts";
import { paymentAwaitingDocuments } from "../../core/requests/queries/payments.ts";
import { renewalOpen, updateRefusal, waitingReasons } from "../../core/requests/validity.ts";
import type { ListPanel, Panel } from "../../ui/panels.ts";
import { AgentNewsPanel, renewalPaths, ValidityPanel } from "./views.tsx";

/**
 * The applicant's request page: seniority, validity and renewal dates, what waits for them, and
 * "Renouveler ma demande" / "Mettre à jour ma demande" when the rules allow them. The panel's
 * host has no clock: `now` is the request's page time, given by the host (ApplicantRequest + now).
 */
export const applicantValiditySection: Panel<ApplicantRequest & { now: Date }> = async (db, request) => {
  const definition = await findVersionDefinition(db, request.procedureVersionId);
  const reasons = waitingReasons(
    { ...request, remindedMonthAt: null, hasOpenAsk: await hasOpenAsk(db, request.id), paymentAwaitsDocuments: await paymentAwaitingDocuments(db, request.id) },
    request.now,
  );
  const canUpdate = updateRefusal(definition, request.status) === null;
  const canRenew = renewalOpen(request, request.now);
  return () => <ValidityPanel request={request} now={request.now} canUpdate={canUpdate} canRenew={canRenew} reasons={reasons} />;
};

/** "Mes demandes": "Renouveler ma demande" / "Mettre à jour ma demande" among a card's actions. */
export const applicantValidityListLinks: ListPanel<ApplicantRequestSummary & { now: Date }> = async (db, items) => {
  const versions = [...new Set(items.filter((item) => item.number).map((item) => item.procedureVersionId))];
  const updatable = new Set<string>();
  for (const version of versions) if ((await findVersionDefinition(db, version)).mise_a_jour_apres_depot) updatable.add(version);
  return (_ctx, item) => {
    const renew = renewalOpen(item, item.now);
    const update = updatable.has(item.procedureVersionId) && (item.status === "filed" || item.status === "in_instruction");
    if (!renew && !update) return null;
    return (
      <>
        {renew ? <a href={renewalPaths.renew(item.id)}>Renouveler ma demande</a> : null}
        {renew && update ? " · " : null}
        {update ? <a href={renewalPaths.update(item.id)}>Mettre à jour ma demande</a> : null}
      </>
    );
  };
};

/**
 * The agent's request page: what the applicant did since this agent last looked ("Modifiée depuis
 * votre dernière consultation", with the updates' changes); the visit is then recorded, so the
 * cue shows once.
 */
export const agentNewsSection: Panel<{ request: { id: string }; agentId: string; now: Date }> = async (db, host) => {
  const rows = await listNewsSince(db, { requestId: host.request.id, agentId: host.agentId });
  await recordAgentView(db, { requestId: host.request.id, agentId: host.agentId, now: host.now });
  const news = rows.map((row) => {
    const details = JSON.parse(row.detailsText) as { changes?: ModificationChange[] };
    return { event: row.event, occurredAt: row.occurredAt, changes: Array.isArray(details.changes) ? details.changes : [] };
  });
  return () => <AgentNewsPanel news={news} />;
};
