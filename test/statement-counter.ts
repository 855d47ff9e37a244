import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/**
 * Counts the statements an application sends (one result each; a subquery is part of its
 * statement), given as a plugin of the database the application is built on. The per-IP
 * ceiling's flush and sweep, sent by a timer whatever the requests, are not a page's: they are
 * left out so that a count does not depend on when the timer fires.
 */
export class StatementCounter implements KyselyPlugin {
  count = 0;
  readonly #timerQueries = new Set<unknown>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (/rate_?limit_?counters/i.test(JSON.stringify(args.node))) this.#timerQueries.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.#timerQueries.delete(args.queryId)) this.count += 1;
    return args.result;
  }
}
