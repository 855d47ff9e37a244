import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { audit } from "../../platform/audit.ts";
import { findPartnerByName, insertPartner } from "../../core/partner-api/queries.ts";
import { API_SCOPE_NAMES, MAX_TOKEN_DAYS, generateWebhookSecret, type ApiScope } from "../../core/partner-api/tokens.ts";
import { checkboxName, createApiToken } from "./admin-use-cases.ts";

/**
 * `npm run guichet -- create-partner-token`: the operator's way to the admin page's « Créer le
 * jeton ». The partner is named; when it does not exist yet it is added (without a webhook
 * address: the admin page sets one). The same rules as the page (at least one scope, 1 to 366
 * days); FormError (French messages) otherwise. Returns the token in clear, for the command to
 * print once: only its SHA-256 is kept.
 */
export async function createTokenFromCommandLine(deps: Deps, input: { partner: string; scopes: string[]; days: string; label: string }) {
  const name = input.partner.trim();
  if (name === "" || name.length > 100) throw new FormError({ partner: "Donnez le nom du partenaire (100 caractères au plus)." });
  if (input.scopes.length === 0) throw new FormError({ scopes: `Indiquez au moins un droit avec --scopes, parmi : ${API_SCOPE_NAMES.join(", ")}.` });
  const unknown = input.scopes.filter((scope) => !(API_SCOPE_NAMES as string[]).includes(scope));
  if (unknown.length > 0) throw new FormError({ scopes: `Droit inconnu : ${unknown.join(", ")}. Droits possibles : ${API_SCOPE_NAMES.join(", ")}.` });
  // Checked before the partner is added, so that a refused command adds nothing.
  const days = input.days.trim();
  if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > MAX_TOKEN_DAYS) throw new FormError({ days: `Saisissez une durée de 1 à ${MAX_TOKEN_DAYS} jours.` });
  let partner = await findPartnerByName(deps.db, name);
  const created = partner === undefined;
  if (!partner) {
    partner = await deps.db.transaction().execute(async (trx) => {
      const row = await insertPartner(trx, { name, webhookUrl: null, webhookSecret: generateWebhookSecret(), webhookEvents: [], createdBy: null, now: deps.clock.now() });
      await audit(trx, deps.clock, { event: "api.partner_created", details: { partnerId: row.id, name, via: "cli" } });
      return row;
    });
  }
  const form: Record<string, string> = { label: input.label.trim().slice(0, 100) || "Ligne de commande", days };
  for (const scope of input.scopes as ApiScope[]) form[checkboxName(scope)] = "oui";
  const token = await createApiToken(deps, partner.id, form, { actorId: null, ip: null });
  return { ...token, partnerName: name, partnerCreated: created };
}
