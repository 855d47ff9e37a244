/**
 * Hot queries compiled once instead of at every call. Kysely builds an immutable tree of nodes for
 * each query, runs its plugins over it (the camelCase names) and prints its SQL, every time: on the
 * dashboard that was about a sixth of the server's time (bench:pages, ARCHITECTURE.md « 6 December
 * 2026, afternoon »). A query wrapped here is built once with stand-in values; each call only puts
 * its own values where the stand-ins were, and runs the same text (which the prepared statements
 * of `prepared-statements.ts` then find already parsed).
 *
 * Only for queries whose text does not depend on their values: values compared, inserted or set,
 * never tested in the builder (`if (value)`), transformed there (`value.trim()`), or spread into a
 * list of varying length. A stand-in that does not reach the parameters, or one used as a value
 * of its own, fails the first call loudly.
 */
import { createQueryId, type Compilable, type CompiledQuery, type RawBuilder } from "kysely";
import type { Db } from "./database.ts";

/** Where a value goes: the builder sees this object in place of the call's `index`-th argument. */
class StandIn {
  constructor(readonly index: number) {}
  toString(): string {
    throw new Error("A value compiled once is used as a value in its query's builder: build this query at each call instead.");
  }
}

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each parameter of the text: the argument it takes (a number), or the constant it keeps. */
  slots: ({ argument: number } | { constant: unknown })[];
}

/**
 * Wraps `build` (the database, then the query's values) into a function that runs the same query
 * compiled once per set of Kysely plugins. Returns every row, like `execute()`.
 */
export function compiledOnce<A extends unknown[], R>(arity: A["length"], build: (db: Db, ...values: A) => Compilable<R> | RawBuilder<R>): (db: Db, ...values: A) => Promise<R[]> {
  // Keyed by the plugins themselves, one after the other: a transaction copies its database's list
  // (the same plugins), a test's counting plugin makes another.
  const cache: PluginTrie<Compiled<R>> = { next: new WeakMap() };
  return async (db, ...values) => {
    const node = nodeOf(cache, db.getExecutor().plugins);
    node.value ??= compile(arity, build, db);
    const compiled = node.value;
    const parameters = compiled.slots.map((slot) => ("argument" in slot ? values[slot.argument] : slot.constant));
    const result = await db.executeQuery<R>({ ...compiled.query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

/** A value per list of plugins, found by the plugins' identities (kept weakly). */
interface PluginTrie<T> {
  value?: T;
  readonly next: WeakMap<object, PluginTrie<T>>;
}

function nodeOf<T>(root: PluginTrie<T>, plugins: readonly object[]): PluginTrie<T> {
  let node = root;
  for (const plugin of plugins) {
    let next = node.next.get(plugin);
    if (!next) {
      next = { next: new WeakMap() };
      node.next.set(plugin, next);
    }
    node = next;
  }
  return node;
}

function compile<A extends unknown[], R>(arity: number, build: (db: Db, ...values: A) => Compilable<R> | RawBuilder<R>, db: Db): Compiled<R> {
  const standIns = Array.from({ length: arity }, (_, index) => new StandIn(index));
  const built = build(db, ...(standIns as unknown as A));
  // A query written in SQL (`sql` template) compiles against the database it runs on.
  const query = "isRawBuilder" in built ? built.compile(db) : built.compile();
  const slots = query.parameters.map((parameter) => (parameter instanceof StandIn ? { argument: parameter.index } : { constant: parameter }));
  const missing = standIns.filter((standIn) => !slots.some((slot) => "argument" in slot && slot.argument === standIn.index));
  if (missing.length > 0) throw new Error(`Values ${missing.map((standIn) => standIn.index).join(", ")} do not reach the parameters of the query compiled once: build it at each call instead.\n${query.sql}`);
  return { query, slots };
}
