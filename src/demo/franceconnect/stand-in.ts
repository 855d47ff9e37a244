import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { Adapter, AdapterPayload, Configuration, KoaContextWithOIDC, default as Provider } from "oidc-provider";
import { TEST_IDENTITIES, pivotClaims } from "./identities.ts";
import { chooserPage, errorPage, loggedOutPage, logoutPage } from "./pages.ts";

/**
 * A local FranceConnect for development and tests, built on oidc-provider: what FranceConnect v2
 * does for a relying party (authorisation code with PKCE, `acr` eidas1, the identity pivot
 * claims asked for by scope, userinfo as a signed JWT, end_session), with a page to choose one
 * of the test identities instead of an identity provider. It keeps everything in memory and is
 * started only by `npm start` in development and by the tests; never in production.
 */

export interface StandInClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the chooser page. */
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface FranceConnectStandIn {
  /** The issuer, `http://host:port`: FRANCECONNECT_ISSUER for the client. */
  issuer: string;
  /** The provider itself, for tests that alter its answers as a forger would. */
  provider: Provider;
  close(): Promise<void>;
}

/** FranceConnect's pivot claims, each asked for by the scope of the same name (as FranceConnect does). */
export const PIVOT_CLAIMS = ["given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email", "preferred_username"] as const;

/** The key pair the stand-in signs with; tests pass their own to sign tokens the way it does. */
export async function standInSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
}

export async function startFranceConnectStandIn(options: {
  clients: StandInClient[];
  /** 0 (the default) for any free port. */
  port?: number;
  host?: string;
  signingKey?: JWK;
}): Promise<FranceConnectStandIn> {
  const { default: ProviderClass } = await import("oidc-provider");
  let handle: http.RequestListener = (_request, response) => response.writeHead(503).end();
  const server = http.createServer((request, response) => handle(request, response));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const names = new Map(options.clients.map((client) => [client.clientId, client.name]));

  const configuration: Configuration = {
    adapter: memoryAdapter(),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
      // FranceConnect v2 answers userinfo as a signed JWT.
      userinfo_signed_response_alg: "RS256",
    })),
    jwks: { keys: [(options.signingKey ?? (await standInSigningKey())) as never] },
    // Not the library's default names: Guichet's own provider uses those on the same host.
    cookies: { keys: [randomBytes(32).toString("base64url")], names: { session: "fc_bac_session", interaction: "fc_bac_interaction", resume: "fc_bac_resume" } },
    findAccount: (_ctx, sub) => {
      const identity = TEST_IDENTITIES.find((candidate) => candidate.sub === sub);
      return identity ? { accountId: sub, claims: () => pivotClaims(identity) } : undefined;
    },
    claims: { acr: null, amr: null, sid: null, auth_time: null, iss: null, openid: ["sub"], ...Object.fromEntries(PIVOT_CLAIMS.map((claim) => [claim, [claim]])) },
    scopes: ["openid", ...PIVOT_CLAIMS],
    acrValues: ["eidas1", "eidas2", "eidas3"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    issueRefreshToken: () => false,
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => sendHtml(ctx, logoutPage(form)),
        postLogoutSuccessSource: (ctx) => sendHtml(ctx, loggedOutPage()),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => sendHtml(ctx, errorPage(String(out.error), out.error_description as string | undefined)),
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  };
  const provider = new ProviderClass(issuer, configuration);
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as KoaContextWithOIDC;
    // No FranceConnect session any more (the stand-in restarted, or it expired): instead of the
    // library's self-submitting page, the same confirmation page, which works without JavaScript.
    if (ctx.oidc?.route === "end_session" && ctx.status === 200 && !ctx.oidc.session?.accountId) {
      const secret = String(ctx.oidc.session?.state?.secret ?? "");
      sendHtml(ctx, logoutPage(`<form id="op.logoutForm" method="post" action="${ctx.oidc.urlFor("end_session_confirm")}"><input type="hidden" name="xsrf" value="${secret}"/></form>`));
    }
  });
  // Koa composes its middleware when the callback is made: made again when a test added one.
  let callback = provider.callback();
  let composed = provider.middleware.length;

  handle = (request, response) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(request.url ?? "");
    if (provider.middleware.length !== composed) [callback, composed] = [provider.callback(), provider.middleware.length];
    if (!match) return callback(request, response);
    interaction(provider, names, request, response).catch((error: unknown) => {
      response.writeHead(400, { "content-type": "text/html; charset=utf-8" });
      response.end(errorPage("interaction", error instanceof Error ? error.message : "demande expirée"));
    });
  };

  return {
    issuer,
    provider,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

/** The chooser page (GET) and the person's choice (POST): signed in as a test identity, or access_denied. */
async function interaction(provider: Provider, names: Map<string, string>, request: http.IncomingMessage, response: http.ServerResponse) {
  const details = await provider.interactionDetails(request, response);
  const clientId = String(details.params.client_id);
  if (request.method !== "POST") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(chooserPage(`/interaction/${details.uid}`, names.get(clientId) ?? clientId, TEST_IDENTITIES));
    return;
  }
  const form = new URLSearchParams(await readBody(request));
  const identity = TEST_IDENTITIES.find((candidate) => candidate.sub === form.get("sub"));
  if (form.get("action") === "annuler" || !identity) {
    await provider.interactionFinished(request, response, { error: "access_denied", error_description: "User auth aborted" }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId: identity.sub, clientId });
  grant.addOIDCScope(String(details.params.scope ?? "openid"));
  const grantId = await grant.save();
  // FranceConnect answers the lowest level of guarantee asked for (eidas1 for Guichet).
  const acr = String(details.params.acr_values ?? "eidas1").split(" ")[0] ?? "eidas1";
  await provider.interactionFinished(request, response, { login: { accountId: identity.sub, acr, amr: ["pwd"] }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) request.destroy(new Error("body too large"));
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function sendHtml(ctx: KoaContextWithOIDC, html: string) {
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = html;
}

/** oidc-provider's models in a Map: the stand-in forgets everything when it stops. */
function memoryAdapter() {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const entry = store.get(key);
    if (entry && entry.expiresAt < Date.now()) store.delete(key);
    return store.get(key)?.payload;
  };
  return class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      return live(this.key(id));
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async findByUid(uid: string) {
      for (const [key] of store) if (key.startsWith(`${this.model}:`) && live(key)?.uid === uid) return live(key);
      return undefined;
    }
    async consume(id: string) {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
}
