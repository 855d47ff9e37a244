import { describe, expect, it } from "vitest";
import { parisDayFormatter } from "./paris-days.ts";

const short = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeZone: "Europe/Paris" });
const long = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

describe("an instant's day in Paris, remembered by the hour", () => {
  it("gives what the format gives, every quarter of an hour across both changes of time and midnights", () => {
    for (const format of [short, long]) {
      const day = parisDayFormatter(format);
      // Around the spring change (29 March 2026, 01:00 UTC) and the autumn one (25 October 2026, 01:00 UTC).
      for (const start of [Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 23)]) {
        for (let at = start; at < start + 4 * 86_400_000; at += 15 * 60_000) {
          const date = new Date(at);
          expect(day(date), date.toISOString()).toBe(format.format(date));
        }
      }
    }
  });

  it("changes day at midnight in Paris, not in UTC", () => {
    const day = parisDayFormatter(short);
    expect(day(new Date("2026-12-07T22:59:59.999Z"))).toBe("07/12/2026");
    expect(day(new Date("2026-12-07T23:00:00.000Z"))).toBe("08/12/2026");
    expect(day(new Date("2026-07-07T21:59:59.999Z"))).toBe("07/07/2026");
    expect(day(new Date("2026-07-07T22:00:00.000Z"))).toBe("08/07/2026");
    // The first answer of an hour is not kept for the next one.
    expect(day(new Date("2026-12-07T22:00:00.000Z"))).toBe("07/12/2026");
  });

  it("refuses a format that shows the time of day or another time zone, whose value changes within an hour", () => {
    expect(() => parisDayFormatter(new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" }))).toThrow(RangeError);
    expect(() => parisDayFormatter(new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", timeZone: "Europe/Paris" }))).toThrow(RangeError);
    expect(() => parisDayFormatter(new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeZone: "Asia/Kolkata" }))).toThrow(RangeError);
  });

  it("refuses an invalid date as the format does", () => {
    expect(() => parisDayFormatter(short)(new Date(Number.NaN))).toThrow(RangeError);
  });
});
