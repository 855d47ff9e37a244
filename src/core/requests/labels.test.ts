import { describe, expect, it } from "vitest";
import { APPLICANT_NEWS_EVENTS } from "./queries/renewal.ts";
import { requestEventTypes } from "./event-types.ts";
import { paymentStatusLabels } from "./payments.ts";
import { eventLabel, eventLabels, statusLabels, UNKNOWN_EVENT_LABEL } from "./presentation.ts";
import { applicantNewsLabels } from "./renewal-event-labels.ts";
import { grantStatusLabels } from "../organisations/grant-status.ts";

/** A code a person should never read: snake_case, or dotted like `request.filed`. */
const RAW_CODE = /\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+(?:\.[a-z_]+)+\b/;

/** The label maps whose words reach the pages (each typed `Record<Union, string>`, so TypeScript refuses a value left out). */
const maps: Record<string, Record<string, string | undefined>> = { statusLabels, eventLabels, paymentStatusLabels, grantStatusLabels, applicantNewsLabels };

describe("the French labels of requests' statuses and events", () => {
  it("say every value in words: never empty, never the code itself, never a code-like text", () => {
    for (const [name, map] of Object.entries(maps)) {
      for (const [code, label] of Object.entries(map)) {
        expect(label, `${name}[${code}]`).toBeTruthy();
        expect(label, `${name}[${code}]`).not.toBe(code);
        expect(label, `${name}[${code}]`).not.toMatch(RAW_CODE);
        expect(label, `${name}[${code}]`).toMatch(/\p{L}/u);
      }
    }
  });

  it("have a label for every kind of history line the portal writes, and for every news an agent is shown", () => {
    for (const event of requestEventTypes) expect(eventLabel(event), event).toBe(eventLabels[event]);
    expect(Object.keys(eventLabels).sort()).toEqual([...requestEventTypes].sort());
    for (const event of APPLICANT_NEWS_EVENTS) expect(applicantNewsLabels[event], event).toBeTruthy();
  });

  it("say a history line of a kind no longer written in words too, never its code", () => {
    expect(eventLabel("request.archived_long_ago")).toBe(UNKNOWN_EVENT_LABEL);
  });
});
