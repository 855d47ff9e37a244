/** Time is injected so tests can fix it; nothing in domain code calls `new Date()` directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock tests can set and move forward. Each reading moves it by one millisecond, so events
 * keep their order ("the newest mail") while the time stays under the test's control.
 */
export function fixedClock(start = new Date("2026-03-02T09:00:00Z")) {
  let current = start.getTime();
  return {
    now: () => new Date(current++),
    set: (date: Date) => {
      current = date.getTime();
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
