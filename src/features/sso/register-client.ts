import { randomBytes, randomUUID } from "node:crypto";
import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import { checkUris } from "./client-uris.ts";
import * as queries from "./queries.ts";

export interface ClientRegistration {
  name: string;
  /** The catalogue's service, by id (admin page) or slug (command line). */
  service: { id: string } | { slug: string };
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
}

/** 256 random bits: partners paste it into their configuration, nobody types it. */
export function generateClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Registers a partner service for single sign-on and returns its client id and secret (the
 * secret is shown once by the caller). Throws FormError naming each faulty field: name,
 * serviceId, redirectUris, postLogoutRedirectUris, backchannelLogoutUri.
 */
export async function registerClient(
  deps: { db: Db; clock: Clock; config: Config },
  input: ClientRegistration,
  actor: { adminId: string | null; ip: string | null; via: "admin" | "cli" | "demo" },
  options: { clientId?: string } = {},
) {
  const production = deps.config.env === "production";
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  if (!name) errors.name = "Indiquez le nom du service partenaire.";
  else if (name.length > 200) errors.name = "Le nom ne doit pas dépasser 200 caractères.";

  const service =
    "id" in input.service
      ? /^[0-9a-f-]{36}$/i.test(input.service.id)
        ? await queries.findServiceById(deps.db, input.service.id)
        : undefined
      : await queries.findServiceBySlug(deps.db, input.service.slug);
  if (!service) {
    errors.serviceId =
      "slug" in input.service && input.service.slug
        ? `Aucun service du catalogue n'a l'identifiant « ${input.service.slug} ».`
        : "Choisissez le service du catalogue que ce partenaire ouvre.";
  }

  const redirect = checkUris(input.redirectUris, { production, required: true, label: "adresse de retour", sameHost: true });
  if (redirect.error) errors.redirectUris = redirect.error;
  const postLogout = checkUris(input.postLogoutRedirectUris, { production, required: false, label: "adresse de retour après déconnexion" });
  if (postLogout.error) errors.postLogoutRedirectUris = postLogout.error;
  const backchannel = checkUris([input.backchannelLogoutUri], { production, required: false, label: "adresse de déconnexion" });
  if (backchannel.error) errors.backchannelLogoutUri = backchannel.error;
  if (Object.keys(errors).length > 0 || !service) throw new FormError(errors);

  const clientId = options.clientId ?? randomUUID();
  const clientSecret = generateClientSecret();
  await deps.db.transaction().execute(async (trx) => {
    await queries.insertClient(trx, {
      clientId,
      clientSecret,
      name,
      serviceId: service.id,
      redirectUris: redirect.uris,
      postLogoutRedirectUris: postLogout.uris,
      backchannelLogoutUri: backchannel.uris[0] ?? null,
      createdAt: deps.clock.now(),
      createdBy: actor.adminId,
    });
    await audit(trx, deps.clock, {
      event: "oidc.client_registered",
      actorId: actor.adminId,
      ip: actor.ip,
      details: { clientId, name, serviceId: service.id, via: actor.via },
    });
  });
  return { clientId, clientSecret, name, service };
}
