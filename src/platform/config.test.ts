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
