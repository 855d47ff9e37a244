import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { Service } from "../../platform/db/schema.ts";
import { requireAccount, requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field, readForm } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { loadPanels } from "../../ui/panels.ts";
import { KeptPages } from "../../ui/kept-pages.ts";
import { activeServicesGeneration } from "../../core/organisations/service-catalogue.ts";
import type { DashboardPanels } from "./panels.ts";
import { safeReturnPath } from "../../platform/http/return-path.ts";
import { isUuid, organisationOfRequest } from "../../core/organisations/access.ts";
import { acceptTerms } from "./accept-terms.ts";
import { serviceAccess } from "../../core/organisations/service-access.ts";
import { PublishTermsPage, ServiceFormPage, ServicesAdminPage } from "./admin-views.tsx";
import { createService } from "./create-service.ts";
import { decideGrant } from "./decide-grant.ts";
import { decisionsUrl, GrantDecisionPage, GrantsPage, type DecisionPlace } from "./decision-views.tsx";
import { describeCatalogue, describeDashboard, describeGrantRequest } from "./describe-services.ts";
import { GrantAlreadyDecidedError } from "./errors.ts";
import { grantTransitions, type GrantDecision } from "../../core/organisations/grant-status.ts";
import { mayDecide, type DecisionScope } from "./policies.ts";
import { publishTerms } from "./publish-terms.ts";
import { findGrantForDecision, findServiceById, findServiceBySlug, findTermsAcceptance, listOrganisationGrants, listPlatformGrants, listServices } from "../../core/organisations/queries/services.ts";
import { requestGrant } from "./request-grant.ts";
import { serviceFields, SLUG_PATTERN, type ServiceForm } from "./service-form.ts";
import { setServiceActive } from "./set-service-active.ts";
import { updateService } from "./update-service.ts";
import { AccessRefusedPage, CataloguePage, DashboardPage, GrantRequestPage, TermsPage } from "./views.tsx";

const signedIn = { preHandler: requireAccount };
const adminOnly = { preHandler: requirePlatformAdmin };

type SlugParams = { Params: { slug: string } };
type ServiceParams = { Params: { serviceId: string } };

// The rules need the service (its terms' version, its current settings): the use cases check them.
const termsAcceptanceForm = defineForm({ accept: field.text(), version: field.text(), retour: field.text() });
const serviceForm = defineForm(field.texts(serviceFields));
const publishTermsForm = defineForm({ termsText: field.text(), confirmation: field.text(), version: field.text() });
// Whether a reason is required depends on the decision: decide-grant.ts says so.
const grantDecisionForm = defineForm({ reason: field.text() });

/** A service as people reach it: unknown or deactivated ones do not exist. */
async function activeService(deps: Deps, slug: string) {
  const service = SLUG_PATTERN.test(slug) ? await findServiceBySlug(deps.db, slug) : undefined;
  if (!service?.active) throw new NotFoundError();
  return service;
}

async function serviceForAdmin(deps: Deps, serviceId: string) {
  const service = isUuid(serviceId) ? await findServiceById(deps.db, serviceId) : undefined;
  if (!service) throw new NotFoundError();
  return service;
}

/** The service form's values as the admin sees them, from a stored service. */
function formValuesOf(service: Service): ServiceForm {
  return {
    name: service.name,
    slug: service.slug,
    tileLabel: service.tileLabel,
    description: service.description,
    url: service.url,
    requiresOrganisation: service.requiresOrganisation ? "oui" : "",
    requiresFunction: service.requiresFunction ? "oui" : "",
    grantedBy: service.grantedBy,
    termsText: service.termsText,
  };
}

/**
 * Services and access grants: the catalogue and the dashboard, grant requests, terms, decisions
 * by organisations' administrators and platform admins, and the administration of services.
 */
export const servicesRoutes = (panels: DashboardPanels) => async (app: FastifyInstance, deps: Deps) => {
  personRoutes(app, deps, panels);
  administrationRoutes(app, deps);
  decisionRoutes(app, deps, {
    prefix: "/structures/:organisationId/habilitations",
    guard: requireAccount,
    async resolve(request) {
      const { organisationId } = request.params as { organisationId?: string };
      const membership = await organisationOfRequest(deps, request, organisationId, { admin: true });
      return {
        place: { kind: "organisation", organisation: { id: membership.id, name: membership.name } },
        scope: { kind: "organisation", organisationId: membership.id },
        grants: () => listOrganisationGrants(deps.db, membership.id),
      };
    },
  });
  decisionRoutes(app, deps, {
    prefix: "/administration/habilitations",
    guard: requirePlatformAdmin,
    async resolve() {
      return { place: { kind: "platform" }, scope: { kind: "platform" }, grants: () => listPlatformGrants(deps.db) };
    },
  });
};

function personRoutes(app: FastifyInstance, deps: Deps, panels: DashboardPanels) {
  // The dashboard each session saw last, sent again while nothing on it changed (ui/kept-pages.ts).
  const keptDashboards = new KeptPages({ check: deps.config.checkKeptPages });
  app.get("/tableau-de-bord", signedIn, async (request, reply) => {
    const session = sessionOf(request);
    // The tiles come from the services held in memory: a page is kept with the copy it was drawn from.
    const services = activeServicesGeneration(deps.db);
    return keptDashboards.render(deps, request, reply, services === null ? null : `services ${services}`, DashboardPage, async () => {
      const host = { accountId: session.accountId, role: session.role, currentOrganisationId: session.currentOrganisationId };
      const [dashboard, sections] = await Promise.all([describeDashboard(deps.db, { person: session, currentOrganisationId: session.currentOrganisationId }), loadPanels(panels.sections, deps.db, host)]);
      return { dashboard, sections };
    });
  });

  app.get("/services", signedIn, async (request, reply) => {
    const session = sessionOf(request);
    const catalogue = await describeCatalogue(deps.db, { accountId: session.accountId, currentOrganisationId: session.currentOrganisationId });
    return renderPage(deps, request, reply, CataloguePage, { catalogue });
  });

  app.get<SlugParams>("/services/:slug/habilitation", signedIn, async (request, reply) => {
    const service = await activeService(deps, request.params.slug);
    const session = sessionOf(request);
    const situation = await describeGrantRequest(deps.db, { accountId: session.accountId, service, currentOrganisationId: session.currentOrganisationId, now: deps.clock.now() });
    return renderPage(deps, request, reply, GrantRequestPage, { service, situation });
  });

  app.post<SlugParams>("/services/:slug/habilitation", signedIn, async (request, reply) => {
    const service = await activeService(deps, request.params.slug);
    const session = sessionOf(request);
    const { requested, situation } = await requestGrant(deps, {
      accountId: session.accountId,
      service,
      currentOrganisationId: session.currentOrganisationId,
      ip: request.ip,
    });
    // The organisation or the function is missing: the page says what to do first.
    if (situation.kind === "organisation_required" || situation.kind === "function_required")
      return renderPage(deps, request, reply, GrantRequestPage, { service, situation }, 409);
    const flash = requested ? (situation.kind === "granted" ? "grant-granted" : "grant-requested") : undefined;
    return redirectWithFlash(reply, `/services/${service.slug}/habilitation`, flash);
  });

  app.get<SlugParams & { Querystring: { retour?: unknown } }>("/services/:slug/conditions", signedIn, async (request, reply) => {
    const service = await activeService(deps, request.params.slug);
    const accepted = await findTermsAcceptance(deps.db, { accountId: sessionOf(request).accountId, serviceId: service.id, termsVersion: service.termsVersion });
    const retour = safeReturnPath(request.query.retour) ?? null;
    return renderPage(deps, request, reply, TermsPage, { service, acceptedAt: accepted?.acceptedAt ?? null, retour, errors: {} });
  });

  app.post<SlugParams>(
    "/services/:slug/conditions",
    signedIn,
    formRoute(
      deps,
      {
        form: termsAcceptanceForm,
        page: TermsPage,
        invalid: async ({ values, errors }, request: FastifyRequest<SlugParams>) => ({
          service: await activeService(deps, request.params.slug),
          acceptedAt: null,
          retour: safeReturnPath(values.retour) ?? null,
          errors,
        }),
      },
      async (request, reply, form) => {
        const service = await activeService(deps, request.params.slug);
        await acceptTerms(deps, { accountId: sessionOf(request).accountId, service, form, ip: request.ip });
        return redirectWithFlash(reply, safeReturnPath(form.retour) ?? "/tableau-de-bord", "terms-accepted");
      },
    ),
  );

  app.get<SlugParams>("/services/:slug/ouvrir", signedIn, async (request, reply) => {
    const service = SLUG_PATTERN.test(request.params.slug) ? await findServiceBySlug(deps.db, request.params.slug) : undefined;
    if (!service) throw new NotFoundError();
    const session = sessionOf(request);
    const access = await serviceAccess(deps.db, { accountId: session.accountId, service, organisationId: session.currentOrganisationId });
    if (access.allowed) return reply.redirect(service.url, 303);
    if (access.reason === "terms_not_accepted") {
      const back = encodeURIComponent(`/services/${service.slug}/ouvrir`);
      return reply.redirect(`/services/${service.slug}/conditions?retour=${back}`, 303);
    }
    const organisation =
      session.currentOrganisationId && session.currentOrganisationName
        ? { id: session.currentOrganisationId, name: session.currentOrganisationName, pending: session.membershipStatus === "pending" }
        : null;
    return renderPage(deps, request, reply, AccessRefusedPage, { service, reason: access.reason, grant: access.grant, organisation }, 403);
  });
}

function administrationRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/administration/services", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, ServicesAdminPage, { services: await listServices(deps.db) }),
  );

  app.get("/administration/services/nouveau", adminOnly, (request, reply) =>
    renderPage(deps, request, reply, ServiceFormPage, { service: null, values: { grantedBy: "organisation_admin", requiresOrganisation: "oui" }, errors: {} }),
  );

  app.post(
    "/administration/services/nouveau",
    adminOnly,
    formRoute(deps, { form: serviceForm, page: ServiceFormPage, invalid: (invalid) => ({ service: null, ...invalid }) }, async (request, reply, form) => {
      const service = await createService(deps, form, { actorId: sessionOf(request).accountId, ip: request.ip });
      return redirectWithFlash(reply, `/administration/services/${service.id}`, "service-created");
    }),
  );

  app.get<ServiceParams>("/administration/services/:serviceId", adminOnly, async (request, reply) => {
    const service = await serviceForAdmin(deps, request.params.serviceId);
    return renderPage(deps, request, reply, ServiceFormPage, { service, values: formValuesOf(service), errors: {} });
  });

  // The terms change through a new version (below), never through this form.
  app.post<ServiceParams>(
    "/administration/services/:serviceId",
    adminOnly,
    formRoute(
      deps,
      {
        form: serviceForm,
        page: ServiceFormPage,
        invalid: async ({ values, errors }, request: FastifyRequest<ServiceParams>) => {
          const service = await serviceForAdmin(deps, request.params.serviceId);
          return { service, values: { ...values, termsText: service.termsText }, errors };
        },
      },
      async (request, reply, form) => {
        const service = await serviceForAdmin(deps, request.params.serviceId);
        await updateService(deps, service.id, { ...form, termsText: service.termsText }, { actorId: sessionOf(request).accountId, ip: request.ip });
        return redirectWithFlash(reply, `/administration/services/${service.id}`, "service-updated");
      },
    ),
  );

  app.get<ServiceParams>("/administration/services/:serviceId/conditions", adminOnly, async (request, reply) => {
    const service = await serviceForAdmin(deps, request.params.serviceId);
    return renderPage(deps, request, reply, PublishTermsPage, { service, values: { termsText: service.termsText }, errors: {} });
  });

  app.post<ServiceParams>(
    "/administration/services/:serviceId/conditions",
    adminOnly,
    formRoute(
      deps,
      {
        form: publishTermsForm,
        page: PublishTermsPage,
        invalid: async (invalid, request: FastifyRequest<ServiceParams>) => ({ service: await serviceForAdmin(deps, request.params.serviceId), ...invalid }),
      },
      async (request, reply, form) => {
        const service = await serviceForAdmin(deps, request.params.serviceId);
        await publishTerms(deps, service.id, form, { actorId: sessionOf(request).accountId, ip: request.ip });
        return redirectWithFlash(reply, `/administration/services/${service.id}`, "service-terms-published");
      },
    ),
  );

  app.post<ServiceParams>("/administration/services/:serviceId/activation", adminOnly, async (request, reply) => {
    const service = await serviceForAdmin(deps, request.params.serviceId);
    const active = readForm(request.body, ["active"]).active === "oui";
    await setServiceActive(deps, service.id, active, { actorId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, `/administration/services/${service.id}`, active ? "service-activated" : "service-deactivated");
  });
}

interface DecisionRoutesOptions {
  prefix: string;
  guard: preHandlerAsyncHookHandler;
  /** Establishes who decides here (404 for anyone else) and lists what they decide on. */
  resolve(request: FastifyRequest): Promise<{ place: DecisionPlace; scope: DecisionScope; grants(): ReturnType<typeof listPlatformGrants> }>;
}

const decisionFlash = { grant: "grant-validated", refuse: "grant-refused", revoke: "grant-revoked" } as const;
const decisionPaths = { refuse: "refuser", revoke: "desactiver" } as const;

/** "Valider", "Refuser", "Désactiver": the same pages for an organisation's administrators and for platform admins. */
function decisionRoutes(app: FastifyInstance, deps: Deps, options: DecisionRoutesOptions) {
  const { prefix } = options;
  const guarded = { preHandler: options.guard };
  type GrantParams = { Params: { grantId: string } };

  /** The grant, if it falls within what this person decides on; 404 otherwise, as for no grant. */
  async function visibleGrant(scope: DecisionScope, grantId: string) {
    const grant = isUuid(grantId) ? await findGrantForDecision(deps.db, grantId) : undefined;
    if (!grant || !mayDecide(scope, grant)) throw new NotFoundError();
    return grant;
  }

  app.get(prefix, guarded, async (request, reply) => {
    const { place, grants } = await options.resolve(request);
    return renderPage(deps, request, reply, GrantsPage, { place, grants: await grants() });
  });

  app.post<GrantParams>(`${prefix}/:grantId/valider`, guarded, async (request, reply) => {
    const { scope, place } = await options.resolve(request);
    const grant = await visibleGrant(scope, request.params.grantId);
    await decide(request, scope, grant.id, "grant", "");
    return redirectWithFlash(reply, decisionsUrl(place), decisionFlash.grant);
  });

  for (const decision of ["refuse", "revoke"] as const) {
    const path = `${prefix}/:grantId/${decisionPaths[decision]}`;

    app.get<GrantParams>(path, guarded, async (request, reply) => {
      const { scope, place } = await options.resolve(request);
      const grant = await visibleGrant(scope, request.params.grantId);
      if (!(grantTransitions[decision].from as readonly string[]).includes(grant.status)) throw new GrantAlreadyDecidedError(grant.status);
      return renderPage(deps, request, reply, GrantDecisionPage, { place, grant, decision, values: {}, errors: {} });
    });

    app.post<GrantParams>(
      path,
      guarded,
      formRoute(
        deps,
        {
          form: grantDecisionForm,
          page: GrantDecisionPage,
          invalid: async (invalid, request: FastifyRequest<GrantParams>) => {
            const { scope, place } = await options.resolve(request);
            return { place, grant: await visibleGrant(scope, request.params.grantId), decision, ...invalid };
          },
        },
        async (request, reply, form) => {
          const { scope, place } = await options.resolve(request);
          const grant = await visibleGrant(scope, request.params.grantId);
          await decide(request, scope, grant.id, decision, form.reason);
          return redirectWithFlash(reply, decisionsUrl(place), decisionFlash[decision]);
        },
      ),
    );
  }

  function decide(request: FastifyRequest, scope: DecisionScope, grantId: string, decision: GrantDecision, reason: string) {
    return decideGrant(deps, { grantId, decision, reason, scope, deciderId: sessionOf(request).accountId, ip: request.ip });
  }
}
