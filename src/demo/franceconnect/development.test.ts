import { describe, expect, it } from "vitest";
import { readConfig } from "../../platform/config.ts";
import { developmentFranceConnect } from "./development.ts";

describe("the development FranceConnect stand-in's settings", () => {
  it("are the same in every worker of one portal (WORKERS=N), and differ for another data directory", () => {
    const config = readConfig({ NODE_ENV: "development", DATA_DIR: "/tmp/guichet-a" });
    const first = developmentFranceConnect(config).settings;
    expect(developmentFranceConnect(readConfig({ NODE_ENV: "development", DATA_DIR: "/tmp/guichet-a" })).settings).toEqual(first);
    expect(first).toMatchObject({ issuer: `http://${config.host}:${config.port + 1}`, clientId: "guichet-developpement" });
    expect(first.clientSecret).toMatch(/^[\w-]{43}$/);
    expect(developmentFranceConnect(readConfig({ NODE_ENV: "development", DATA_DIR: "/tmp/guichet-b" })).settings.clientSecret).not.toBe(first.clientSecret);
  });
});
