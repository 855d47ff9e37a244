import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Db } from "../../platform/db/database.ts";
import type { OidcClient } from "../../platform/db/schema.ts";
import * as queries from "./queries.ts";

/**
 * The partner's OpenID Connect metadata as oidc-provider reads it. Every partner is a
 * confidential web client using the code flow, with pairwise subjects (one per partner's host).
 */
export function clientMetadata(client: OidcClient): AdapterPayload {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    subject_type: "pairwise",
    scope: PARTNER_SCOPES.join(" "),
  };
}

/** Every scope Guichet offers to partners; a request for any other is refused (invalid_scope). */
export const PARTNER_SCOPES = ["openid", "profile", "email", "organisation", "habilitations"] as const;

/**
 * oidc-provider's storage on Kysely: one table for every model (sessions, interactions, codes,
 * tokens, grants), the clients read from oidc_clients (registered by platform admins, never by
 * the provider itself).
 *
 * Expiry is read from the system time, not the injected clock: oidc-provider dates its tokens
 * with the system time, so its records must expire on the same one.
 */
export function createAdapter(db: Db) {
  return class KyselyAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === "Client") throw new Error("Partner clients are registered by platform admins, not by the provider");
      await queries.upsertPayload(db, {
        type: this.model,
        id,
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        // Guichet's logout finds the person's provider sessions by this column.
        accountId: this.model === "Session" ? (payload.accountId ?? null) : null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === "Client") {
        const client = await queries.findClient(db, id);
        return client ? clientMetadata(client) : undefined;
      }
      return withConsumed(await queries.findPayload(db, this.model, { id }, new Date()));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return withConsumed(await queries.findPayload(db, this.model, { uid }, new Date()));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return withConsumed(await queries.findPayload(db, this.model, { userCode }, new Date()));
    }

    async consume(id: string): Promise<void> {
      await queries.consumePayload(db, this.model, id, new Date());
    }

    async destroy(id: string): Promise<void> {
      await queries.destroyPayload(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await queries.destroyPayloadsOfGrant(db, grantId);
    }
  };
}

function withConsumed(stored: queries.StoredPayload | undefined): AdapterPayload | undefined {
  if (!stored) return undefined;
  return { ...(stored.payload as AdapterPayload), ...(stored.consumedAt ? { consumed: Math.floor(stored.consumedAt.getTime() / 1000) } : {}) };
}
