import { availableParallelism } from "node:os";
import path from "node:path";
import { checkFrenchPhone } from "./french/phone.ts";

/** Everything Guichet reads from the environment, typed and checked once at start. */
export interface Config {
  /** `production` turns on secure cookies, hides development pages and enforces the checks below. */
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** Base of every link written in mails and letters, without a trailing slash. */
  publicUrl: string;
  /** PostgreSQL connection string; unset means embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** SMTP server; unset means mails stay in the database, readable on the development mailbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Trust X-Forwarded-For from a reverse proxy (needed for per-IP throttling behind one). */
  trustProxy: boolean;
  /** pino level: info by default, warn under tests. */
  logLevel: string;
  /** Per-IP ceiling of requests per minute, a flood guard (login failures have their own delays). */
  rateLimitPerMinute: number;
  /** clamd (`tcp://host:3310`, `unix:///path` or a socket path); unset means uploads are not scanned. */
  clamdUrl: string | undefined;
  /** FranceConnect's OpenID Connect provider and Guichet's client there; unset means no FranceConnect button. */
  franceConnect: FranceConnectConfig | undefined;
  brand: Brand;
  /**
   * PUBLIC_MENU: the public pages listed in the header for everyone, comma-separated among
   * `comment-ca-marche`, `suis-je-eligible`, `offres-par-commune` (in that order on screen);
   * unset shows all three, `aucun` none. A portal that is not about housing keeps
   * `comment-ca-marche` only.
   */
  publicMenu: PublicMenuEntry[];
  /** The help channels shown at the foot of every page. */
  help: HelpChannels;
  /** METRICS_TOKEN: the bearer token Prometheus sends to read `/metrics`; unset means no `/metrics` (404). */
  metricsToken: string | undefined;
  /** S3_URL: uploaded files go to this S3-compatible bucket; unset means the local disk under `dataDir`. */
  objectStorage: ObjectStorageConfig | undefined;
  /** REDIS_URL: the per-IP ceiling counts in Redis; unset means in PostgreSQL (or in memory on the embedded database). */
  redisUrl: string | undefined;
  /**
   * WEBHOOK_ALLOW_PRIVATE=true: partners' webhook addresses may point to loopback, private or
   * link-local addresses (tests, a partner on the same private network). Unset, they are refused.
   */
  webhookAllowPrivate: boolean;
  /**
   * Every page sent from memory (ui/kept-pages.ts) is also drawn afresh and compared, failing the
   * request when they differ: on by default under NODE_ENV=test (the suites), off otherwise
   * (`CHECK_KEPT_PAGES=false` for a measure under NODE_ENV=test, as the benches run).
   */
  checkKeptPages: boolean;
  /** WORKERS: how many processes `npm start` runs (node:cluster), 1 by default; `auto` is one per core. */
  workers: number;
  /**
   * SHUTDOWN_DELAY_MS: on SIGTERM, how long the process keeps serving, `/health/ready` already
   * answering 503, before it stops taking connections, so that a load balancer notices first;
   * 5,000 in production, 0 otherwise.
   */
  shutdownDelayMs: number;
}

/**
 * An S3-compatible bucket, read from S3_URL:
 * `s3://[ACCESS_KEY:SECRET@]bucket[/prefix]?endpoint=https://s3.fr-par.scw.cloud&region=fr-par`.
 */
export interface ObjectStorageConfig {
  bucket: string;
  /** Prepended to every key (`guichet/`), so one bucket can hold several portals; empty by default. */
  prefix: string;
  /** `region=`, `us-east-1` by default (what MinIO and most compatible servers expect). */
  region: string;
  /** `endpoint=`: a server other than AWS (MinIO, Scaleway, OVHcloud, Garage…). */
  endpoint: string | undefined;
  /** Bucket in the path rather than the host name: on by default with an endpoint (`path-style=false` to turn off). */
  pathStyle: boolean;
  /** From the URL's user and password; unset means the SDK's chain (AWS_ACCESS_KEY_ID, profile, role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
}

/** The public pages the header's menu may list. */
export const PUBLIC_MENU_ENTRIES = {
  "comment-ca-marche": { label: "Comment ça marche ?", href: "/comment-ca-marche" },
  "suis-je-eligible": { label: "Suis-je éligible ?", href: "/suis-je-eligible" },
  "offres-par-commune": { label: "Offres par commune", href: "/offres-par-commune" },
} as const;

export type PublicMenuEntry = keyof typeof PUBLIC_MENU_ENTRIES;

/**
 * Where people get help, shown in every footer. Each channel is optional (`aucun` hides it).
 * Unset outside production, plausible demonstration values are shown, marked as such; unset
 * in production, the channel is not shown.
 */
export interface HelpChannels {
  /** HELP_PHONE, a French number ("01 23 45 67 89", "+33 1 23 45 67 89"): shown as typed nationally, dialled in E.164. */
  phone: { national: string; e164: string } | undefined;
  /** HELP_PHONE_HOURS, free text ("du lundi au vendredi, de 9 h à 17 h"); needs HELP_PHONE. */
  phoneHours: string | undefined;
  /** HELP_EMAIL, the address people may write to. */
  email: string | undefined;
  /** HELP_CHAT_URL, the chat's address (https in production); unset means no chat link. */
  chatUrl: string | undefined;
  /** The values are the demonstration defaults: the footer says so. */
  demo: boolean;
}

export interface FranceConnectConfig {
  /** FRANCECONNECT_ISSUER, e.g. https://fcp-low.sbx.dev-franceconnect.fr/api/v2 (discovery is read from it). */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** How a deployment brands the portal, without touching code. */
export interface Brand {
  /** Shown in the header, page titles and mails ("Mes aides en ligne"). */
  name: string;
  /** The organisation running the portal, shown beside the name ("Région Occitanie"). */
  organisation: string;
  /** Address of the logo image (absolute, or a path served by the portal). */
  logoUrl: string;
  /** Main colour: buttons, links, header rule. Must reach 4.5:1 against white. */
  primaryColor: string;
  /** Darker shade used on hover and focus. Must reach 4.5:1 against white. */
  primaryDarkColor: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const defaults = {
  port: 3000,
  host: "127.0.0.1",
  dataDir: "./data",
  mailFrom: "Guichet <ne-pas-repondre@guichet.localhost>",
};

/** Reads and checks the configuration; throws a ConfigError naming the faulty setting. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const value = (name: string) => {
    const raw = environment[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };
  const env = parseEnv(value("NODE_ENV"));
  const port = parsePort(value("PORT"));
  // Unset, links point at this machine on the port it listens on.
  const publicUrl = parseUrl("PUBLIC_URL", value("PUBLIC_URL") ?? `http://127.0.0.1:${port}`).replace(/\/+$/, "");
  const smtpUrl = value("SMTP_URL");
  if (smtpUrl !== undefined) parseUrl("SMTP_URL", smtpUrl, ["smtp:", "smtps:"]);
  const databaseUrl = value("DATABASE_URL");
  if (databaseUrl !== undefined) parseUrl("DATABASE_URL", databaseUrl, ["postgres:", "postgresql:"]);

  const config: Config = {
    env,
    port,
    host: value("HOST") ?? defaults.host,
    publicUrl,
    databaseUrl,
    dataDir: path.resolve(value("DATA_DIR") ?? defaults.dataDir),
    smtpUrl,
    mailFrom: value("MAIL_FROM") ?? defaults.mailFrom,
    trustProxy: value("TRUST_PROXY") === "true",
    logLevel: parseLogLevel(value("LOG_LEVEL") ?? (env === "test" ? "warn" : "info")),
    rateLimitPerMinute: parsePositiveInteger("RATE_LIMIT_PER_MINUTE", value("RATE_LIMIT_PER_MINUTE"), 600),
    clamdUrl: parseClamdUrl(value("CLAMD_URL")),
    franceConnect: parseFranceConnect(value("FRANCECONNECT_ISSUER"), value("FRANCECONNECT_CLIENT_ID"), value("FRANCECONNECT_CLIENT_SECRET")),
    brand: {
      name: value("PORTAL_NAME") ?? "Guichet",
      organisation: value("PORTAL_ORGANISATION") ?? "Portail de démonstration",
      logoUrl: value("PORTAL_LOGO_URL") ?? "/static/logo.svg",
      primaryColor: parseColor("PORTAL_PRIMARY_COLOR", value("PORTAL_PRIMARY_COLOR") ?? "#1f4e8c"),
      primaryDarkColor: parseColor("PORTAL_PRIMARY_DARK_COLOR", value("PORTAL_PRIMARY_DARK_COLOR") ?? "#153764"),
    },
    publicMenu: parsePublicMenu(value("PUBLIC_MENU")),
    help: parseHelpChannels(value, env),
    metricsToken: parseMetricsToken(value("METRICS_TOKEN")),
    objectStorage: parseObjectStorage(value("S3_URL")),
    redisUrl: value("REDIS_URL") === undefined ? undefined : parseUrl("REDIS_URL", value("REDIS_URL")!, ["redis:", "rediss:"]),
    workers: parseWorkers(value("WORKERS")),
    shutdownDelayMs: parseShutdownDelay(value("SHUTDOWN_DELAY_MS"), env === "production" ? 5_000 : 0),
    webhookAllowPrivate: value("WEBHOOK_ALLOW_PRIVATE") === "true",
    checkKeptPages: value("CHECK_KEPT_PAGES") === undefined ? env === "test" : value("CHECK_KEPT_PAGES") === "true",
  };
  if (env === "production") checkProduction(config);
  return config;
}

/** Production refuses settings that would be unsafe or lose data, naming each one. */
function checkProduction(config: Config) {
  const problems: string[] = [];
  if (!config.publicUrl.startsWith("https://"))
    problems.push("PUBLIC_URL doit commencer par https:// en production (cookies sécurisés, liens des courriels).");
  if (config.smtpUrl === undefined)
    problems.push("SMTP_URL est obligatoire en production : sans lui aucun courriel ne partirait.");
  if (config.databaseUrl === undefined)
    problems.push("DATABASE_URL est obligatoire en production : la base embarquée est réservée au développement.");
  if (config.franceConnect && !config.franceConnect.issuer.startsWith("https://"))
    problems.push("FRANCECONNECT_ISSUER doit commencer par https:// en production.");
  if (config.help.chatUrl?.startsWith("http://"))
    problems.push("HELP_CHAT_URL doit commencer par https:// en production.");
  if (config.mailFrom === defaults.mailFrom || /\.localhost>?$/.test(config.mailFrom))
    problems.push("MAIL_FROM doit être une adresse d'expédition réelle en production.");
  if (problems.length > 0) throw new ConfigError(`Configuration refusée :\n- ${problems.join("\n- ")}`);
}

function parseEnv(raw: string | undefined): Config["env"] {
  if (raw === undefined || raw === "development") return "development";
  if (raw === "production" || raw === "test") return raw;
  throw new ConfigError(`NODE_ENV doit valoir development, production ou test (reçu « ${raw} »).`);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return defaults.port;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT doit être un entier entre 0 et 65535 (reçu « ${raw} »).`);
  return port;
}

function parseClamdUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.startsWith("/") || /^(tcp:\/\/[^/]+|unix:\/\/\/.+)$/.test(raw)) return raw;
  throw new ConfigError(`CLAMD_URL doit être tcp://hôte:port, unix:///chemin ou le chemin d'un socket (reçu « ${raw} »).`);
}

/** All three FranceConnect settings, or none. */
function parseFranceConnect(issuer: string | undefined, clientId: string | undefined, clientSecret: string | undefined): FranceConnectConfig | undefined {
  if (issuer === undefined && clientId === undefined && clientSecret === undefined) return undefined;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined)
    throw new ConfigError("FRANCECONNECT_ISSUER, FRANCECONNECT_CLIENT_ID et FRANCECONNECT_CLIENT_SECRET vont ensemble : renseignez les trois, ou aucun pour ne pas proposer FranceConnect.");
  return { issuer: parseUrl("FRANCECONNECT_ISSUER", issuer).replace(/\/+$/, ""), clientId, clientSecret };
}

function parsePublicMenu(raw: string | undefined): PublicMenuEntry[] {
  const all = Object.keys(PUBLIC_MENU_ENTRIES) as PublicMenuEntry[];
  if (raw === undefined) return all;
  if (raw.toLowerCase() === "aucun") return [];
  const listed = raw.split(",").map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== "");
  const unknown = listed.filter((entry) => !(entry in PUBLIC_MENU_ENTRIES));
  if (unknown.length > 0)
    throw new ConfigError(`PUBLIC_MENU ne peut lister que ${all.join(", ")} (ou « aucun ») ; inconnu : « ${unknown.join(", ")} ».`);
  // Shown in the portal's order, whatever the order typed.
  return all.filter((entry) => listed.includes(entry));
}

/** Demonstration help channels: plausible, never a real service's (ARCEP keeps 01 99 00 xx xx for fiction). */
const DEMO_HELP = {
  phone: "01 99 00 12 34",
  phoneHours: "du lundi au vendredi, de 9 h à 17 h",
  email: "aide@guichet.localhost",
};

function parseHelpChannels(value: (name: string) => string | undefined, env: Config["env"]): HelpChannels {
  const demo = env !== "production";
  const names = ["HELP_PHONE", "HELP_PHONE_HOURS", "HELP_EMAIL", "HELP_CHAT_URL"] as const;
  // Any channel set means the operator configures them: the demonstration values are then off.
  const configured = names.some((name) => value(name) !== undefined);
  const pick = (name: (typeof names)[number], fallback: string) => {
    const raw = value(name);
    if (raw?.toLowerCase() === "aucun") return undefined;
    return raw ?? (demo && !configured ? fallback : undefined);
  };
  const phoneRaw = pick("HELP_PHONE", DEMO_HELP.phone);
  const phoneHours = pick("HELP_PHONE_HOURS", DEMO_HELP.phoneHours);
  const email = pick("HELP_EMAIL", DEMO_HELP.email);
  // No demonstration chat: the footer shows the link only when a deployment has one.
  const chatUrl = value("HELP_CHAT_URL")?.toLowerCase() === "aucun" ? undefined : value("HELP_CHAT_URL");
  let phone: HelpChannels["phone"];
  if (phoneRaw !== undefined) {
    const checked = checkFrenchPhone(phoneRaw);
    if (!checked.ok) throw new ConfigError(`HELP_PHONE n'est pas un numéro de téléphone français valide (reçu « ${phoneRaw} ») : ${checked.message}`);
    phone = { national: checked.value.national, e164: checked.value.e164 };
  }
  if (phoneHours !== undefined && phone === undefined)
    throw new ConfigError("HELP_PHONE_HOURS donne les horaires du téléphone : renseignez aussi HELP_PHONE.");
  if (phoneHours !== undefined && phoneHours.length > 200)
    throw new ConfigError("HELP_PHONE_HOURS est trop long (200 caractères au plus).");
  if (email !== undefined && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email))
    throw new ConfigError(`HELP_EMAIL n'est pas une adresse électronique valide (reçu « ${email} »).`);
  // A path on the portal itself is accepted too (the demonstration points at its contact page).
  if (chatUrl !== undefined && !chatUrl.startsWith("/")) parseUrl("HELP_CHAT_URL", chatUrl);
  if (chatUrl !== undefined && chatUrl.startsWith("//")) throw new ConfigError(`HELP_CHAT_URL n'est pas une adresse valide (reçu « ${chatUrl} »).`);
  return { phone, phoneHours, email, chatUrl, demo: demo && !configured };
}

function parseMetricsToken(raw: string | undefined): string | undefined {
  // A guessable token would publish the portal's traffic: 16 characters at least (openssl rand -hex 16 gives 32).
  if (raw !== undefined && raw.length < 16) throw new ConfigError("METRICS_TOKEN doit compter au moins 16 caractères (par exemple : openssl rand -hex 16).");
  return raw;
}

function parseLogLevel(raw: string): string {
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  if (!levels.includes(raw)) throw new ConfigError(`LOG_LEVEL doit valoir ${levels.join(", ")} (reçu « ${raw} »).`);
  return raw;
}

function parsePositiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (!Number.isSafeInteger(number) || number < 1) throw new ConfigError(`${name} doit être un entier positif (reçu « ${raw} »).`);
  return number;
}

function parseUrl(name: string, raw: string, protocols = ["http:", "https:"]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} n'est pas une adresse valide (reçu « ${raw} »).`);
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(`${name} doit utiliser ${protocols.join(" ou ")} (reçu « ${url.protocol} »).`);
  return raw;
}

function parseColor(name: string, raw: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(raw))
    throw new ConfigError(`${name} doit être une couleur #rrggbb (reçu « ${raw} »).`);
  if (contrastWithWhite(raw) < 4.5)
    throw new ConfigError(`${name} (${raw}) n'atteint pas un contraste de 4,5:1 sur fond blanc (RGAA 3.2).`);
  return raw.toLowerCase();
}

/** WCAG 2.1 contrast ratio between a #rrggbb colour and white. */
export function contrastWithWhite(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

function parseObjectStorage(raw: string | undefined): ObjectStorageConfig | undefined {
  if (raw === undefined) return undefined;
  const shape = "S3_URL doit être de la forme s3://bucket?endpoint=https://…&region=… (reçu « %s »).";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(shape.replace("%s", raw));
  }
  // The secret never appears in the message.
  const shown = raw.replace(/\/\/[^@/]*@/, "//…@");
  if (url.protocol !== "s3:" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname)) throw new ConfigError(shape.replace("%s", shown));
  const endpoint = url.searchParams.get("endpoint") ?? undefined;
  if (endpoint !== undefined) parseUrl("L'endpoint de S3_URL", endpoint);
  const prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ""));
  return {
    bucket: url.hostname,
    prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
    region: url.searchParams.get("region") ?? "us-east-1",
    endpoint,
    pathStyle: url.searchParams.get("path-style") !== "false",
    accessKeyId: url.username === "" ? undefined : decodeURIComponent(url.username),
    secretAccessKey: url.password === "" ? undefined : decodeURIComponent(url.password),
  };
}

/** Zero or more milliseconds, at most a minute (the shutdown's own limit is 30 s after the delay). */
function parseShutdownDelay(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (!Number.isSafeInteger(number) || number < 0 || number > 60_000)
    throw new ConfigError(`SHUTDOWN_DELAY_MS doit être un nombre de millisecondes entre 0 et 60000 (reçu « ${raw} »).`);
  return number;
}

function parseWorkers(raw: string | undefined): number {
  if (raw?.toLowerCase() === "auto") return availableParallelism();
  return parsePositiveInteger("WORKERS", raw, 1);
}
