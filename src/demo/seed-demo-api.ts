import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import { findPartnerByName, insertPartner, insertToken } from "../core/partner-api/queries.ts";
import { API_SCOPE_NAMES, generateWebhookSecret, hashApiToken } from "../core/partner-api/tokens.ts";

/**
 * The demo partner of the public API and its token, known in advance as the demo passwords are
 * (development only: start.ts seeds the demo data in development alone), so that a developer can
 * call `/api/v1` at once with the token printed at start. Every scope, valid one year from the
 * first start; no webhook address (one is set on the partner's page, /administration/api).
 */
export const demoApiPartner = {
  name: "Logiciel de gestion (démonstration)",
  token: "gch_demo-logiciel-de-gestion-2026-jeton-de-demonstration",
  scopes: API_SCOPE_NAMES,
};

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Creates the demo partner and its token the first time; a restart changes nothing. */
export async function seedDemoApi(deps: { db: Db; clock: Clock }): Promise<typeof demoApiPartner> {
  if (await findPartnerByName(deps.db, demoApiPartner.name)) return demoApiPartner;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await insertPartner(trx, { name: demoApiPartner.name, webhookUrl: null, webhookSecret: generateWebhookSecret(), webhookEvents: [], createdBy: null, now });
    await insertToken(trx, {
      partnerId: id,
      label: "Jeton de démonstration",
      tokenHash: hashApiToken(demoApiPartner.token),
      prefix: demoApiPartner.token.slice(0, 10),
      scopes: [...demoApiPartner.scopes],
      expiresAt: new Date(now.getTime() + YEAR_MS),
      createdBy: null,
      now,
    });
  });
  return demoApiPartner;
}
