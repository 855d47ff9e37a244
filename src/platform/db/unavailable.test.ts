import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from "./unavailable.ts";

const withCode = (code: string, message = "erreur") => Object.assign(new Error(message), { code });

describe("telling an unreachable database from a wrong query", () => {
  it("recognises a refused or lost connection, a server shutting down or starting, and a lost client", () => {
    for (const error of [
      withCode("ECONNREFUSED"),
      withCode("ECONNRESET"),
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P03", "the database system is starting up"),
      withCode("08006"),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new AggregateError([withCode("ECONNREFUSED")]),
      new Error("wrapped", { cause: withCode("ECONNREFUSED") }),
    ])
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it("does not mistake a query's own error, or anything else, for an outage", () => {
    for (const error of [withCode("23505", "duplicate key value"), withCode("42P01", "relation does not exist"), new Error("boom"), "ECONNREFUSED", null])
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
  });

  it("tries again while the database is unreachable, and gives up at once on another error", async () => {
    let calls = 0;
    const result = await retryWhileDatabaseUnavailable(async () => {
      calls += 1;
      if (calls < 2) throw withCode("ECONNREFUSED");
      return "enregistré";
    }, 5_000);
    expect(result).toBe("enregistré");
    expect(calls).toBe(2);

    calls = 0;
    const failing = retryWhileDatabaseUnavailable(async () => {
      calls += 1;
      throw withCode("23505");
    }, 5_000);
    await expect(failing).rejects.toThrow("erreur");
    expect(calls).toBe(1);
  });
});
