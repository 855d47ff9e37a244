import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isIPv6 } from "node:net";

/**
 * The captcha's plain-HTML path, for people whose browser runs no JavaScript: instead of a proof
 * of work, the page carries a signed "short wait" token, "attente.<issued at, ms>.<address>.<nonce>.<signature>".
 * The server accepts it once, only some seconds after the page was served and before it
 * expires, and only a few times per hour for the address it was issued to (captcha.ts).
 * The prefix tells it apart from the widget's payloads (base64, which has no ".").
 */
export const WAIT_TOKEN_PREFIX = "attente.";

export interface WaitToken {
  issuedAt: Date;
  /** The visitor's address the page was served to. */
  ip: string;
  /** Unique per token: what records it as used. */
  signature: string;
}

export function signWaitToken(key: string, input: { issuedAt: Date; ip: string }): string {
  const address = Buffer.from(input.ip).toString("base64url");
  const payload = `${WAIT_TOKEN_PREFIX}${input.issuedAt.getTime()}.${address}.${randomBytes(12).toString("base64url")}`;
  return `${payload}.${sign(key, payload)}`;
}

/** The token's content when we signed it (whatever its age), or null. Never throws. */
export function readWaitToken(key: string, token: string): WaitToken | null {
  if (typeof token !== "string" || !token.startsWith(WAIT_TOKEN_PREFIX) || token.length > 300) return null;
  const parts = token.slice(WAIT_TOKEN_PREFIX.length).split(".");
  if (parts.length !== 4) return null;
  const [issuedAt, address, nonce, signature] = parts as [string, string, string, string];
  if (!/^\d{1,15}$/.test(issuedAt)) return null;
  // Compared as written, not decoded: base64url's last character has spare bits, and a second
  // spelling of one signature would be a second "single-use" token.
  const expected = Buffer.from(sign(key, `${WAIT_TOKEN_PREFIX}${issuedAt}.${address}.${nonce}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { issuedAt: new Date(Number(issuedAt)), ip: Buffer.from(address, "base64url").toString("utf8"), signature };
}

function sign(key: string, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/**
 * The address presentations are counted for: an IPv4 address (also written IPv4-mapped) one by
 * one, an IPv6 one by its /64 network, since one subscriber usually holds a whole /64.
 */
export function countedAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = ip.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
