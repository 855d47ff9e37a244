import { describe, expect, it } from "vitest";
import { canAsk, canOrder, hasReached, remainingCents } from "./payments.ts";

describe("the payments of a granted aid", () => {
  it("let the applicant ask only for a planned payment that needs documents", () => {
    expect(canAsk({ status: "planned", documentsRequired: true })).toBe(true);
    expect(canAsk({ status: "planned", documentsRequired: false })).toBe(false);
    expect(canAsk({ status: "asked", documentsRequired: true })).toBe(false);
  });

  it("are ordered once asked, or straight away when they need no documents", () => {
    expect(canOrder({ status: "asked", documentsRequired: true })).toBe(true);
    expect(canOrder({ status: "planned", documentsRequired: false })).toBe(true);
    expect(canOrder({ status: "planned", documentsRequired: true })).toBe(false);
    expect(canOrder({ status: "paid", documentsRequired: false })).toBe(false);
  });

  it("know when a step was already taken, and what is left to schedule", () => {
    expect(hasReached("paid", "ordered")).toBe(true);
    expect(hasReached("asked", "ordered")).toBe(false);
    expect(remainingCents(500_000, [{ amountCents: 200_000 }, { amountCents: 150_050 }])).toBe(149_950);
  });
});
