import { describe, expect, it } from "vitest";
import { formatDays } from "./days.ts";

describe("a number of days in words", () => {
  it("says « aujourd'hui » for no whole day, the singular for one and the plural from two", () => {
    expect(formatDays(0)).toBe("aujourd'hui");
    expect(formatDays(0.9)).toBe("aujourd'hui");
    expect(formatDays(1)).toBe("1 jour");
    expect(formatDays(1.5)).toBe("1 jour");
    expect(formatDays(2)).toBe("2 jours");
    expect(formatDays(3)).toBe("3 jours");
  });

  it("groups thousands as French does, and never writes « jour(s) »", () => {
    expect(formatDays(1200)).toBe("1\u202f200 jours");
    for (const days of [0, 1, 2, 10, 365]) expect(formatDays(days)).not.toContain("(s)");
  });

  it("refuses what is not a number of days rather than print it", () => {
    expect(() => formatDays(-1)).toThrow(RangeError);
    expect(() => formatDays(Number.NaN)).toThrow(RangeError);
  });
});
