import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/**
 * Where a partner's webhooks may go. A webhook is a request the portal makes to an address an
 * admin typed: pointed at 127.0.0.1, 10.x, 169.254.169.254 (a cloud's metadata service) or a
 * host name resolving there, it would make the portal reach its own private network (SSRF).
 * So only public unicast addresses are accepted, unless the configuration allows private ones
 * (WEBHOOK_ALLOW_PRIVATE=true: tests, a partner on the same private network).
 */
export type AddressCheck = { ok: true; url: string } | { ok: false; message: string };

/** The one range a webhook may reach (ipaddr.js names the others: private, loopback, linkLocal…). */
const PUBLIC = "unicast";

/** Whether one IP address (v4 or v6, IPv4-mapped IPv6 read as IPv4) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === PUBLIC;
}

type Resolve = (host: string) => Promise<string[]>;

const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Checks a webhook address: http or https, and every address its host resolves to public,
 * unless private addresses are allowed. The French message says why it is refused.
 */
export async function checkWebhookAddress(raw: string, options: { allowPrivate: boolean; resolve?: Resolve }): Promise<AddressCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Saisissez une adresse web complète, par exemple https://partenaire.example/webhooks." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "L'adresse des webhooks doit commencer par https:// (ou http://)." };
  if (url.username || url.password) return { ok: false, message: "L'adresse des webhooks ne doit pas contenir d'identifiant ni de mot de passe." };
  if (options.allowPrivate) return { ok: true, url: url.toString() };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? resolveAll)(host);
    } catch {
      return { ok: false, message: `Le nom « ${host} » ne correspond à aucune adresse : vérifiez l'adresse des webhooks.` };
    }
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (addresses.length === 0 || refused !== undefined) {
    return { ok: false, message: `L'adresse des webhooks mène à une adresse privée, locale ou réservée (${refused ?? host}) : indiquez une adresse publique du partenaire.` };
  }
  return { ok: true, url: url.toString() };
}
