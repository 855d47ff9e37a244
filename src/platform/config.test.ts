import { describe, expect, it } from "vitest";
import { ConfigError, contrastWithWhite, readConfig } from "./config.ts";

const production = {
  NODE_ENV: "production",
  PUBLIC_URL: "https://aides.exemple.fr",
  SMTP_URL: "smtp://smtp.exemple.fr:587",
  DATABASE_URL: "postgres://guichet@db.exemple.fr/guichet",
  MAIL_FROM: "Mes aides en ligne <ne-pas-repondre@aides.exemple.fr>",
};

describe("configuration", () => {
  it("uses the defaults of DESIGN.md's table", () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      env: "development",
      port: 3000,
      host: "127.0.0.1",
      publicUrl: "http://127.0.0.1:3000",
      databaseUrl: undefined,
      smtpUrl: undefined,
      mailFrom: "Guichet <ne-pas-repondre@guichet.localhost>",
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it("reads every variable, trimming spaces and the trailing slash of PUBLIC_URL", () => {
    const config = readConfig({ PORT: "8080", HOST: "0.0.0.0", PUBLIC_URL: " https://x.fr/ ", DATA_DIR: "/tmp/g", SMTP_URL: "smtp://127.0.0.1:2525" });
    expect(config).toMatchObject({ port: 8080, host: "0.0.0.0", publicUrl: "https://x.fr", dataDir: "/tmp/g", smtpUrl: "smtp://127.0.0.1:2525" });
  });

  it("checks the pages kept in memory under the tests only, unless told", () => {
    expect(readConfig({ NODE_ENV: "test" }).checkKeptPages).toBe(true);
    expect(readConfig({ NODE_ENV: "test", CHECK_KEPT_PAGES: "false" }).checkKeptPages).toBe(false);
    expect(readConfig({}).checkKeptPages).toBe(false);
    expect(readConfig({ CHECK_KEPT_PAGES: "true" }).checkKeptPages).toBe(true);
  });

  it("brands the portal from the environment", () => {
    const config = readConfig({ PORTAL_NAME: "Mes aides en ligne", PORTAL_ORGANISATION: "Région Occitanie", PORTAL_PRIMARY_COLOR: "#A1005B" });
    expect(config.brand).toMatchObject({ name: "Mes aides en ligne", organisation: "Région Occitanie", primaryColor: "#a1005b" });
  });

  it("refuses a brand colour that would fail the contrast rule, naming the setting", () => {
    expect(() => readConfig({ PORTAL_PRIMARY_COLOR: "#ffcc00" })).toThrow(/PORTAL_PRIMARY_COLOR.*4,5:1/);
    expect(() => readConfig({ PORTAL_PRIMARY_COLOR: "red" })).toThrow(/PORTAL_PRIMARY_COLOR/);
    expect(contrastWithWhite("#000000")).toBeCloseTo(21);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PUBLIC_URL", "pas une adresse"],
    ["SMTP_URL", "http://smtp.exemple.fr"],
    ["DATABASE_URL", "mysql://x"],
    ["NODE_ENV", "staging"],
  ])("refuses %s=%s with a message naming it", (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });

  it("starts in production when everything required is set", () => {
    expect(readConfig(production).env).toBe("production");
  });

  it.each([
    ["PUBLIC_URL", "http://aides.exemple.fr", /PUBLIC_URL doit commencer par https/],
    ["SMTP_URL", "", /SMTP_URL est obligatoire/],
    ["DATABASE_URL", "", /DATABASE_URL est obligatoire/],
    ["MAIL_FROM", "", /MAIL_FROM/],
  ])("refuses to start in production when %s is unsafe or missing", (name, value, message) => {
    expect(() => readConfig({ ...production, [name]: value })).toThrow(message);
  });

  it("reads FranceConnect's three settings together, or none, and wants https in production", () => {
    expect(readConfig({}).franceConnect).toBeUndefined();
    expect(
      readConfig({ FRANCECONNECT_ISSUER: "https://fcp-low.sbx.dev-franceconnect.fr/api/v2/", FRANCECONNECT_CLIENT_ID: "client", FRANCECONNECT_CLIENT_SECRET: "secret" }).franceConnect,
    ).toEqual({ issuer: "https://fcp-low.sbx.dev-franceconnect.fr/api/v2", clientId: "client", clientSecret: "secret" });
    expect(() => readConfig({ FRANCECONNECT_ISSUER: "https://fc.example" })).toThrow(/FRANCECONNECT_CLIENT_ID et FRANCECONNECT_CLIENT_SECRET vont ensemble/);
    expect(() => readConfig({ FRANCECONNECT_ISSUER: "pas une adresse", FRANCECONNECT_CLIENT_ID: "c", FRANCECONNECT_CLIENT_SECRET: "s" })).toThrow(/FRANCECONNECT_ISSUER/);
    const http = { FRANCECONNECT_ISSUER: "http://fc.example", FRANCECONNECT_CLIENT_ID: "c", FRANCECONNECT_CLIENT_SECRET: "s" };
    expect(() => readConfig({ ...production, ...http })).toThrow(/FRANCECONNECT_ISSUER doit commencer par https/);
  });
});

describe("public menu and help channels", () => {
  it("lists the three public pages by default, in the portal's order, or those PUBLIC_MENU names", () => {
    expect(readConfig({}).publicMenu).toEqual(["comment-ca-marche", "suis-je-eligible", "offres-par-commune"]);
    expect(readConfig({ PUBLIC_MENU: " Comment-ca-marche " }).publicMenu).toEqual(["comment-ca-marche"]);
    expect(readConfig({ PUBLIC_MENU: "offres-par-commune,comment-ca-marche" }).publicMenu).toEqual(["comment-ca-marche", "offres-par-commune"]);
    expect(readConfig({ PUBLIC_MENU: "aucun" }).publicMenu).toEqual([]);
    expect(() => readConfig({ PUBLIC_MENU: "comment-ca-marche,faq" })).toThrow(/PUBLIC_MENU.*« faq »/);
  });

  it("shows demonstration channels, marked as such, when none is configured outside production", () => {
    expect(readConfig({}).help).toEqual({
      phone: { national: "01 99 00 12 34", e164: "+33199001234" },
      phoneHours: "du lundi au vendredi, de 9 h à 17 h",
      email: "aide@guichet.localhost",
      chatUrl: undefined,
      demo: true,
    });
    expect(readConfig(production).help).toEqual({ phone: undefined, phoneHours: undefined, email: undefined, chatUrl: undefined, demo: false });
  });

  it("reads the configured channels, which replace every demonstration value", () => {
    const help = readConfig({ HELP_PHONE: "+33 5 61 00 00 00", HELP_PHONE_HOURS: "du lundi au jeudi, de 9 h à 12 h", HELP_CHAT_URL: "https://chat.exemple.fr/aide" }).help;
    expect(help).toEqual({
      phone: { national: "05 61 00 00 00", e164: "+33561000000" },
      phoneHours: "du lundi au jeudi, de 9 h à 12 h",
      email: undefined,
      chatUrl: "https://chat.exemple.fr/aide",
      demo: false,
    });
    expect(readConfig({ HELP_EMAIL: "aide@exemple.fr", HELP_PHONE: "aucun" }).help).toMatchObject({ phone: undefined, email: "aide@exemple.fr", demo: false });
    expect(readConfig({ ...production, HELP_CHAT_URL: "https://chat.exemple.fr" }).help.chatUrl).toBe("https://chat.exemple.fr");
  });

  it.each([
    ["HELP_PHONE", "12345", /HELP_PHONE n'est pas un numéro/],
    ["HELP_PHONE", "+44 20 7946 0000", /HELP_PHONE/],
    ["HELP_EMAIL", "aide-at-exemple.fr", /HELP_EMAIL/],
    ["HELP_CHAT_URL", "javascript:alert(1)", /HELP_CHAT_URL/],
    ["HELP_CHAT_URL", "//ailleurs.exemple", /HELP_CHAT_URL/],
  ])("refuses %s=%s with a message naming it", (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  it("wants the phone with its hours, and a chat over https in production", () => {
    expect(() => readConfig({ HELP_PHONE_HOURS: "de 9 h à 17 h", HELP_EMAIL: "aide@exemple.fr" })).toThrow(/HELP_PHONE_HOURS.*HELP_PHONE/);
    expect(() => readConfig({ HELP_PHONE_HOURS: "x".repeat(201), HELP_PHONE: "0561000000" })).toThrow(/HELP_PHONE_HOURS est trop long/);
    expect(() => readConfig({ ...production, HELP_CHAT_URL: "http://chat.exemple.fr" })).toThrow(/HELP_CHAT_URL doit commencer par https/);
  });
});

describe("several processes: object storage, Redis and workers", () => {
  it("keeps files on the disk, counts in the database and runs one process by default", () => {
    expect(readConfig({})).toMatchObject({ objectStorage: undefined, redisUrl: undefined, workers: 1 });
  });

  it("reads S3_URL: the bucket, a prefix, the endpoint and region, and credentials from the URL", () => {
    expect(readConfig({ S3_URL: "s3://AKIA:se%2Fcret@guichet-pieces/portail-a?endpoint=https://s3.fr-par.scw.cloud&region=fr-par" }).objectStorage).toEqual({
      bucket: "guichet-pieces",
      prefix: "portail-a/",
      region: "fr-par",
      endpoint: "https://s3.fr-par.scw.cloud",
      pathStyle: true,
      accessKeyId: "AKIA",
      secretAccessKey: "se/cret",
    });
    expect(readConfig({ S3_URL: "s3://guichet-pieces" }).objectStorage).toEqual({
      bucket: "guichet-pieces", prefix: "", region: "us-east-1", endpoint: undefined, pathStyle: true, accessKeyId: undefined, secretAccessKey: undefined,
    });
  });

  it("refuses a malformed S3_URL, REDIS_URL or WORKERS in French, never showing the secret", () => {
    expect(() => readConfig({ S3_URL: "https://bucket.s3.amazonaws.com" })).toThrow("S3_URL doit être de la forme s3://bucket?endpoint=https://…&region=…");
    expect(() => readConfig({ S3_URL: "s3://K:tres-secret@B" })).toThrow(ConfigError);
    expect(() => readConfig({ S3_URL: "s3://K:tres-secret@B" })).not.toThrow(/tres-secret/);
    expect(() => readConfig({ S3_URL: "s3://guichet?endpoint=minio:9000" })).toThrow("L'endpoint de S3_URL");
    expect(() => readConfig({ REDIS_URL: "127.0.0.1:6379" })).toThrow(/REDIS_URL/);
    expect(() => readConfig({ WORKERS: "0" })).toThrow("WORKERS doit être un entier positif (reçu « 0 »).");
  });

  it("reads SHUTDOWN_DELAY_MS: 5 s in production, none elsewhere, refusing what is not 0 to 60,000 ms in French", () => {
    expect(readConfig({}).shutdownDelayMs).toBe(0);
    expect(readConfig(production).shutdownDelayMs).toBe(5000);
    expect(readConfig({ SHUTDOWN_DELAY_MS: "1500" }).shutdownDelayMs).toBe(1500);
    expect(readConfig({ SHUTDOWN_DELAY_MS: "0" }).shutdownDelayMs).toBe(0);
    for (const wrong of ["-1", "2.5", "cinq", "60001"])
      expect(() => readConfig({ SHUTDOWN_DELAY_MS: wrong })).toThrow(`SHUTDOWN_DELAY_MS doit être un nombre de millisecondes entre 0 et 60000 (reçu « ${wrong} »).`);
  });

  it("reads REDIS_URL and WORKERS, `auto` being one worker per core", () => {
    expect(readConfig({ REDIS_URL: "redis://127.0.0.1:6379/2", WORKERS: "3" })).toMatchObject({ redisUrl: "redis://127.0.0.1:6379/2", workers: 3 });
    expect(readConfig({ WORKERS: "auto" }).workers).toBeGreaterThanOrEqual(1);
  });
});
