/**
 * Named prepared statements for Kysely on PostgreSQL. Kysely sends every query unnamed, so
 * PostgreSQL parses and plans it again each time: on the hot pages that was most of the
 * database's work (the session's four-table join: 0.6 ms to parse, 2.7 ms to plan, 0.3 ms to run,
 * bench:pages under load). The pool handed to Kysely here names each parameterised statement by
 * its text, so each connection parses it once; after five runs PostgreSQL keeps a generic plan
 * when it costs no more than the custom ones (`plan_cache_mode = auto`), and a statement whose
 * best plan depends on its values keeps being planned for them.
 *
 * Only writes and lookups by a few values are named (`worthPreparing`): lists and searches keep
 * their plan chosen for their values. Bounded: at most `maxPerConnection` statements are kept per
 * connection (each holds its parse tree and plans in the server's memory); beyond that, new texts
 * run unnamed as before. Statements without parameters (BEGIN, COMMIT, scripts of several
 * statements) always run unnamed.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/** How many statements each connection keeps prepared at most. */
export const MAX_PREPARED_PER_CONNECTION = 200;

/** The statement's name: the same for the same text on every connection and process. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `k_${createHash("sha1").update(text).digest("base64url")}`;
    // The texts are the application's own (values travel apart): few, but bounded all the same.
    if (names.size < 10 * MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/**
 * Whether a statement is named: writes always (by key: their plan never depends on the values);
 * reads that look rows up by a few values (a dashboard's last few rows of a person), but not
 * paginated lists (an `offset` parameter) nor
 * reads of many parameters (filters, searches), whose best plan depends on the values: measured
 * at 2 M requests, PostgreSQL's generic plan made agents' lists with a name or an organisation
 * several times slower. Those keep being parsed and planned for their values, as before.
 */
export function worthPreparing(text: string, parameterCount: number): boolean {
  if (parameterCount === 0) return false;
  if (WRITE.test(text)) return true;
  return parameterCount <= 4 && !/\boffset\s+\$\d/i.test(text);
}

/**
 * A write: one that starts with INSERT, UPDATE or DELETE, or a WITH whose first part does (the
 * login's session and its audit event in one statement: left unnamed, its eleven parameters made
 * PostgreSQL parse and plan it at every login, issue 14).
 */
const WRITE = /^\s*(?:with\s+\w+\s+as\s+\(\s*)?(?:insert|update|delete)\b/i;

/** A prepared statement planned for rows of another shape (a column added or dropped by a migration meanwhile). */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown }).code === "0A000" && String((error as Error).message).includes("cached plan must not change result type");
}

/**
 * The pool Kysely's PostgresDialect uses, over `pool`: every query goes through the same
 * connection it would have, named when it has parameters. `atCheckout` runs on the connection
 * before it is handed out (its failure is the caller's, and the connection is dropped).
 */
export function preparingPool(
  pool: pg.Pool,
  options: { maxPerConnection?: number; atCheckout?: (client: pg.PoolClient) => Promise<void> } = {},
): PostgresPool {
  const max = options.maxPerConnection ?? MAX_PREPARED_PER_CONNECTION;
  // Kysely keeps its connection object per pool client: give it the same wrapper every time.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const prepared = new Set<string>();
    const unnamedOnly = new Set<string>();
    async function query(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<unknown>> {
      const values = [...parameters];
      const named = !unnamedOnly.has(text) && (prepared.has(text) || (prepared.size < max && worthPreparing(text, values.length)));
      if (!named) return (await client.query(text, values)) as unknown as PostgresQueryResult<unknown>;
      prepared.add(text);
      const idle = client.getTransactionStatus() === "I";
      try {
        return (await client.query({ name: nameOf(text), text, values })) as unknown as PostgresQueryResult<unknown>;
      } catch (error) {
        if (!isStalePlan(error)) throw error;
        // The server keeps the statement under its name: this text runs unnamed on this
        // connection from now on. Outside a transaction the query runs again at once; inside one
        // the transaction has failed, and the error goes to its caller.
        unnamedOnly.add(text);
        if (!idle) throw error;
        return (await client.query(text, values)) as unknown as PostgresQueryResult<unknown>;
      }
    }
    return {
      query: ((textOrCursor: string | PostgresCursor<unknown>, parameters?: readonly unknown[]) =>
        typeof textOrCursor === "string" ? query(textOrCursor, parameters ?? []) : client.query(textOrCursor as never)) as PostgresPoolClient["query"],
      // pg-pool sets `release` on the client at each checkout: call the current one.
      release: () => client.release(),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      if (options.atCheckout) {
        try {
          await options.atCheckout(client);
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
      }
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
