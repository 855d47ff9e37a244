import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { peakRssOf, SERVER_NODE_FLAGS } from "./server.ts";

describe("the benches' server", () => {
  it("runs with the flags npm start gives Node", async () => {
    const scripts = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")).scripts as Record<string, string>;
    expect(scripts.start).toContain(`node ${SERVER_NODE_FLAGS.join(" ")} dist/main.js`);
  });
});

describe("a bench server's peak resident memory", () => {
  it.skipIf(process.platform !== "linux")("is read from /proc for a live process, at least what it holds now", async () => {
    const peak = await peakRssOf(process.pid);
    expect(peak).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
    expect(await peakRssOf(undefined)).toBeUndefined();
    expect(await peakRssOf(2 ** 30)).toBeUndefined();
  });
});
