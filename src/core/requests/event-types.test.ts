import { describe, expect, it } from "vitest";
import { agentEventLabels } from "../../features/instruction/views.tsx";
import { requestEventTypes } from "./event-types.ts";
import { eventLabel, eventLabels } from "./presentation.ts";

// insertEvent and the state machine take only the declared types (checked by the compiler), so
// this list is every kind of line a history holds.
describe("the history of a request", () => {
  it.each(requestEventTypes)("says %s in French to the applicant and to the agent", (type) => {
    for (const labels of [eventLabels, agentEventLabels]) {
      expect(labels[type]).toMatch(/^[A-ZÀ-Ý][^.]*[a-zà-ÿ]$/u);
      expect(labels[type]).not.toContain(type);
    }
    expect(eventLabel(type)).toBe(eventLabels[type]);
  });

  it("labels no type that is not declared", () => {
    expect(Object.keys(eventLabels).sort()).toEqual([...requestEventTypes].sort());
    expect(Object.keys(agentEventLabels).sort()).toEqual([...requestEventTypes].sort());
  });
});
