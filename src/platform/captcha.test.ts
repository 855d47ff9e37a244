import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { solveCaptcha } from "../../test/captcha.ts";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { CAPTCHA_LIFETIME_MS, createCaptcha, WAIT_LIFETIME_MS, WAIT_MESSAGES, WAIT_MIN_MS } from "./captcha.ts";
import { countedAddress } from "./captcha/wait-token.ts";
import type { Database } from "./db/schema.ts";
import { isDatabaseUnavailable } from "./db/unavailable.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const encode = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64");
const decode = (payload: string) => JSON.parse(Buffer.from(payload, "base64").toString("utf8"));

describe("the captcha", () => {
  it("serves a fresh signed challenge that no cache keeps", async () => {
    const response = await t.app.inject({ method: "GET", url: "/captcha/challenge" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const challenge = response.json();
    expect(challenge.parameters.algorithm).toBe("PBKDF2/SHA-256");
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    const other = (await t.app.inject({ method: "GET", url: "/captcha/challenge" })).json();
    expect(other.parameters.nonce).not.toBe(challenge.parameters.nonce);
  });

  it("accepts a solved payload once, and refuses it the second time", async () => {
    const payload = await solveCaptcha(t.app);
    expect(await t.deps.captcha.verify(payload)).toBe(true);
    expect(await t.deps.captcha.verify(payload)).toBe(false);
  });

  it("keeps one random key in the database, so that another process accepts the same payloads", async () => {
    const keys = await t.deps.db.selectFrom("appSecrets").select("value").where("name", "=", "captcha_hmac_key").execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.value).toMatch(/^[0-9a-f]{64}$/);
    const otherProcess = createCaptcha({ db: t.deps.db, clock: t.clock });
    const payload = await solveCaptcha(t.app);
    expect(await otherProcess.verify(payload)).toBe(true);
    expect(await t.deps.captcha.verify(payload)).toBe(false);
  });

  it("refuses a payload whose challenge or solution was tampered with", async () => {
    const payload = decode(await solveCaptcha(t.app));
    const easier = structuredClone(payload);
    easier.challenge.parameters.cost = 1;
    const later = structuredClone(payload);
    later.challenge.parameters.data.expires += 3600;
    const wrongKey = structuredClone(payload);
    wrongKey.solution.derivedKey = "ab".repeat(32);
    const wrongSignature = structuredClone(payload);
    wrongSignature.challenge.signature = "0".repeat(64);
    for (const tampered of [easier, later, wrongKey, wrongSignature]) {
      expect(await t.deps.captcha.verify(encode(tampered))).toBe(false);
    }
    expect(await t.deps.captcha.verify(encode(payload))).toBe(true);
  });

  it("refuses a payload once its challenge has expired, by the injected clock", async () => {
    const payload = await solveCaptcha(t.app);
    t.clock.advance(CAPTCHA_LIFETIME_MS + 1000);
    expect(await t.deps.captcha.verify(payload)).toBe(false);
  });

  it("refuses garbage without throwing", async () => {
    const garbage = [
      "",
      "not base64 at all!",
      encode("not json"),
      encode("null"),
      encode([1, 2]),
      encode({ challenge: null, solution: null, test: true }),
      encode({ challenge: { parameters: { nonce: "abc", salt: "zz", keyPrefix: "00" }, signature: "x" }, solution: { counter: -1, derivedKey: "q" } }),
      encode({ challenge: { parameters: "x", signature: "x" }, solution: {} }),
      "A".repeat(100_000),
    ];
    for (const payload of garbage) {
      await expect(t.deps.captcha.verify(payload)).resolves.toBe(false);
    }
    await expect(t.deps.captcha.verify(undefined as unknown as string)).resolves.toBe(false);
  });

  it("forgets used payloads once they have expired", async () => {
    const first = await solveCaptcha(t.app);
    expect(await t.deps.captcha.verify(first)).toBe(true);
    t.clock.advance(CAPTCHA_LIFETIME_MS + 1000);
    expect(await t.deps.captcha.verify(await solveCaptcha(t.app))).toBe(true);
    const rows = await t.deps.db.selectFrom("usedCaptchas").select("signature").execute();
    expect(rows.map((row) => row.signature)).not.toContain(decode(first).challenge.signature);
    expect(rows).toHaveLength(1);
  });

  it("throws, instead of refusing the payload, when the database cannot be reached", async () => {
    const payload = await solveCaptcha(t.app);
    // Nothing listens on port 1 of this machine: the connection is refused, as by a stopped server.
    const unreachable = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/guichet" }) }) });
    try {
      await expect(createCaptcha({ db: unreachable, clock: t.clock }).verify(payload)).rejects.toSatisfy(isDatabaseUnavailable);
    } finally {
      await unreachable.destroy();
    }
    expect(await t.deps.captcha.verify(payload)).toBe(true);
  });
});

describe("the captcha without JavaScript (short-wait tokens)", () => {
  it("accepts a token between its minimum wait and its lifetime, once", async () => {
    const token = await t.deps.captcha.waitToken("192.0.2.10");
    expect(await t.deps.captcha.check(token)).toEqual({ passed: false, message: WAIT_MESSAGES.tooEarly });
    t.clock.advance(WAIT_MIN_MS);
    expect(await t.deps.captcha.check(token)).toEqual({ passed: true });
    expect(await t.deps.captcha.check(token)).toEqual({ passed: false, message: WAIT_MESSAGES.used });
    expect(await t.deps.captcha.verify(token)).toBe(false);

    const old = await t.deps.captcha.waitToken("192.0.2.10");
    t.clock.advance(WAIT_LIFETIME_MS);
    expect(await t.deps.captcha.check(old)).toEqual({ passed: false, message: WAIT_MESSAGES.expired });
  });

  it("accepts in another process the tokens this one issued, and refuses those of another key", async () => {
    const otherProcess = createCaptcha({ db: t.deps.db, clock: t.clock });
    const token = await t.deps.captcha.waitToken("192.0.2.11");
    t.clock.advance(WAIT_MIN_MS);
    expect(await otherProcess.verify(token)).toBe(true);

    const [prefix, issuedAt, address, nonce] = (await t.deps.captcha.waitToken("192.0.2.11")).split(".");
    const payload = `${prefix}.${issuedAt}.${address}.${nonce}`;
    const forged = `${payload}.${createHmac("sha256", "not our key").update(payload).digest("base64url")}`;
    t.clock.advance(WAIT_MIN_MS);
    expect(await t.deps.captcha.check(forged)).toEqual({ passed: false, message: WAIT_MESSAGES.invalid });
  });

  it("keeps the time of the token a refused form posted, for the same address and while it is valid only", async () => {
    const first = await t.deps.captcha.waitToken("192.0.2.12");
    const issuedAt = (token: string) => token.split(".")[1];
    t.clock.advance(2000);
    const again = await t.deps.captcha.waitToken("192.0.2.12", first);
    expect(issuedAt(again)).toBe(issuedAt(first));
    expect(again).not.toBe(first);
    expect(issuedAt(await t.deps.captcha.waitToken("192.0.2.13", first))).not.toBe(issuedAt(first));
    expect(issuedAt(await t.deps.captcha.waitToken("192.0.2.12", first.replace(/\.(.)([^.]*)$/, (_all, head: string, rest: string) => `.${head === "A" ? "B" : "A"}${rest}`)))).not.toBe(issuedAt(first));
    expect(issuedAt(await t.deps.captcha.waitToken("192.0.2.12", "n'importe quoi"))).not.toBe(issuedAt(first));
    t.clock.advance(WAIT_LIFETIME_MS);
    expect(issuedAt(await t.deps.captcha.waitToken("192.0.2.12", first))).not.toBe(issuedAt(first));
  });

  it("refuses a token whose signature is spelt another way (the spare bits of its last character)", async () => {
    const token = await t.deps.captcha.waitToken("192.0.2.14");
    t.clock.advance(WAIT_MIN_MS);
    // 32 bytes are 43 base64url characters: the last one carries 4 bits and 2 spare ones.
    const last = token.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sameBits = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelt = `${token.slice(0, -1)}${sameBits}`;
    expect(Buffer.from(respelt.split(".")[4]!, "base64url")).toEqual(Buffer.from(token.split(".")[4]!, "base64url"));
    expect(await t.deps.captcha.check(respelt)).toEqual({ passed: false, message: WAIT_MESSAGES.invalid });
    expect(await t.deps.captcha.check(token)).toEqual({ passed: true });
  });

  it("leaves the widget's payloads to the proof of work: they never get a wait message", async () => {
    expect(await t.deps.captcha.check(await solveCaptcha(t.app))).toEqual({ passed: true });
    expect(await t.deps.captcha.check("bm90IGEgcGF5bG9hZA==")).toEqual({ passed: false });
  });

  it("counts IPv4 addresses one by one and IPv6 addresses by /64", () => {
    expect(countedAddress("192.0.2.1")).toBe("192.0.2.1");
    expect(countedAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(countedAddress("2001:db8:12:34::1")).toBe("2001:db8:12:34::/64");
    expect(countedAddress("2001:0db8:0012:0034:ffff:0:0:9")).toBe("2001:db8:12:34::/64");
    expect(countedAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(countedAddress("::1")).toBe("0:0:0:0::/64");
    expect(countedAddress("pas une adresse")).toBe("pas une adresse");
  });
});

describe("the theme stylesheet", () => {
  it("serves the brand colours as CSS custom properties, cacheable briefly", async () => {
    const response = await t.app.inject({ method: "GET", url: "/theme.css" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/css/);
    expect(response.headers["cache-control"]).toBe("public, max-age=300");
    expect(response.body).toContain(`--primary: ${t.deps.config.brand.primaryColor};`);
    expect(response.body).toContain(`--primary-dark: ${t.deps.config.brand.primaryDarkColor};`);
  });
});
