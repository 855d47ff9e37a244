import { describe, expect, it } from "vitest";
import { readConfig } from "../../platform/config.ts";
import { startupWarnings } from "./startup-warnings.ts";

const production = {
  NODE_ENV: "production",
  PUBLIC_URL: "https://aides.region.example.fr",
  SMTP_URL: "smtp://smtp.region.example.fr:25",
  DATABASE_URL: "postgres://guichet@db.region.example.fr/guichet",
  MAIL_FROM: "Mes aides <ne-pas-repondre@region.example.fr>",
};
const branded = { PORTAL_NAME: "Mes aides en ligne", PORTAL_ORGANISATION: "Région Exemple", PORTAL_LOGO_URL: "/static/region.svg" };

describe("the warnings of a production start", () => {
  it("says nothing for a branded portal behind a trusted proxy whose mail server answers", () => {
    const config = readConfig({ ...production, ...branded, TRUST_PROXY: "true" });
    expect(startupWarnings(config, { mailServerAnswers: true })).toEqual([]);
  });

  it("names the branding variables still at the demonstration's values", () => {
    const config = readConfig({ ...production, PORTAL_NAME: "Mes aides en ligne", TRUST_PROXY: "true" });
    const [warning, ...others] = startupWarnings(config, { mailServerAnswers: true });
    expect(others).toEqual([]);
    expect(warning).toContain("démonstration");
    expect(warning).toContain("PORTAL_ORGANISATION, PORTAL_LOGO_URL");
    expect(warning).not.toContain("PORTAL_NAME");
  });

  it("warns when PUBLIC_URL is https without TRUST_PROXY, and when the mail server does not answer", () => {
    const warnings = startupWarnings(readConfig({ ...production, ...branded }), { mailServerAnswers: false });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain("TRUST_PROXY");
    expect(warnings[1]).toContain("SMTP_URL");
  });

  it("says nothing outside production", () => {
    expect(startupWarnings(readConfig({ NODE_ENV: "development" }), { mailServerAnswers: false })).toEqual([]);
  });
});
