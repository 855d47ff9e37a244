import { createHash } from "node:crypto";
import type { Config, FranceConnectConfig } from "../../platform/config.ts";

/**
 * `npm start` in development, FranceConnect not configured: the local stand-in on the next port
 * (PORT + 1), with Guichet as its client. Its settings are known before it starts, so the portal
 * is built with them and the stand-in (a third of a second of imports) starts a second after the
 * portal listens (start.ts), off the first page's path. With WORKERS=N the first worker alone
 * starts it, and every worker must present the same client secret: it is derived from the data
 * directory and the port (a local sandbox's secret, on this machine only, never a real
 * FranceConnect's).
 */
export function developmentFranceConnect(config: Config): { settings: FranceConnectConfig; start(): Promise<string> } {
  const port = config.port === 0 ? 0 : config.port + 1;
  const settings = { issuer: `http://${config.host}:${port}`, clientId: "guichet-developpement", clientSecret: createHash("sha256").update(`guichet-franceconnect-developpement:${config.dataDir}:${port}`).digest("base64url") };
  return {
    settings,
    async start() {
      const { startFranceConnectStandIn } = await import("./stand-in.ts");
      const standIn = await startFranceConnectStandIn({
        port,
        host: config.host,
        clients: [
          {
            clientId: settings.clientId,
            clientSecret: settings.clientSecret,
            name: config.brand.name,
            redirectUris: [`${config.publicUrl}/franceconnect/retour`],
            postLogoutRedirectUris: [`${config.publicUrl}/franceconnect/deconnecte`],
          },
        ],
      });
      return standIn.issuer;
    },
  };
}
