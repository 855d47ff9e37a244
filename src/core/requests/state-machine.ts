import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import { hasOpenAsk } from "./queries/asks.ts";
import { insertEvent, lockRequestForTransition, setRequestStatus } from "./queries/requests.ts";
import type { RequestEventType } from "./event-types.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { queueWebhookEvent } from "../partner-api/webhook-events.ts";
import type { WebhookEvent } from "../partner-api/tokens.ts";

/**
 * The one place a request changes status (issue 4): draft → filed → in instruction → accepted /
 * refused / closed; a draft, filed or in-instruction request may be abandoned by its applicant.
 * Each transition is recorded in request_events with who, when and why (the history), and in
 * audit_events (the security trail; the reason stays in the history). The caller queues mails,
 * and the jobs that build PDFs, in the same transaction: they exist only if it commits.
 */
export const transitions = {
  file: { from: ["draft"], to: "filed", event: "request.filed", actor: "applicant" },
  take: { from: ["filed"], to: "in_instruction", event: "request.taken", actor: "agent" },
  accept: { from: ["in_instruction"], to: "accepted", event: "request.accepted", actor: "agent" },
  refuse: { from: ["in_instruction"], to: "refused", event: "request.refused", actor: "agent" },
  close: { from: ["in_instruction"], to: "closed", event: "request.closed", actor: "agent" },
  abandon: { from: ["draft", "filed", "in_instruction"], to: "abandoned", event: "request.abandoned", actor: "applicant" },
  // Issue 12: a request whose validity ended without renewal (the scheduled job, no actor).
  expire: { from: ["filed", "in_instruction"], to: "expired", event: "request.expired", actor: "applicant" },
} as const satisfies Record<string, { from: readonly RequestStatus[]; to: RequestStatus; event: RequestEventType; actor: "applicant" | "agent" }>;

export type Transition = keyof typeof transitions;

/** The partners' webhook each transition sends (issue 15), queued in the transition's transaction. */
const webhookEvents: Record<Transition, WebhookEvent> = {
  file: "demande.deposee",
  take: "demande.decidee",
  accept: "demande.decidee",
  refuse: "demande.decidee",
  close: "demande.decidee",
  abandon: "demande.modifiee",
  expire: "demande.modifiee",
};

/** Decisions that need a reason (refusal: mandatory, as the issue says). */
export const reasonRequired: ReadonlySet<Transition> = new Set(["refuse"]);

export class TransitionRefused extends Error {
  constructor(
    readonly transition: Transition,
    readonly status: RequestStatus,
    readonly why: "status" | "open_ask" | "reason",
  ) {
    super(`Transition ${transition} refused from ${status} (${why})`);
    this.name = "TransitionRefused";
  }
}

/** Whether a transition may start from a status (for showing or hiding its button). */
export function canApply(transition: Transition, status: RequestStatus): boolean {
  return (transitions[transition].from as readonly RequestStatus[]).includes(status);
}

/**
 * Applies a transition inside the caller's transaction: locks the request, checks its status,
 * refuses a decision while a modification or documents request is open, updates the status and
 * its date, and records the event. Returns the request's previous status. Throws
 * TransitionRefused (the caller explains it on the page). Given the job queue, it also queues the
 * partners' webhooks of the change (core/partner-api), in the same transaction.
 */
export async function applyTransition(
  deps: { clock: Clock; jobs?: Jobs },
  db: Db,
  input: { requestId: string; transition: Transition; actorId: string | null; reason?: string | null; fields?: { number?: string; assignedAgentId?: string } },
): Promise<{ from: RequestStatus; to: RequestStatus }> {
  const { transition } = input;
  const rule = transitions[transition];
  const request = await lockRequestForTransition(db, input.requestId);
  if (!canApply(transition, request.status)) throw new TransitionRefused(transition, request.status, "status");
  const reason = input.reason?.trim() || null;
  if (reasonRequired.has(transition) && !reason) throw new TransitionRefused(transition, request.status, "reason");
  if (transition === "accept" || transition === "refuse" || transition === "close") {
    if (await hasOpenAsk(db, request.id)) throw new TransitionRefused(transition, request.status, "open_ask");
  }
  const now = deps.clock.now();
  await setRequestStatus(db, {
    requestId: request.id,
    status: rule.to,
    now,
    ...(transition === "file" ? { filedAt: now, number: input.fields?.number ?? null } : {}),
    ...(transition === "take" ? { takenAt: now, assignedAgentId: input.fields?.assignedAgentId ?? input.actorId } : {}),
    ...(transition === "accept" || transition === "refuse" || transition === "close" ? { decidedAt: now } : {}),
  });
  await insertEvent(db, { requestId: request.id, occurredAt: now, actorId: input.actorId, event: rule.event, fromStatus: request.status, toStatus: rule.to, reason });
  await audit(db, deps.clock, {
    event: rule.event,
    accountId: request.applicantId,
    actorId: input.actorId,
    details: { requestId: request.id, number: input.fields?.number ?? request.number, from: request.status, to: rule.to },
  });
  if (deps.jobs) await queueWebhookEvent({ clock: deps.clock, jobs: deps.jobs }, db, { event: webhookEvents[transition], requestId: request.id, applicantId: request.applicantId, previousStatus: request.status });
  return { from: request.status, to: rule.to };
}
