import { describe, expect, it } from "vitest";
import { ValidityPanel } from "./views.tsx";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-05T10:00:00Z");

async function seniority(days: number) {
  const filedAt = new Date(now.getTime() - days * DAY - 60_000);
  const html = String(await ValidityPanel({ request: { id: "r", filedAt, validUntil: null, renewedAt: null }, now, canUpdate: false, canRenew: false, reasons: [] }));
  return /<dt>Ancienneté<\/dt><dd>([^<]*)<\/dd>/.exec(html)?.[1];
}

describe("the validity panel's seniority", () => {
  it("counts the days since the first filing in proper French (issue 13: « 0 jour(s) »)", async () => {
    expect(await seniority(0)).toBe("depuis le 5 décembre 2026 (aujourd&#39;hui)");
    expect(await seniority(1)).toBe("depuis le 4 décembre 2026 (1 jour)");
    expect(await seniority(3)).toBe("depuis le 2 décembre 2026 (3 jours)");
  });
});
