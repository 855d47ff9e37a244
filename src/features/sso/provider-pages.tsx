import type { IncomingMessage } from "node:http";
import type { ErrorOut, KoaContextWithOIDC } from "oidc-provider";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { Deps } from "../../platform/http/deps.ts";
import type { CurrentSession } from "../../platform/sessions/sessions.ts";
import type { PageContext } from "../../ui/context.ts";
import { ErrorPage } from "../../ui/error-page.tsx";
import { signedIn } from "../../ui/render.ts";
import { OIDC_PREFIX } from "./provider.ts";
import { LoggedOutPage, LogoutConfirmationPage, LogoutWithoutSessionPage } from "./views.tsx";

/**
 * The pages oidc-provider itself shows (errors, logout), rendered by Guichet with its layout, in
 * French, without inline script, under the portal's CSP (set by helmet before the provider runs).
 */

/**
 * The Guichet session of each request handed to the provider, read by Fastify's session hook
 * before the provider takes the request (routes.tsx): its pages show who is signed in, as every
 * other page does (the logout page showed the anonymous header to a person still signed in).
 */
const guichetSessions = new WeakMap<IncomingMessage, CurrentSession | null>();

export function rememberGuichetSession(request: IncomingMessage, session: CurrentSession | null) {
  guichetSessions.set(request, session);
}

function providerPageContext(deps: Deps, ctx: KoaContextWithOIDC): PageContext {
  return {
    brand: deps.config.brand,
    // These pages carry no Guichet form, hence no token: the header leaves out "Se déconnecter"
    // (the logout page asks the question itself).
    csrfToken: "",
    ...signedIn(guichetSessions.get(ctx.req) ?? null),
    flash: null,
    showDevelopmentLinks: deps.config.env !== "production",
    // The provider sees its paths without its prefix.
    path: `${OIDC_PREFIX}${ctx.path}`,
    // No captcha on these pages: a token would never be used.
    captchaWaitToken: () => Promise.reject(new Error("The provider's pages carry no captcha")),
  };
}

async function send(ctx: KoaContextWithOIDC, page: JSX.Element) {
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = `<!DOCTYPE html>${await page.toString()}`;
}

/** What a person reads when a partner's request cannot even be sent back to the partner. */
const errorTexts: Record<string, { title: string; message: string }> = {
  invalid_client: {
    title: "Service partenaire inconnu",
    message: "Le service qui vous a conduit ici n'est pas enregistré auprès de ce portail. Revenez sur ce service et signalez-lui le problème.",
  },
  invalid_redirect_uri: {
    title: "Adresse de retour non autorisée",
    message:
      "Le service partenaire demande à vous renvoyer vers une adresse qui n'a pas été enregistrée auprès de ce portail : la connexion est refusée pour votre sécurité.",
  },
  invalid_scope: {
    title: "Informations demandées non autorisées",
    message: "Le service partenaire demande des informations sur vous qui ne lui sont pas ouvertes : la connexion est refusée.",
  },
  session_not_found: {
    title: "Demande de connexion expirée",
    message: "Cette demande de connexion a expiré ou a déjà servi. Revenez sur le service partenaire et recommencez.",
  },
};

const defaultError = {
  title: "Demande de connexion incorrecte",
  message: "La demande envoyée par le service partenaire est incorrecte ou a expiré. Revenez sur ce service et recommencez.",
};

export async function renderProviderError(deps: Deps, ctx: KoaContextWithOIDC, out: ErrorOut, error: unknown) {
  const status = ctx.status;
  if (status >= 500) {
    deps.log.error({ err: error }, "oidc provider error page");
    await send(
      ctx,
      ErrorPage({
        ctx: providerPageContext(deps, ctx),
        title: "Erreur inattendue",
        message: "Une erreur inattendue est survenue de notre côté. Réessayez dans quelques instants depuis le service partenaire.",
      }),
    );
    return;
  }
  deps.log.info({ error: out.error, description: out.error_description }, "oidc request refused");
  const text = errorTexts[out.error] ?? defaultError;
  await send(ctx, ErrorPage({ ctx: providerPageContext(deps, ctx), ...text }));
}

interface LogoutState {
  secret?: string;
  postLogoutRedirectUri?: string;
}

export async function renderLogoutConfirmation(deps: Deps, ctx: KoaContextWithOIDC) {
  const state = (ctx.oidc.session?.state ?? {}) as LogoutState;
  // Chromium applies form-action to the redirect that follows the form: the partner's return
  // address must be allowed on this page, and only on this one.
  if (state.postLogoutRedirectUri) allowFormRedirectTo(ctx, state.postLogoutRedirectUri);
  await send(
    ctx,
    LogoutConfirmationPage({
      ctx: providerPageContext(deps, ctx),
      action: ctx.oidc.urlFor("end_session_confirm"),
      xsrf: state.secret ?? "",
      clientName: ctx.oidc.client?.clientName ?? null,
    }),
  );
}

export async function renderLogoutWithoutSession(deps: Deps, ctx: KoaContextWithOIDC) {
  const state = (ctx.oidc.session?.state ?? {}) as LogoutState;
  if (state.postLogoutRedirectUri) allowFormRedirectTo(ctx, state.postLogoutRedirectUri);
  await send(
    ctx,
    LogoutWithoutSessionPage({ ctx: providerPageContext(deps, ctx), action: ctx.oidc.urlFor("end_session_confirm"), xsrf: state.secret ?? "" }),
  );
}

export async function renderLoggedOut(deps: Deps, ctx: KoaContextWithOIDC) {
  await send(ctx, LoggedOutPage({ ctx: providerPageContext(deps, ctx), clientName: ctx.oidc.client?.clientName ?? null }));
}

function allowFormRedirectTo(ctx: KoaContextWithOIDC, uri: string) {
  const csp = ctx.response.get("content-security-policy");
  const origin = URL.parse(uri)?.origin;
  if (!csp || !origin || origin === "null") return;
  ctx.set("content-security-policy", csp.replace(/form-action 'self'/, `form-action 'self' ${origin}`));
}
