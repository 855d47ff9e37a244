import { describe, expect, it } from "vitest";
import { addMonths, monthBefore, renewalOpen, renewalRefusal, updateRefusal, waitingReasons, weekBefore } from "./validity.ts";

describe("a request's validity", () => {
  const end = new Date("2027-03-31T10:00:00Z");

  it("adds months keeping the day, or the month's last day", () => {
    expect(addMonths(new Date("2026-03-02T09:00:00Z"), 12)).toEqual(new Date("2027-03-02T09:00:00Z"));
    expect(addMonths(new Date("2026-01-31T09:00:00Z"), 1)).toEqual(new Date("2026-02-28T09:00:00Z"));
    expect(monthBefore(end)).toEqual(new Date("2027-02-28T10:00:00Z"));
    expect(weekBefore(end)).toEqual(new Date("2027-03-24T10:00:00Z"));
  });

  it("opens the renewal one month before the end, for a running request only", () => {
    expect(renewalOpen({ status: "filed", validUntil: end }, new Date("2027-02-27T10:00:00Z"))).toBe(false);
    expect(renewalOpen({ status: "in_instruction", validUntil: end }, new Date("2027-03-01T10:00:00Z"))).toBe(true);
    expect(renewalOpen({ status: "accepted", validUntil: end }, new Date("2027-03-01T10:00:00Z"))).toBe(false);
    expect(renewalOpen({ status: "filed", validUntil: null }, new Date("2027-03-01T10:00:00Z"))).toBe(false);
    expect(renewalRefusal({ status: "expired", validUntil: end }, new Date("2027-03-01T10:00:00Z"))).toContain("a expiré");
    expect(renewalRefusal({ status: "filed", validUntil: end }, new Date("2027-01-01T10:00:00Z"))).toContain("à partir d'un mois avant");
  });

  it("allows updates only where the procedure says so, until the request is over", () => {
    expect(updateRefusal({ mise_a_jour_apres_depot: true }, "in_instruction")).toBeNull();
    expect(updateRefusal({}, "filed")).toContain("ne permet pas");
    expect(updateRefusal({ mise_a_jour_apres_depot: true }, "refused")).toContain("décidée");
  });

  it("lists what waits for the applicant: an open ask, a renewal due", () => {
    const now = new Date("2027-03-20T10:00:00Z");
    expect(waitingReasons({ status: "in_instruction", validUntil: end, remindedMonthAt: null, hasOpenAsk: true }, now).map((reason) => reason.kind)).toEqual(["ask", "renewal"]);
    expect(waitingReasons({ status: "filed", validUntil: end, remindedMonthAt: null, hasOpenAsk: false }, new Date("2026-12-01T10:00:00Z"))).toEqual([]);
    // Without a clock (the dashboard), the renewal is due once its reminder was mailed.
    expect(waitingReasons({ status: "filed", validUntil: end, remindedMonthAt: now, hasOpenAsk: false }).map((reason) => reason.kind)).toEqual(["renewal"]);
  });
});
