import { describe, expect, it } from "vitest";
import { peakRssOf } from "./server.ts";

describe("a bench server's peak resident memory", () => {
  it.skipIf(process.platform !== "linux")("is read from /proc for a live process, at least what it holds now", async () => {
    const peak = await peakRssOf(process.pid);
    expect(peak).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
    expect(await peakRssOf(undefined)).toBeUndefined();
    expect(await peakRssOf(2 ** 30)).toBeUndefined();
  });
});
