import { createHmac } from "node:crypto";
import type { default as Provider, Account, Client, Configuration, KoaContextWithOIDC } from "oidc-provider";
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { sessionCookieName } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { closeSession, findCurrentSession } from "../../platform/sessions/sessions.ts";
import { PARTNER_SCOPES, createAdapter } from "./adapter.ts";
import { partnerClaims } from "./claims.ts";
import { endPartnerSessions } from "./end-partner-sessions.ts";
import { loadOidcSecrets } from "./secrets.ts";
import { renderProviderError, renderLogoutConfirmation, renderLoggedOut, renderLogoutWithoutSession } from "./provider-pages.tsx";

/** Where the provider lives under the portal: the issuer is `${PUBLIC_URL}/oidc`. */
export const OIDC_PREFIX = "/oidc";

/** How long the provider's records live: a Guichet session lasts at most 12 hours, and so does a partner's. */
const TTL = {
  Session: 12 * 3600,
  Grant: 12 * 3600,
  Interaction: 3600,
  AuthorizationCode: 60,
  AccessToken: 10 * 60,
  IdToken: 10 * 60,
} as const;

export const GRANT_TTL_SECONDS = TTL.Grant;

/** Interactions' URL, served by Guichet's own routes (routes.tsx). */
export function interactionPath(uid: string) {
  return `${OIDC_PREFIX}/interaction/${uid}`;
}

const providers = new WeakMap<Db, Promise<Provider>>();

/**
 * The portal's OpenID Connect provider, one per database (the portal, each test app): built on
 * first use, from the secrets stored in the database.
 */
export function oidcProvider(deps: Deps): Promise<Provider> {
  let provider = providers.get(deps.db);
  if (!provider) {
    provider = createOidcProvider(deps);
    providers.set(deps.db, provider);
    provider.catch(() => providers.delete(deps.db));
  }
  return provider;
}

async function createOidcProvider(deps: Deps): Promise<Provider> {
  // Loaded here, on first use, not at the portal's start (see routes.tsx).
  const { default: Provider, interactionPolicy } = await import("oidc-provider");
  const secrets = await loadOidcSecrets(deps.db);

  // Guichet always checks the person's Guichet session and access to the service (routes.tsx),
  // even when the provider remembers an earlier sign-in: a grant may have been revoked or the
  // terms changed since. So every authorisation goes through the interaction once.
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("guichet_access", "Guichet checks the person's session and access to the service", (ctx) =>
        ctx.oidc.result ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Configuration = {
    adapter: createAdapter(deps.db),
    clients: [],
    jwks: { keys: [secrets.signingKey as never] },
    cookies: { keys: secrets.cookieKeys },
    findAccount: (ctx, sub, token) => findAccount(deps, ctx, sub, token),
    claims: {
      openid: ["sub"],
      profile: ["family_name", "given_name", "civility"],
      email: ["email", "email_verified"],
      organisation: ["organisation"],
      habilitations: ["habilitations"],
    },
    scopes: [...PARTNER_SCOPES],
    // Partners read the claims from the ID token or from userinfo, as they prefer.
    conformIdTokenClaims: false,
    subjectTypes: ["pairwise"],
    pairwiseIdentifier: (_ctx, accountId, client) => pairwiseSubject(secrets.pairwiseSalt, accountId, client.sectorIdentifier as string),
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    // Refused scopes are errors, not silently dropped: a partner asks only for what it was registered for.
    extraParams: { scope: checkRequestedScopes },
    // Partners are server-side applications: no browser calls the provider across origins.
    clientBasedCORS: () => false,
    issueRefreshToken: () => false,
    // Outside production, partners may run on this machine (the demo partner, a partner's
    // developer): the library's guard against requests to local addresses is lifted there only.
    ...(deps.config.env === "production" ? {} : { fetch: fetchWithoutGuard }),
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx) => renderLogoutConfirmation(deps, ctx),
        postLogoutSuccessSource: (ctx) => renderLoggedOut(deps, ctx),
      },
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy },
    renderError: (ctx, out, error) => renderProviderError(deps, ctx, out, error),
    ttl: { ...TTL },
  };

  const provider = new Provider(`${deps.config.publicUrl}${OIDC_PREFIX}`, configuration);
  provider.proxy = deps.config.trustProxy;
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as KoaContextWithOIDC;
    if (ctx.oidc?.route === "end_session" && ctx.status === 200 && !ctx.oidc.session?.accountId) {
      // No provider session any more (Guichet's logout ended it): instead of the library's
      // self-submitting page, Guichet's own page with a button (works without JavaScript).
      await renderLogoutWithoutSession(deps, ctx);
    }
    if (ctx.oidc?.route === "end_session_confirm" && ctx.status === 303 && ctx.oidc.params?.logout) {
      await endGuichetSession(deps, provider, ctx);
    }
  });
  provider.on("server_error", (_ctx, error) => deps.log.error({ err: error }, "oidc provider error"));
  provider.on("backchannel.error", (_ctx, error, client) =>
    deps.log.warn({ err: error, clientId: (client as Client).clientId }, "back-channel logout failed"),
  );
  return provider;
}

function fetchWithoutGuard(input: string | URL | Request, init?: RequestInit) {
  const { dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
  void dispatcher;
  return fetch(input, rest);
}

/** Different for each partner's host, stable across sign-ins, and not computable without the stored salt. */
export function pairwiseSubject(salt: string, accountId: string, sectorHost: string): string {
  return createHmac("sha256", salt).update(`${sectorHost}\u0000${accountId}`).digest("base64url");
}

async function checkRequestedScopes(ctx: KoaContextWithOIDC, _value: string | undefined, client: Client | undefined) {
  const { errors } = await import("oidc-provider");
  // The scope as sent: by now the library has dropped the values it does not know.
  const sent = ctx.method === "POST" ? ctx.oidc.body?.scope : ctx.query.scope;
  const allowed = new Set((client?.scope ?? "").split(" "));
  for (const scope of (typeof sent === "string" ? sent : "").split(" ").filter(Boolean)) {
    if (!allowed.has(scope)) throw new errors.InvalidScope("requested scope is not allowed", scope);
  }
}

async function findAccount(
  deps: Deps,
  ctx: KoaContextWithOIDC,
  accountId: string,
  token?: { clientId?: string | undefined; grantId?: string | undefined },
): Promise<Account | undefined> {
  const clientId = token?.clientId ?? ctx.oidc.client?.clientId;
  const grantId = token?.grantId ?? ctx.oidc.entities.Grant?.jti;
  const claims = await partnerClaims(deps.db, { accountId, clientId, grantId });
  if (!claims) return undefined;
  return { accountId, claims: () => claims };
}

/**
 * The person confirmed "Se déconnecter" on the provider's logout page (RP-initiated logout):
 * their Guichet session in this browser ends too.
 */
async function endGuichetSession(deps: Deps, provider: Provider, ctx: KoaContextWithOIDC) {
  const name = sessionCookieName(deps.config);
  const token = ctx.cookies.get(name, { signed: false });
  if (!token) return;
  const session = await findCurrentSession(deps, token);
  if (session) {
    await closeSession(deps, session.sessionId);
    await audit(deps.db, deps.clock, {
      event: "account.logged_out",
      accountId: session.accountId,
      actorId: session.accountId,
      ip: ctx.ip,
      details: { via: "oidc.end_session", clientId: ctx.oidc.client?.clientId ?? null },
    });
    // As after "Se déconnecter" on Guichet: the person's other partner sessions end too.
    await endPartnerSessions(deps, provider, session.accountId);
  }
  const secure = deps.config.env === "production" ? "; Secure" : "";
  ctx.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
}
