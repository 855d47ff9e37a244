import type { Deps } from "../../platform/http/deps.ts";
import { audit } from "../../platform/audit.ts";
import { FormError } from "../../platform/http/errors.ts";
import { API_SCOPE_NAMES, MAX_TOKEN_DAYS, WEBHOOK_EVENT_NAMES, generateApiToken, generateWebhookSecret, type ApiScope } from "../../core/partner-api/tokens.ts";
import { checkWebhookAddress } from "../../core/partner-api/webhook-address.ts";
import { deleteApiGrant, findPartnerByName, insertApiGrant, insertPartner, insertToken, resetDelivery, revokeToken, updatePartnerWebhook } from "../../core/partner-api/queries.ts";

const DAY = 24 * 60 * 60 * 1000;

/** A form's checkbox name for a scope or an event ("demandes:ecriture" → "demandes_ecriture"). */
export const checkboxName = (value: string) => value.replace(/[:.]/g, "_");

/** The webhook address typed, checked (core/partner-api/webhook-address.ts); empty means none. */
async function checkWebhookUrl(deps: Deps, url: string): Promise<string | null> {
  if (url === "") return null;
  const checked = await checkWebhookAddress(url, { allowPrivate: deps.config.webhookAllowPrivate });
  if (!checked.ok) throw new FormError({ webhookUrl: checked.message });
  return checked.url;
}

function chosenEvents(form: Record<string, string>): string[] {
  return WEBHOOK_EVENT_NAMES.filter((event) => form[checkboxName(event)] === "oui");
}

/** A platform admin adds a partner's system, its webhook address and the events it wants. */
export async function createApiPartner(deps: Deps, form: Record<string, string>, context: { actorId: string; ip: string }) {
  const name = form.name ?? "";
  const webhookUrl = await checkWebhookUrl(deps, form.webhookUrl ?? "");
  if (await findPartnerByName(deps.db, name)) throw new FormError({ name: "Un partenaire porte déjà ce nom." });
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await insertPartner(trx, { name, webhookUrl, webhookSecret: generateWebhookSecret(), webhookEvents: chosenEvents(form), createdBy: context.actorId, now: deps.clock.now() });
    await audit(trx, deps.clock, { event: "api.partner_created", actorId: context.actorId, ip: context.ip, details: { partnerId: id, name } });
    return id;
  });
}

export async function updateApiPartnerWebhook(deps: Deps, partnerId: string, form: Record<string, string>, context: { actorId: string; ip: string }) {
  const webhookUrl = await checkWebhookUrl(deps, form.webhookUrl ?? "");
  await deps.db.transaction().execute(async (trx) => {
    await updatePartnerWebhook(trx, { partnerId, webhookUrl, webhookEvents: chosenEvents(form) });
    await audit(trx, deps.clock, { event: "api.webhook_changed", actorId: context.actorId, ip: context.ip, details: { partnerId, webhookUrl } });
  });
}

/** Creates a token: returned once, in clear, for the page to show; only its hash is kept. */
export async function createApiToken(deps: Deps, partnerId: string, form: Record<string, string>, context: { actorId: string | null; ip: string | null }) {
  const scopes: ApiScope[] = API_SCOPE_NAMES.filter((scope) => form[checkboxName(scope)] === "oui");
  const days = Number(form.days);
  const errors: Record<string, string> = {};
  if (scopes.length === 0) errors[checkboxName(API_SCOPE_NAMES[0]!)] = "Cochez au moins un droit.";
  if (!/^\d+$/.test(form.days ?? "") || days < 1 || days > MAX_TOKEN_DAYS) errors.days = `Saisissez une durée de 1 à ${MAX_TOKEN_DAYS} jours.`;
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  const { token, hash, prefix } = generateApiToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + days * DAY);
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await insertToken(trx, { partnerId, label: form.label ?? "", tokenHash: hash, prefix, scopes, expiresAt, createdBy: context.actorId, now });
    await audit(trx, deps.clock, { event: "api.token_created", actorId: context.actorId, ip: context.ip, details: { partnerId, tokenId: id, scopes, expiresAt: expiresAt.toISOString() } });
  });
  return { token, scopes, expiresAt };
}

export async function revokeApiToken(deps: Deps, partnerId: string, tokenId: string, context: { actorId: string; ip: string }) {
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeToken(trx, { partnerId, tokenId, now: deps.clock.now() });
    if (revoked) await audit(trx, deps.clock, { event: "api.token_revoked", actorId: context.actorId, ip: context.ip, details: { partnerId, tokenId } });
    return revoked;
  });
}

/** « Renvoyer »: the same body and webhook-id, queued again (the receiver may ignore a known id). */
export async function resendDelivery(deps: Deps, partnerId: string, deliveryId: string) {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await resetDelivery(trx, { partnerId, deliveryId }))) return false;
    await deps.jobs.enqueue("webhook-delivery", { deliveryId }, trx);
    return true;
  });
}

/** An account gives (or takes back) its consent: this partner may create and file its requests. */
export async function setApiGrant(deps: Deps, input: { accountId: string; partnerId: string; granted: boolean; ip: string }) {
  await deps.db.transaction().execute(async (trx) => {
    if (input.granted) await insertApiGrant(trx, { accountId: input.accountId, partnerId: input.partnerId, now: deps.clock.now() });
    else await deleteApiGrant(trx, input);
    await audit(trx, deps.clock, { event: input.granted ? "api.grant_given" : "api.grant_withdrawn", accountId: input.accountId, actorId: input.accountId, ip: input.ip, details: { partnerId: input.partnerId } });
  });
}
