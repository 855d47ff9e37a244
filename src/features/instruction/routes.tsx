import { findRequestDocumentByUpload, listRequestDocuments } from "../../core/requests/queries/requests.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, readForm } from "../../platform/http/forms.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { sendUploadAsAttachment } from "../../platform/uploads/download.ts";
import { UploadNotFoundError } from "../../platform/uploads/uploads.ts";
import { TransitionRefused } from "../../core/requests/state-machine.ts";
import { loadPanels } from "../../ui/panels.ts";
import { listRequestsWithNews } from "../../core/requests/queries/renewal.ts";
import type { AgentRequestPanels } from "./panels.ts";
import { AgentCreatedPage, AgentsPage } from "./admin-views.tsx";
import { attachAgent } from "./attach-agent.ts";
import { createAgent } from "./create-agent.ts";
import { detachAgent } from "./detach-agent.ts";
import { explainRefusal } from "./errors.ts";
import { parseRequestListQuery, requestListUrl, type RequestListValues } from "./filters.ts";
import { AssignmentRefused, assignRequests } from "./assign-requests.ts";
import type { AgentTransition } from "../../core/requests/decision-mail.ts";
import { agentProcedureOr404, requireAgent } from "../../core/requests/agent-policies.ts";
import { processRequest } from "./process-request.ts";
import { exportRoutes } from "./export-routes.ts";
import { decisionRefused, waitingItems } from "./summary.tsx";
import { listPayments } from "../../core/requests/queries/payments.ts";
import {
  findProcedureRequest,
  listAgentProceduresWithCounts,
  listAgents,
  listOpenAsks,
  listProcedureAgents,
  listProcedureChoices,
  listProcedureRequests,
  listRequestEvents,
  type AgentProcedure,
  type InstructionRequest,
} from "../../core/requests/queries/agents.ts";
import { DecisionPage, decisionPaths, InstructionHomePage, REASON_MAX, RequestListPage, RequestPage, requestUrl, type Decision } from "./views.tsx";

export const REQUESTS_PER_PAGE = 50;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const adminOnly = { preHandler: requirePlatformAdmin };
const agentOnly = { preHandler: requireAgent };

/** A malformed id is an unknown page, not a database error. */
function uuidOr404(raw: string): string {
  if (!uuidPattern.test(raw)) throw new NotFoundError();
  return raw;
}

type ProcedureParams = { Params: { procedureSlug: string } };
type RequestParams = { Params: { procedureSlug: string; requestId: string } };

// The rules need the procedures and the accounts: create-agent.ts checks them.
const agentForm = defineForm({
  identifier: field.text(),
  email: field.text(),
  lastName: field.text(),
  firstName: field.text(),
  procedure: field.text(),
  group: field.text(),
});

const flashes = { take: "request-taken", accept: "request-accepted", refuse: "request-refused", close: "request-closed" } as const;

/**
 * Instruction (back-office): agents list and process the requests of the procedures they are
 * attached to; platform admins create agents and attach them ("Agents instructeurs").
 */
export const instructionRoutes = (panels: AgentRequestPanels) => (app: FastifyInstance, deps: Deps) => {
  /** The agent's procedure and one of its requests (never a draft), or 404. */
  async function agentRequestOr404(request: FastifyRequest<RequestParams>) {
    const agentId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, agentId, request.params.procedureSlug);
    const found = await findProcedureRequest(deps.db, procedure.id, uuidOr404(request.params.requestId));
    if (!found) throw new NotFoundError();
    return { agentId, procedure, request: found };
  }

  async function requestPageProps(procedure: AgentProcedure, found: InstructionRequest, agentId: string) {
    const host = { procedure, request: found, agentId, now: deps.clock.now() };
    const [documents, events, openAsks, payments, notices, actions, sections, agents] = await Promise.all([
      listRequestDocuments(deps.db, found.id),
      listRequestEvents(deps.db, found.id),
      listOpenAsks(deps.db, found.id),
      found.status === "accepted" ? listPayments(deps.db, found.id) : Promise.resolve([]),
      loadPanels(panels.notices, deps.db, host),
      Promise.all(panels.actions.map((panel) => panel(deps.db, host))),
      Promise.all(panels.sections.map(async (section) => ({ id: section.id, title: section.title, draw: await section.load(deps.db, host) }))),
      listProcedureAgents(deps.db, procedure.id),
    ]);
    return {
      procedure,
      request: found,
      documents,
      events,
      openAsks,
      waiting: waitingItems({ request: found, agentId, openAsks, payments, now: host.now }),
      notices,
      actions: actions.filter((action) => action !== null),
      sections: sections.flatMap(({ id, title, draw }) => (draw ? [{ id, title, draw }] : [])),
      agents,
      viewerId: agentId,
    };
  }

  /** A refusal by the state machine is explained on the request's page (409). */
  const transitionRefused = refusal(TransitionRefused, async (error, request: FastifyRequest<RequestParams>, reply) => {
    // Read again: the refused transition changed nothing, but another agent may have.
    const { agentId, procedure, request: current } = await agentRequestOr404(request);
    const props = await requestPageProps(procedure, current, agentId);
    return renderPage(deps, request, reply, RequestPage, { ...props, error: explainRefusal(error, props.openAsks.map((ask) => ask.kind)) }, 409);
  });

  /** Runs one transition. */
  async function transition(request: FastifyRequest<RequestParams>, reply: FastifyReply, kind: AgentTransition, reason: string | null) {
    const { agentId, procedure, request: found } = await agentRequestOr404(request);
    await processRequest(deps, { procedureId: procedure.id, procedureTitle: procedure.title, requestId: found.id, agentId, transition: kind, reason }, { ip: request.ip });
    return redirectWithFlash(reply, requestUrl(procedure.slug, found.id), flashes[kind]);
  }

  app.get("/instruction", agentOnly, async (request, reply) =>
    renderPage(deps, request, reply, InstructionHomePage, { procedures: await listAgentProceduresWithCounts(deps.db, sessionOf(request).accountId) }),
  );

  /**
   * The list's page for an address's parameters (the list itself, or the bulk assignment refused:
   * `refused` keeps the ticks, the chosen agent and says why).
   */
  async function renderRequestList(
    request: FastifyRequest<ProcedureParams>,
    reply: FastifyReply,
    query: unknown,
    refused?: { errors: Record<string, string>; refusal?: string; selected: string[]; assignee: string; status: number },
  ) {
    const viewerId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, viewerId, request.params.procedureSlug);
    const agents = await listProcedureAgents(deps.db, procedure.id);
    const { filter, values, page, errors } = parseRequestListQuery(query, { viewerId, agentIds: agents.map((agent) => agent.id) });
    const props = { procedure, values, searchKind: filter.search.kind, agents, viewerId, page, refusal: refused?.refusal, selected: refused?.selected, assignee: refused?.assignee };
    if (Object.keys(errors).length > 0 && !refused) {
      return renderPage(deps, request, reply, RequestListPage, { ...props, errors, requests: [], total: 0, capped: false, pageCount: 1 }, 422);
    }
    const { requests, total, capped } = await listProcedureRequests(deps.db, {
      procedureId: procedure.id,
      viewerId,
      ...filter,
      limit: REQUESTS_PER_PAGE,
      offset: (page - 1) * REQUESTS_PER_PAGE,
    });
    const pageCount = Math.max(1, Math.ceil(total / REQUESTS_PER_PAGE));
    if (page > pageCount && !refused) throw new NotFoundError();
    // What each applicant did since this agent last opened the request (issue 12).
    const news = new Map<string, string[]>();
    for (const row of await listRequestsWithNews(deps.db, { agentId: viewerId, requestIds: requests.map((row) => row.id) })) {
      news.set(row.requestId, [...(news.get(row.requestId) ?? []), row.event]);
    }
    return renderPage(deps, request, reply, RequestListPage, { ...props, errors: { ...errors, ...refused?.errors }, requests, total, capped, pageCount, news }, refused?.status ?? 200);
  }

  app.get<ProcedureParams>("/instruction/:procedureSlug", agentOnly, async (request, reply) => renderRequestList(request, reply, request.query));

  /** Bulk assignment from the list: the ticked requests to one agent, then back to the same list. */
  app.post<ProcedureParams>("/instruction/:procedureSlug/attribuer", agentOnly, async (request, reply) => {
    const viewerId = sessionOf(request).accountId;
    const procedure = await agentProcedureOr404(deps.db, viewerId, request.params.procedureSlug);
    const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const ticked = (Array.isArray(body.demandes) ? body.demandes : [body.demandes]).filter((value): value is string => typeof value === "string" && value !== "");
    // Not one of the procedure's requests (or not an id at all): 404, like any address.
    const requestIds = ticked.map(uuidOr404);
    const { "nouvel-agent": assignee, liste } = readForm(request.body, ["nouvel-agent", "liste"]);
    const listQuery = Object.fromEntries(new URLSearchParams(liste));
    try {
      await assignRequests(deps, { procedureId: procedure.id, procedureTitle: procedure.title, actorId: viewerId, assigneeId: assignee, requestIds }, { ip: request.ip });
    } catch (error) {
      const refused = { selected: requestIds, assignee, status: 422, errors: {} as Record<string, string> };
      if (error instanceof FormError) {
        const errors = Object.fromEntries(Object.entries(error.errors).map(([field, message]) => [field === "agent" ? "nouvel-agent" : field, message]));
        return renderRequestList(request, reply, listQuery, { ...refused, errors });
      }
      if (error instanceof AssignmentRefused) return renderRequestList(request, reply, listQuery, { ...refused, status: 409, refusal: error.sentence });
      throw error;
    }
    const agents = await listProcedureAgents(deps.db, procedure.id);
    const { values, page } = parseRequestListQuery(listQuery, { viewerId, agentIds: agents.map((agent) => agent.id) });
    return redirectWithFlash(reply, requestListUrl(procedure.slug, { ...(values as RequestListValues), page }), "requests-assigned");
  });

  app.get<RequestParams>("/instruction/:procedureSlug/:requestId", agentOnly, async (request, reply) => {
    const { agentId, procedure, request: found } = await agentRequestOr404(request);
    return renderPage(deps, request, reply, RequestPage, await requestPageProps(procedure, found, agentId));
  });

  app.get<{ Params: { procedureSlug: string; requestId: string; uploadId: string } }>("/instruction/:procedureSlug/:requestId/pieces/:uploadId", agentOnly, async (request, reply) => {
    const { request: found } = await agentRequestOr404(request);
    const upload = await findRequestDocumentByUpload(deps.db, found.id, uuidOr404(request.params.uploadId));
    if (!upload) throw new NotFoundError();
    try {
      return await sendUploadAsAttachment(reply, deps, upload);
    } catch (error) {
      if (error instanceof UploadNotFoundError) throw new NotFoundError();
      throw error;
    }
  });

  app.post<RequestParams>(
    "/instruction/:procedureSlug/:requestId/prendre-en-charge",
    agentOnly,
    refusing([transitionRefused], async (request, reply) => transition(request, reply, "take", null)),
  );

  /** Assigns the request to one of the procedure's agents (from its page). */
  app.post<RequestParams>("/instruction/:procedureSlug/:requestId/attribuer", agentOnly, async (request, reply) => {
    const { agentId, procedure, request: found } = await agentRequestOr404(request);
    const { agent: assignee } = readForm(request.body, ["agent"]);
    try {
      await assignRequests(deps, { procedureId: procedure.id, procedureTitle: procedure.title, actorId: agentId, assigneeId: assignee, requestIds: [found.id] }, { ip: request.ip });
    } catch (error) {
      const props = await requestPageProps(procedure, found, agentId);
      if (error instanceof FormError) return renderPage(deps, request, reply, RequestPage, { ...props, assignError: Object.values(error.errors)[0] ?? "Choisissez un agent." }, 422);
      if (error instanceof AssignmentRefused) return renderPage(deps, request, reply, RequestPage, { ...props, error: error.sentence }, 409);
      throw error;
    }
    return redirectWithFlash(reply, requestUrl(procedure.slug, found.id), "request-assigned");
  });

  for (const decision of Object.keys(decisionPaths) as Decision[]) {
    const path = `/instruction/:procedureSlug/:requestId/${decisionPaths[decision]}`;
    app.get<RequestParams>(
      path,
      agentOnly,
      refusing([transitionRefused], async (request, reply) => {
        const { procedure, request: found } = await agentRequestOr404(request);
        const refused = decisionRefused(decision, found, await listOpenAsks(deps.db, found.id));
        if (refused) throw refused;
        return renderPage(deps, request, reply, DecisionPage, { procedure, request: found, decision, reason: "", errors: {} });
      }),
    );
    app.post<RequestParams>(
      path,
      agentOnly,
      refusing([transitionRefused], async (request, reply) => {
        const { motif: reason } = readForm(request.body, ["motif"]);
        let error: string | null = null;
        if (decision === "refuse" && reason === "") error = "Indiquez le motif du refus : il est communiqué au demandeur.";
        else if ([...reason].length > REASON_MAX) error = `Le message doit contenir au plus ${REASON_MAX} caractères.`;
        if (error) {
          const { procedure, request: found } = await agentRequestOr404(request);
          return renderPage(deps, request, reply, DecisionPage, { procedure, request: found, decision, reason, errors: { motif: error } }, 422);
        }
        return transition(request, reply, decision, reason);
      }),
    );
  }

  const agentsPageData = async () => ({ agents: await listAgents(deps.db), procedures: await listProcedureChoices(deps.db) });

  app.get("/administration/agents", adminOnly, async (request, reply) => renderPage(deps, request, reply, AgentsPage, await agentsPageData()));

  app.post(
    "/administration/agents",
    adminOnly,
    formRoute(deps, { form: agentForm, page: AgentsPage, invalid: async (invalid) => ({ ...(await agentsPageData()), ...invalid }) }, async (request, reply, form) => {
      const agent = await createAgent(
        deps,
        { identifier: form.identifier, email: form.email, lastName: form.lastName, firstName: form.firstName, procedureSlug: form.procedure, group: form.group },
        { actorId: sessionOf(request).accountId, ip: request.ip, via: "admin", mailing: deps },
      );
      return renderPage(deps, request, reply, AgentCreatedPage, { agent });
    }),
  );

  app.post<{ Params: { agentId: string } }>("/administration/agents/:agentId/rattacher", adminOnly, async (request, reply) => {
    const agentId = uuidOr404(request.params.agentId);
    const form: Record<string, string> = readForm(request.body, [`procedure-${agentId}`, `group-${agentId}`]);
    const values = { procedure: form[`procedure-${agentId}`] ?? "", group: form[`group-${agentId}`] ?? "" };
    try {
      await attachAgent(deps, { agentId, procedureSlug: values.procedure, group: values.group }, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, "/administration/agents", "agent-attached");
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const errors = Object.fromEntries(Object.entries(error.errors).map(([field, message]) => [`${field}-${agentId}`, message]));
      return renderPage(deps, request, reply, AgentsPage, { ...(await agentsPageData()), attach: { agentId, values, errors } }, 422);
    }
  });

  app.post<{ Params: { agentId: string } }>("/administration/agents/:agentId/detacher", adminOnly, async (request, reply) => {
    const agentId = uuidOr404(request.params.agentId);
    const { procedure } = readForm(request.body, ["procedure"]);
    await detachAgent(deps, { agentId, procedureSlug: procedure }, { actorId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, "/administration/agents", "agent-detached");
  });

  exportRoutes(app, deps);
};
