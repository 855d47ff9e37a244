import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type Provider from "oidc-provider";
import { requireAccount, requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError, PageError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { splitLines } from "./client-uris.ts";
import { deleteClient } from "./delete-client.ts";
import { demoPartnerRoutes } from "./demo-partner.tsx";
import { openPartnerService } from "./open-partner-service.ts";
import { OIDC_PREFIX, interactionPath, oidcProvider } from "./provider.ts";
import { rememberGuichetSession } from "./provider-pages.tsx";
import { findServiceOfClient, listClients, listServiceChoices } from "./queries.ts";
import { regenerateClientSecret } from "./regenerate-client-secret.ts";
import { registerClient } from "./register-client.ts";
import { AccessRefusedPage, ContinueToPartnerPage, PartnerSecretPage, PartnersPage, RegisterPartnerPage } from "./views.tsx";

class InteractionExpired extends PageError {
  constructor() {
    super(400, "Demande de connexion expirée", "Cette demande de connexion a expiré ou a déjà servi. Revenez sur le service partenaire et recommencez.");
  }
}

const adminOnly = { preHandler: requirePlatformAdmin };
const PROVIDER_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"] as const;

/**
 * Guichet as an OpenID Connect provider for partner services: the provider itself under /oidc,
 * the interaction (Guichet's login and access check) at /oidc/interaction/:uid, the admin pages
 * registering partners, and outside production a demo partner.
 */
export async function ssoRoutes(app: FastifyInstance, deps: Deps) {
  // Built on first use: loading oidc-provider costs a third of a second, which the portal's
  // start ("first page in 2 s") does not pay for partners nobody has called yet.
  const provider = () => oidcProvider(deps);
  let callback: Promise<ReturnType<Provider["callback"]>> | undefined;

  // oidc-provider is a Koa application: it takes the raw request before Fastify parses the body
  // (it reads it itself) and before the CSRF check (it has its own: client authentication,
  // state, PKCE, its own token on the logout form). Helmet's headers and the rate limit, set by
  // earlier onRequest hooks, still apply.
  app.route({
    method: [...PROVIDER_METHODS],
    url: `${OIDC_PREFIX}/*`,
    onRequest: (request, reply, done) => {
      reply.hijack();
      // The session hook has run: the provider's pages show the person signed in.
      rememberGuichetSession(request.raw, request.currentSession);
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? "/").slice(OIDC_PREFIX.length) || "/";
      callback ??= provider().then((built) => built.callback());
      callback.then((handle) => handle(raw, reply.raw)).catch((error: unknown) => {
        request.log.error({ err: error }, "OpenID Connect provider unavailable");
        if (!reply.raw.headersSent) reply.raw.writeHead(503).end();
      });
      done();
    },
    handler: () => undefined,
  });

  app.get<{ Params: { uid: string } }>(`${OIDC_PREFIX}/interaction/:uid`, { preHandler: requireAccount }, async (request, reply) => {
    const built = await provider();
    const interaction = await findInteraction(built, request, reply);
    const session = sessionOf(request);
    const clientId = String(interaction.params.client_id ?? "");
    const signIn = await openPartnerService(deps, built, {
      accountId: session.accountId,
      organisationId: session.currentOrganisationId,
      clientId,
      scope: String(interaction.params.scope ?? "openid"),
      ip: request.ip,
    });
    if (signIn.allowed) {
      const returnTo = await built.interactionResult(request.raw, reply.raw, signIn.result, { mergeWithLastSubmission: false });
      return leaveForPartner(deps, request, reply, { returnTo, serviceName: signIn.serviceName, redirectUri: interaction.params.redirect_uri });
    }
    const { access } = signIn;
    const organisation =
      session.currentOrganisationId && session.currentOrganisationName ? { id: session.currentOrganisationId, name: session.currentOrganisationName } : null;
    return renderPage(
      deps,
      request,
      reply,
      AccessRefusedPage,
      {
        serviceName: access.service.name,
        serviceSlug: access.service.slug,
        reason: access.reason,
        grantStatus: access.grant?.status ?? null,
        grantReason: access.grant?.reason ?? null,
        organisation,
        interactionUrl: interactionPath(interaction.uid),
        cancelAction: `${interactionPath(interaction.uid)}/abandon`,
      },
      403,
    );
  });

  // The person gives up: the partner learns that access was denied (OAuth access_denied).
  app.post<{ Params: { uid: string } }>(`${OIDC_PREFIX}/interaction/:uid/abandon`, async (request, reply) => {
    const built = await provider();
    const interaction = await findInteraction(built, request, reply);
    const returnTo = await built.interactionResult(
      request.raw,
      reply.raw,
      { error: "access_denied", error_description: "the End-User may not use this service yet" },
      { mergeWithLastSubmission: false },
    );
    const service = await findServiceOfClient(deps.db, String(interaction.params.client_id ?? ""));
    return leaveForPartner(deps, request, reply, { returnTo, serviceName: service?.name ?? "partenaire", redirectUri: interaction.params.redirect_uri });
  });

  app.get("/administration/partenaires", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, PartnersPage, { clients: await listClients(deps.db) }),
  );

  app.get("/administration/partenaires/enregistrer", adminOnly, async (request, reply) =>
    renderPage(deps, request, reply, RegisterPartnerPage, { services: await listServiceChoices(deps.db), values: {}, errors: {} }),
  );

  app.post("/administration/partenaires/enregistrer", adminOnly, async (request, reply) => {
    const form = readForm(request.body, ["name", "serviceId", "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri"]);
    try {
      const client = await registerClient(
        deps,
        {
          name: form.name,
          service: { id: form.serviceId },
          redirectUris: splitLines(form.redirectUris),
          postLogoutRedirectUris: splitLines(form.postLogoutRedirectUris),
          backchannelLogoutUri: form.backchannelLogoutUri,
        },
        { adminId: sessionOf(request).accountId, ip: request.ip, via: "admin" },
      );
      return renderPage(deps, request, reply, PartnerSecretPage, { ...client, issuer: (await provider()).issuer, created: true });
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, RegisterPartnerPage, { services: await listServiceChoices(deps.db), values: form, errors: error.errors }, 422);
    }
  });

  app.post<{ Params: { clientId: string } }>("/administration/partenaires/:clientId/secret", adminOnly, async (request, reply) => {
    const client = await regenerateClientSecret(deps, { clientId: request.params.clientId, adminId: sessionOf(request).accountId, ip: request.ip });
    return renderPage(deps, request, reply, PartnerSecretPage, { ...client, issuer: (await provider()).issuer, created: false });
  });

  app.post<{ Params: { clientId: string } }>("/administration/partenaires/:clientId/supprimer", adminOnly, async (request, reply) => {
    await deleteClient(deps, { clientId: request.params.clientId, adminId: sessionOf(request).accountId, ip: request.ip });
    return redirectWithFlash(reply, "/administration/partenaires", "partner-deleted");
  });

  if (deps.config.env !== "production") await demoPartnerRoutes(app, deps);
}

/**
 * Back to the provider, then to the partner's return address. Chromium applies a form's
 * form-action CSP to every redirect that follows its submission: when the browser comes from a
 * Guichet page (the login form, the terms) and the partner is on another site, the way goes
 * through ContinueToPartnerPage, which leaves at once; otherwise straight there.
 */
function leaveForPartner(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { returnTo: string; serviceName: string; redirectUri: unknown },
) {
  const guichet = new URL(deps.config.publicUrl).origin;
  const site = request.headers["sec-fetch-site"];
  const fromGuichet = site === "same-origin" || (site === undefined && URL.parse(String(request.headers.referer ?? ""))?.origin === guichet);
  const partnerElsewhere = URL.parse(String(target.redirectUri ?? ""))?.origin !== guichet;
  if (!fromGuichet || !partnerElsewhere) return reply.redirect(target.returnTo, 303);
  reply.header("refresh", `0;url=${target.returnTo}`);
  return renderPage(deps, request, reply, ContinueToPartnerPage, { serviceName: target.serviceName, url: target.returnTo });
}

/** The interaction this browser is in (oidc-provider's cookie), which must be the one in the address. */
async function findInteraction(provider: Provider, request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
  try {
    const interaction = await provider.interactionDetails(request.raw, reply.raw);
    if (interaction.uid !== request.params.uid) throw new InteractionExpired();
    return interaction;
  } catch (error) {
    const { errors } = await import("oidc-provider");
    if (error instanceof errors.SessionNotFound) throw new InteractionExpired();
    throw error;
  }
}
