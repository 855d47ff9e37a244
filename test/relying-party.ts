import http from "node:http";
import net, { type AddressInfo } from "node:net";
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { createTestApp, type TestApp } from "./app.ts";

/** A port nobody listens on right now, so PUBLIC_URL (the issuer) can be known before listening. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The real application listening on a local port, its public address being that port (the issuer). */
export async function listeningTestApp(): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: baseUrl } });
  await t.app.listen({ port, host: "127.0.0.1" });
  return { ...t, baseUrl };
}

/**
 * A person's browser over real HTTP: keeps cookies per host, follows nothing by itself (each
 * redirect is a step the test can look at), posts forms with the CSRF token of the last page.
 */
export class HttpBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  lastPage = "";

  private cookiesFor(url: URL) {
    let cookies = this.jar.get(url.host);
    if (!cookies) this.jar.set(url.host, (cookies = new Map()));
    return cookies;
  }

  private async request(url: string, init: { method: string; body?: URLSearchParams; headers?: Record<string, string> }) {
    const target = new URL(url);
    const cookies = this.cookiesFor(target);
    const headers: Record<string, string> = { ...init.headers, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
    if (init.body) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(target, { method: init.method, headers, body: init.body?.toString() ?? null, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (value === "" || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    const body = await response.text();
    if (response.headers.get("content-type")?.startsWith("text/html")) this.lastPage = body;
    const location = response.headers.get("location");
    return { status: response.status, body, location: location ? new URL(location, target).href : null, url: target.href, headers: response.headers };
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request(url, { method: "GET", headers });
  }

  /** Posts a form, with the CSRF token of the last page when there is one. */
  post(url: string, fields: Record<string, string>) {
    const body = new URLSearchParams(fields);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)?.[1];
    if (csrf && !("_csrf" in fields)) body.append("_csrf", csrf);
    return this.request(url, { method: "POST", body });
  }

  /**
   * Follows redirects from `url` until one leaves for an address `stop` recognises (the
   * partner's callback, which the test hands to its relying party) or a page is reached.
   */
  async follow(url: string, stop: (url: string) => boolean = () => false) {
    let response = await this.get(url);
    for (let hops = 0; response.location && hops < 10; hops++) {
      if (stop(response.location)) return { ...response, stoppedAt: response.location };
      response = await this.get(response.location);
    }
    return { ...response, stoppedAt: null };
  }

  /** Signs in through the portal's login form (which honours `retour`), and follows on. */
  async logIn(baseUrl: string, account: { identifier: string; password: string }, retour?: string) {
    await this.get(`${baseUrl}/connexion${retour ? `?retour=${encodeURIComponent(retour)}` : ""}`);
    const response = await this.post(`${baseUrl}/connexion`, { login: account.identifier, password: account.password, ...(retour ? { retour } : {}) });
    if (response.status !== 303) throw new Error(`login answered ${response.status}`);
    return response;
  }

  cookie(host: string, name: string) {
    return this.jar.get(host)?.get(name);
  }
}

export interface LogoutNotice {
  payload: JWTPayload;
}

/**
 * A partner service as a test sees it: an openid-client relying party whose callback address is
 * on its own host (127.0.0.1 or localhost, so two of them have different pairwise subjects), and
 * a real HTTP server receiving back-channel logout tokens, verified against the portal's keys.
 */
export class RelyingParty {
  readonly logouts: LogoutNotice[] = [];
  /** Makes the back-channel endpoint fail, to check that the portal's logout does not depend on it. */
  failing = false;

  private constructor(
    readonly config: oidc.Configuration,
    readonly clientId: string,
    readonly redirectUri: string,
    private readonly server: http.Server,
  ) {}

  /** Addresses to register for a relying party on `host` listening on `port`. */
  static addresses(host: "127.0.0.1" | "localhost", port: number) {
    return {
      redirectUris: [`http://${host}:${port}/callback`],
      postLogoutRedirectUris: [`http://${host}:${port}/logged-out`],
      backchannelLogoutUri: `http://${host}:${port}/backchannel-logout`,
    };
  }

  static async start(input: { issuer: string; clientId: string; clientSecret: string; host: "127.0.0.1" | "localhost"; port: number }) {
    const config = await oidc.discovery(new URL(input.issuer), input.clientId, input.clientSecret, oidc.ClientSecretBasic(input.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    const keys = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? ""));
    // The server exists before the party it serves.
    const started: { party?: RelyingParty } = {};
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const party = started.party;
        if (request.method === "GET" && (request.url?.startsWith("/callback") || request.url?.startsWith("/logged-out"))) {
          // What the partner shows the person (the test then hands the address to openid-client).
          const title = request.url.startsWith("/callback") ? "Service partenaire : retour de connexion" : "Service partenaire : déconnecté";
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1></main></body></html>`);
          return;
        }
        if (request.method !== "POST" || request.url !== "/backchannel-logout" || !party) {
          response.writeHead(404).end();
          return;
        }
        if (party.failing) {
          response.writeHead(500).end();
          return;
        }
        const token = new URLSearchParams(body).get("logout_token") ?? "";
        jwtVerify(token, keys, { issuer: input.issuer, audience: input.clientId, typ: "logout+jwt" })
          .then(({ payload }) => {
            const events = payload.events as Record<string, unknown> | undefined;
            if (!events?.["http://schemas.openid.net/event/backchannel-logout"] || "nonce" in payload) throw new Error("not a logout token");
            party.logouts.push({ payload });
            response.writeHead(200).end();
          })
          .catch(() => response.writeHead(400).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(input.port, "127.0.0.1", resolve));
    started.party = new RelyingParty(config, input.clientId, RelyingParty.addresses(input.host, input.port).redirectUris[0] ?? "", server);
    return started.party;
  }

  /** Starts a code flow with PKCE: the address to send the browser to, and what to check on return. */
  async authorizationRequest(parameters: Record<string, string> = {}) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      scope: "openid profile email organisation habilitations",
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      ...parameters,
    });
    return { url: url.href, checks: { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce } };
  }

  /** The browser came back to the callback: code for tokens (checked by openid-client), then userinfo. */
  async finish(callbackUrl: string, checks: oidc.AuthorizationCodeGrantChecks) {
    const tokens = await oidc.authorizationCodeGrant(this.config, new URL(callbackUrl), checks);
    const idToken = tokens.claims();
    if (!idToken) throw new Error("no ID token");
    const userinfo = await oidc.fetchUserInfo(this.config, tokens.access_token, idToken.sub);
    return { tokens, idToken, userinfo };
  }

  endSessionUrl(idToken: string, postLogoutRedirectUri?: string) {
    return oidc.buildEndSessionUrl(this.config, {
      id_token_hint: idToken,
      ...(postLogoutRedirectUri ? { post_logout_redirect_uri: postLogoutRedirectUri } : {}),
    }).href;
  }

  async close() {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
