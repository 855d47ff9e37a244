import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Child } from "hono/jsx";
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { readForm } from "../../platform/http/forms.ts";
import { OIDC_PREFIX } from "./provider.ts";
import { findClient, updateClientAddresses } from "./queries.ts";
import { registerClient } from "./register-client.ts";
import { formatSiret } from "../../platform/french/siret.ts";

/**
 * A demo partner service ("Mes prêts en ligne"), so that single sign-on can be tried after
 * `npm start`: a relying party built with openid-client, as a partner would build one, served by
 * the portal itself outside production. Its sessions live in memory: it is a demonstration.
 */

export const DEMO_CLIENT_ID = "demo-partenaire";
const BASE = "/demo-partenaire";
const TITLE = "Mes prêts en ligne — service de démonstration";
const SESSION_COOKIE = "demo_partenaire_session";
const LOGIN_COOKIE = "demo_partenaire_connexion";

/** Where the demo partner lives: the demo service's address, for the catalogue's tile. */
export function demoPartnerUrl(config: Pick<Config, "publicUrl">): string {
  return `${config.publicUrl}${BASE}`;
}

function demoAddresses(config: Pick<Config, "publicUrl">) {
  const base = demoPartnerUrl(config);
  return {
    redirectUris: [`${base}/retour`],
    postLogoutRedirectUris: [`${base}/deconnecte`],
    backchannelLogoutUri: `${base}/deconnexion-guichet`,
  };
}

/**
 * Registers the demo partner as the OpenID Connect client of a service (the demo data's loan
 * service). Idempotent: a second call keeps the client and its secret, and only brings its
 * addresses up to date (PUBLIC_URL may have changed).
 */
export async function registerDemoPartner(deps: { db: Db; clock: Clock; config: Config }, input: { serviceId: string }): Promise<{ clientId: string }> {
  const addresses = demoAddresses(deps.config);
  const existing = await findClient(deps.db, DEMO_CLIENT_ID);
  if (existing) {
    await updateClientAddresses(deps.db, DEMO_CLIENT_ID, { ...addresses, serviceId: input.serviceId });
    return { clientId: DEMO_CLIENT_ID };
  }
  await registerClient(
    deps,
    { name: TITLE, service: { id: input.serviceId }, ...addresses },
    { adminId: null, ip: null, via: "demo" },
    { clientId: DEMO_CLIENT_ID },
  );
  return { clientId: DEMO_CLIENT_ID };
}

interface DemoUser {
  sid: string | undefined;
  sub: string;
  idToken: string;
  claims: Record<string, unknown>;
}

interface PendingLogin {
  codeVerifier: string;
  nonce: string;
  expiresAt: number;
}

export async function demoPartnerRoutes(app: FastifyInstance, deps: Deps) {
  const sessions = new Map<string, DemoUser>();
  const pending = new Map<string, PendingLogin>();
  const issuer = new URL(`${deps.config.publicUrl}${OIDC_PREFIX}`);
  const cookieOptions = { path: BASE, httpOnly: true, sameSite: "lax" as const, secure: deps.config.publicUrl.startsWith("https://") };
  let discovered: { secret: string; configuration: Promise<oidc.Configuration> } | undefined;
  let keys: JWTVerifyGetKey | undefined;

  // The client is read at each sign-in: an admin may have regenerated its secret.
  const configuration = async () => {
    const client = await findClient(deps.db, DEMO_CLIENT_ID);
    if (!client) return undefined;
    if (discovered?.secret !== client.clientSecret) {
      const options = issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {};
      discovered = { secret: client.clientSecret, configuration: oidc.discovery(issuer, DEMO_CLIENT_ID, client.clientSecret, undefined, options) };
      discovered.configuration.catch(() => (discovered = undefined));
    }
    return discovered.configuration;
  };

  const page = (reply: FastifyReply, title: string, body: Child, status = 200) => renderDemoPage(reply, title, body, status);

  app.get(BASE, async (request, reply) => {
    const user = sessions.get(request.cookies[SESSION_COOKIE] ?? "");
    if (!user) return reply.redirect(`${BASE}/connexion`, 303);
    return page(reply, TITLE, <SignedIn user={user} csrfToken={reply.generateCsrf()} />);
  });

  app.get(`${BASE}/connexion`, async (_request, reply) => {
    const config = await configuration();
    if (!config) return page(reply, "Service de démonstration non configuré", <p>Le service de démonstration n'est pas enregistré auprès du portail.</p>, 503);
    const state = oidc.randomState();
    const login = { codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), expiresAt: Date.now() + 10 * 60_000 };
    for (const [key, value] of pending) if (value.expiresAt < Date.now()) pending.delete(key);
    pending.set(state, login);
    reply.setCookie(LOGIN_COOKIE, state, { ...cookieOptions, maxAge: 600 });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: demoAddresses(deps.config).redirectUris[0] ?? "",
      scope: "openid profile email organisation habilitations",
      state,
      nonce: login.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
      code_challenge_method: "S256",
    });
    return reply.redirect(url.href, 303);
  });

  app.get<{ Querystring: Record<string, string> }>(`${BASE}/retour`, async (request, reply) => {
    const state = request.cookies[LOGIN_COOKIE] ?? "";
    const login = pending.get(state);
    pending.delete(state);
    reply.clearCookie(LOGIN_COOKIE, { path: BASE });
    const config = await configuration();
    const notSignedIn = () =>
      page(
        reply,
        "Connexion non aboutie",
        <>
          <p>La connexion par le portail n'a pas abouti{request.query.error === "access_denied" ? " : l'accès au service vous a été refusé" : ""}.</p>
          <p><a href={`${BASE}/connexion`}>Réessayer</a></p>
        </>,
        400,
      );
    if (request.query.error || !login || !config) return notSignedIn();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, deps.config.publicUrl), {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: state,
        expectedNonce: login.nonce,
      });
    } catch (error) {
      // A forged, stale or already used code (or a response that fails a check): the person
      // starts again, as a partner would let them.
      request.log.info({ err: error }, "demo partner: authorization code refused");
      return notSignedIn();
    }
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new Error("demo partner: no ID token");
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    const sessionId = randomBytes(24).toString("base64url");
    sessions.set(sessionId, { sid: typeof idClaims.sid === "string" ? idClaims.sid : undefined, sub: idClaims.sub, idToken: tokens.id_token, claims: userinfo });
    reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions);
    return reply.redirect(BASE, 303);
  });

  // RP-initiated logout: the partner's session ends, then the portal's (after its confirmation).
  app.post(`${BASE}/deconnexion`, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE] ?? "";
    const user = sessions.get(sessionId);
    sessions.delete(sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: BASE });
    const config = await configuration();
    if (!user || !config) return reply.redirect(`${BASE}/deconnecte`, 303);
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: user.idToken,
      post_logout_redirect_uri: demoAddresses(deps.config).postLogoutRedirectUris[0] ?? "",
    });
    return reply.redirect(url.href, 303);
  });

  app.get(`${BASE}/deconnecte`, async (_request, reply) =>
    page(
      reply,
      "Vous êtes déconnecté",
      <>
        <p>Vous êtes déconnecté du service de démonstration.</p>
        <p><a href={`${BASE}/connexion`}>Se reconnecter</a></p>
      </>,
    ),
  );

  // Back-channel logout: the portal says a person logged out; their session here ends.
  app.post(`${BASE}/deconnexion-guichet`, { config: { skipCsrf: true } }, async (request, reply) => {
    const { logout_token: token } = readForm(request.body, ["logout_token"]);
    try {
      const config = await configuration();
      if (!config) throw new Error("not registered");
      keys ??= createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? ""));
      const { payload } = await jwtVerify(token, keys, { issuer: issuer.href, audience: DEMO_CLIENT_ID, typ: "logout+jwt", maxTokenAge: "2 minutes" });
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events?.["http://schemas.openid.net/event/backchannel-logout"] || "nonce" in payload || (!payload.sid && !payload.sub)) throw new Error("not a logout token");
      for (const [id, user] of sessions) {
        if (payload.sid ? user.sid === payload.sid : user.sub === payload.sub) sessions.delete(id);
      }
      return reply.code(200).header("cache-control", "no-store").send();
    } catch (error) {
      request.log.info({ err: error }, "demo partner: logout token refused");
      return reply.code(400).header("cache-control", "no-store").send({ error: "invalid_request" });
    }
  });
}

function SignedIn({ user, csrfToken }: { user: DemoUser; csrfToken: string }) {
  const claims = user.claims as {
    civility?: string;
    given_name?: string;
    family_name?: string;
    email?: string;
    organisation?: { name: string; siret: string; client_number: string | null };
    habilitations?: { service: string; organisation_siret: string | null; granted_at: string }[];
  };
  return (
    <>
      <p class="lead">
        Bonjour {claims.civility} {claims.given_name} {claims.family_name}, vous êtes connecté par le portail.
      </p>
      <h2>Ce que le portail nous a transmis</h2>
      <dl class="summary-list">
        <div class="summary-list__row"><dt>Identifiant (propre à ce service)</dt><dd><code>{user.sub}</code></dd></div>
        <div class="summary-list__row"><dt>Adresse électronique</dt><dd>{claims.email}</dd></div>
        <div class="summary-list__row">
          <dt>Structure</dt>
          <dd>
            {claims.organisation
              ? `${claims.organisation.name} — SIRET ${formatSiret(claims.organisation.siret)}${claims.organisation.client_number ? `, numéro client ${claims.organisation.client_number}` : ""}`
              : "aucune"}
          </dd>
        </div>
        <div class="summary-list__row">
          <dt>Habilitation</dt>
          <dd>
            {claims.habilitations && claims.habilitations.length > 0
              ? claims.habilitations.map((grant) => `${grant.service}, accordée le ${new Date(grant.granted_at).toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" })}`).join(" ; ")
              : "aucune"}
          </dd>
        </div>
      </dl>
      <form method="post" action={`${BASE}/deconnexion`}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--primary">Se déconnecter</button>
      </form>
    </>
  );
}

/** The partner's own page frame: not the portal's layout, since it stands for another site. */
async function renderDemoPage(reply: FastifyReply, title: string, body: Child, status: number) {
  const html = (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - Service partenaire de démonstration`}</title>
        <link rel="stylesheet" href="/static/guichet.css" />
      </head>
      <body>
        <header class="header" role="banner">
          <div class="container header__body">
            <p class="header__name">Mes prêts en ligne</p>
            <p class="header__organisation">Service partenaire de démonstration</p>
          </div>
        </header>
        <main id="contenu" class="container">
          <h1>{title}</h1>
          {body}
        </main>
        <footer class="footer" role="contentinfo">
          <div class="container">
            <p>Service de démonstration : il montre ce qu'un service partenaire reçoit lors d'une connexion par le portail.</p>
          </div>
        </footer>
      </body>
    </html>
  );
  return reply
    .status(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(`<!DOCTYPE html>${await html.toString()}`);
}
