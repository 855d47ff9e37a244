import type { JWK } from "jose";
import { startFranceConnectStandIn, type FranceConnectStandIn } from "../src/demo/franceconnect/stand-in.ts";
import { HttpBrowser } from "./relying-party.ts";

export const FC_CLIENT_ID = "guichet-tests";
export const FC_CLIENT_SECRET = "secret-du-bac-a-sable-des-tests";

/**
 * The local FranceConnect stand-in for a portal whose public address is `publicUrl` (the route
 * tests' default, http://127.0.0.1:3000, or a journey's server): its client is Guichet's.
 */
export function startStandIn(options: { publicUrl?: string; port?: number; signingKey?: JWK; clients?: { clientId: string; clientSecret: string }[] } = {}): Promise<FranceConnectStandIn> {
  const publicUrl = options.publicUrl ?? "http://127.0.0.1:3000";
  const clients = options.clients ?? [{ clientId: FC_CLIENT_ID, clientSecret: FC_CLIENT_SECRET }];
  return startFranceConnectStandIn({
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
    ...(options.port ? { port: options.port } : {}),
    clients: clients.map((client) => ({
      ...client,
      name: "Guichet (tests)",
      redirectUris: [`${publicUrl}/franceconnect/retour`],
      postLogoutRedirectUris: [`${publicUrl}/franceconnect/deconnecte`],
    })),
  });
}

/** The portal's FranceConnect settings for a stand-in (or any issuer, e.g. a closed port). */
export function franceConnectEnv(issuer: string, clientId = FC_CLIENT_ID, clientSecret = FC_CLIENT_SECRET) {
  return { FRANCECONNECT_ISSUER: issuer, FRANCECONNECT_CLIENT_ID: clientId, FRANCECONNECT_CLIENT_SECRET: clientSecret };
}

/**
 * A person on the stand-in's pages, over real HTTP with its own cookies: from the authorisation
 * address the portal sent them to, chooses a test identity (or cancels) and returns the address
 * the stand-in sends them back to (the portal's callback, with code and state).
 */
export class StandInVisitor {
  readonly http = new HttpBrowser();

  async choose(authorizationUrl: string, sub: string, action: "continuer" | "annuler" = "continuer"): Promise<URL> {
    const toChooser = await this.http.get(authorizationUrl);
    if (toChooser.status !== 303 || !toChooser.location) throw new Error(`authorisation answered ${toChooser.status}: ${toChooser.body.slice(0, 300)}`);
    const chooser = await this.http.get(toChooser.location);
    if (!chooser.body.includes("identité de test")) throw new Error(`no chooser page: ${chooser.body.slice(0, 300)}`);
    const chosen = await this.http.post(toChooser.location, { sub, action });
    const home = (url: string) => url.includes("/franceconnect/retour");
    if (chosen.location && home(chosen.location)) return new URL(chosen.location);
    const back = await this.http.follow(chosen.location ?? "", home);
    if (!back.stoppedAt) throw new Error(`the stand-in did not send the person back: ${back.status} ${back.body.slice(0, 300)}`);
    return new URL(back.stoppedAt);
  }

  /** Follows an end_session address to the stand-in's page, confirms, and returns where it sends the person. */
  async logOut(endSessionUrl: string): Promise<URL> {
    const page = await this.http.get(endSessionUrl);
    if (!page.body.includes("Déconnexion de FranceConnect")) throw new Error(`no logout page: ${page.status} ${page.body.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="xsrf" value="([^"]+)"/.exec(page.body);
    if (!form?.[1] || !form[2]) throw new Error("no logout form");
    const confirmed = await this.http.post(new URL(form[1], endSessionUrl).href, { xsrf: form[2], logout: "yes" });
    const home = (url: string) => url.includes("/franceconnect/deconnecte");
    if (confirmed.location && home(confirmed.location)) return new URL(confirmed.location);
    const back = await this.http.follow(confirmed.location ?? "", home);
    if (!back.stoppedAt) throw new Error(`the stand-in did not send the person back after logout: ${confirmed.status} ${confirmed.body.slice(0, 300)}`);
    return new URL(back.stoppedAt);
  }
}
