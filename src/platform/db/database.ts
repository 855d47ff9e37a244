import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { Database } from "./schema.ts";
import { ConnectionLock, PGliteDialect } from "./pglite-dialect.ts";
import { preparingPool } from "./prepared-statements.ts";

export type Db = Kysely<Database>;

/** Runs raw SQL for libraries that bring their own queries (pg-boss), on the same database. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  db: Db;
  kind: "postgresql" | "pglite";
  /** For pg-boss: its own pool on PostgreSQL, the shared locked connection on PGlite. */
  jobsConnection: { connectionString: string } | { db: SqlExecutor };
  /** Answers whether the database responds, for /health. */
  ping(): Promise<boolean>;
  /**
   * Hears the NOTIFY of a channel (a PostgreSQL notification arrives once its transaction has
   * committed). `onSignal` runs for each one, with its payload, and also, without one, whenever
   * some may have been missed (the listening connection lost, then back): a cache dropped on each
   * signal is never stale for longer than a notification takes to arrive.
   *
   * This process's own changes are heard before the statement that made them returns: PGlite
   * delivers at the commit, in this process; on PostgreSQL every connection of the pool listens
   * too, and a session hears its own notifications before the answer to its COMMIT (another
   * process's come a moment later, through the dedicated connection, reopened every second while
   * the server is away).
   */
  listen(channel: string, onSignal: (payload?: string) => void): Promise<Listener>;
  /** Embedded database only: a tarball of its files, to start copies from (test templates). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

// int8 (counts, sums) as JavaScript numbers, as PGlite returns them: our counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
// Calendar dates (birth dates) as 'YYYY-MM-DD' text on both drivers: a Date would shift them with
// the time zone of the server process.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export interface Listener {
  /** Whether notifications are heard right now (false while the connection is being reopened). */
  live(): boolean;
  close(): Promise<void>;
}

/** Opens PostgreSQL when a connection string is given, otherwise PGlite persisted in `dataDir` (or in memory). */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Embedded database only: start from this dump instead of an empty cluster (tests). */
  template?: Blob | undefined;
  /** Where lost PostgreSQL connections are reported (the standard error output when absent). */
  log?: Pick<Logger, "warn"> | undefined;
  /** PostgreSQL only: settings of every connection of this handle (`-c name=value` at connection). */
  settings?: Record<string, string> | undefined;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.log, options.settings);
  return openPGlite(options.dataDir, options.template);
}

function withCamelCase(dialect: ConstructorParameters<typeof Kysely<Database>>[0]["dialect"]): Db {
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
}

async function openPostgres(connectionString: string, log: Pick<Logger, "warn"> | undefined, settings: Record<string, string> = {}): Promise<DatabaseHandle> {
  // A server that does not answer at all (a host gone from the network) fails a request after
  // five seconds instead of holding it, and its connection, until the client gives up.
  const options = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000, ...(options ? { options } : {}) });
  const lost = (error: Error) =>
    log ? log.warn({ err: error }, "PostgreSQL connection lost") : console.error(`Connexion PostgreSQL perdue : ${error.message}`);
  // A connection the server ends (restart, failover, a dropped test database) emits "error". The
  // pool listens only while the connection is idle: one checked out (a transaction between two
  // queries) would have no listener, and Node ends the process on an unheard "error". So every
  // connection gets its own listener for its whole life; the query in progress, if any, fails
  // with the same error, and the broken connection is dropped when released.
  pool.on("connect", (client) => client.on("error", lost));
  // The pool re-emits an idle connection's error: already reported by the listener above.
  pool.on("error", () => {});
  const everyConnection = listenOnEveryConnection(pool);
  // Each connection parses a statement once and may keep its plan (prepared-statements.ts).
  const db = withCamelCase(new PostgresDialect({ pool: preparingPool(pool, { atCheckout: everyConnection.atCheckout }) }));
  return {
    db,
    kind: "postgresql",
    jobsConnection: { connectionString },
    ping: () => ping(db),
    async listen(channel, onSignal) {
      const stopHearing = everyConnection.add(channel, onSignal);
      const listener = await listenOnPostgres(connectionString, channel, onSignal, lost, (processId) => everyConnection.heardBySender(processId, channel));
      return {
        live: () => listener.live(),
        async close() {
          stopHearing();
          await listener.close();
        },
      };
    },
    close: () => db.destroy(),
  };
}

/**
 * Makes every connection of the pool listen to the channels added, from its next checkout (its
 * LISTEN answered before the caller's first query is sent), so that a change this process commits
 * is heard before its COMMIT returns: PostgreSQL delivers a session's own notifications ahead of
 * its answer. A channel no longer heard stays listened by the connections that have it: nothing is
 * called. The LISTEN is awaited at the checkout (`atCheckout`), once per connection and channel:
 * sent from the pool's "acquire" event it ran beside the caller's query on one client, which pg 8
 * queues with a deprecation warning and pg 9 refuses.
 */
function listenOnEveryConnection(pool: pg.Pool) {
  const handlers = new Map<string, Set<(payload?: string) => void>>();
  /** The channels each connection of the pool listens to, by its server process id. */
  const listening = new Map<number, Set<string>>();
  // The server process behind a connection (a notification names its sender's): pg sets it at
  // connection, but its types do not declare it.
  const processIdOf = (client: pg.PoolClient) => (client as unknown as { processID: number }).processID;
  pool.on("connect", (client) => {
    // Every listening connection hears every notification: each handles only its own, which
    // come before its statement's answer. Other processes' come through the dedicated connection.
    client.on("notification", (message) => {
      if (message.processId !== processIdOf(client)) return;
      for (const onSignal of handlers.get(message.channel) ?? []) onSignal(message.payload ?? "");
    });
    client.on("end", () => listening.delete(processIdOf(client)));
  });
  return {
    async atCheckout(client: pg.PoolClient) {
      const processId = processIdOf(client);
      let channels = listening.get(processId);
      if (!channels) listening.set(processId, (channels = new Set()));
      const missing = [...handlers.keys()].filter((channel) => !channels.has(channel));
      if (missing.length === 0) return;
      await client.query(missing.map((channel) => `listen ${client.escapeIdentifier(channel)}`).join("; "));
      for (const channel of missing) channels.add(channel);
    },
    add(channel: string, onSignal: (payload?: string) => void) {
      const set = handlers.get(channel) ?? new Set();
      handlers.set(channel, set.add(onSignal));
      return () => set.delete(onSignal);
    },
    /** Whether a notification sent by this server process was already heard by the connection that sent it. */
    heardBySender: (processId: number, channel: string) => listening.get(processId)?.has(channel) === true,
  };
}

const RELISTEN_AFTER_MS = 1_000;
/** The `application_name` of the connections that listen for other processes' notifications. */
export const LISTENER_NAME = "guichet-listener";

async function listenOnPostgres(
  connectionString: string,
  channel: string,
  onSignal: (payload?: string) => void,
  lost: (error: Error) => void,
  heardAlready: (processId: number) => boolean,
): Promise<Listener> {
  let current: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const scheduleRetry = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, RELISTEN_AFTER_MS);
    retry.unref();
  };
  const drop = (client: pg.Client, error?: Error) => {
    if (current !== client) return;
    current = undefined;
    // Said once when a live connection is lost, not at each attempt while the server is away.
    if (error && live && !closed) lost(error);
    live = false;
    client.end().catch(() => {});
    // Notifications sent while nobody listened are lost: whatever they invalidated is dropped now.
    onSignal();
    scheduleRetry();
  };
  const open = async () => {
    // Named, so that the dedicated connections can be told from the pool's (which listen too).
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, application_name: LISTENER_NAME });
    current = client;
    client.on("error", (error) => drop(client, error));
    client.on("end", () => drop(client));
    client.on("notification", (message) => {
      if (message.channel === channel && !heardAlready(message.processId)) onSignal(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(client, error as Error);
      return;
    }
    if (closed || current !== client) return;
    live = true;
    // Whatever changed before LISTEN took effect was not heard.
    onSignal();
  };
  await open();
  return {
    live: () => live,
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      const client = current;
      current = undefined;
      await client?.end().catch(() => {});
    },
  };
}

/**
 * The embedded database's shared buffers. PGlite makes PostgreSQL's default 128 MB ready at every
 * open, about 3 ms per MB on a 2-core machine (open of an existing data directory: 874 ms at
 * 128 MB, 642 ms at 32 MB, 571 ms at 16 MB), against a start-to-first-page target of 2 s
 * (DESIGN.md). 32 MB hold a demo's or a small portal's pages; the rest comes from the operating
 * system's page cache. PostgreSQL servers keep their own setting.
 */
export const EMBEDDED_SHARED_BUFFERS = "32MB";

async function openPGlite(dataDir: string | undefined, template: Blob | undefined): Promise<DatabaseHandle> {
  let directory: string | undefined;
  let releaseDirectory = async () => {};
  if (dataDir) {
    directory = path.join(dataDir, "pgdata");
    await fs.mkdir(directory, { recursive: true });
    releaseDirectory = await lockDirectory(dataDir);
  }
  // pg_trgm backs the agents' name search (migration 0009), as on PostgreSQL; with unaccent, the
  // help articles' French search (migration 0014: accents ignored, misspellings corrected).
  // One options object: PGlite ignores its second argument when the first (the directory) is undefined.
  const pglite = new PGlite({
    ...(directory ? { dataDir: directory } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: { [DATE_OID]: (value: string) => value },
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
    ...(template ? { loadDataDir: template } : {}),
  });
  await pglite.waitReady;
  const lock = new ConnectionLock();
  const db = withCamelCase(new PGliteDialect(pglite, lock));
  const executor: SqlExecutor = {
    executeSql: (text, values = []) =>
      lock.run(async () => {
        // pg-boss sends whole scripts (its schema) without parameters: those need the simple protocol.
        if (values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return pglite.query(text, values);
      }),
  };
  return {
    db,
    kind: "pglite",
    jobsConnection: { db: executor },
    ping: () => ping(db),
    async listen(channel, onSignal) {
      // The one connection is shared: LISTEN waits its turn like any query. PGlite delivers the
      // notification when the writing transaction commits, before the writer goes on.
      const unsubscribe = await lock.run(() => pglite.listen(channel, (payload) => onSignal(payload)));
      let open = true;
      return {
        live: () => open,
        async close() {
          if (!open) return;
          open = false;
          await lock.run(() => unsubscribe()).catch(() => {});
        },
      };
    },
    close: async () => {
      await db.destroy();
      await releaseDirectory();
    },
    dump: () => lock.run(() => pglite.dumpDataDir("none")),
  };
}

export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
}

/**
 * The embedded database is one process's files: a second process (the command line while the
 * portal runs) would corrupt them. A lock file holding the owner's pid keeps the second one out;
 * a lock left by a process that no longer exists is taken over.
 */
async function lockDirectory(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, "pgdata.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: "wx" });
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await fs.readFile(lockFile, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
        throw new DatabaseInUseError(
          `La base embarquée de ${dataDir} est déjà ouverte par un autre processus (pid ${owner}). Arrêtez le portail avant de lancer cette commande, ou utilisez PostgreSQL (DATABASE_URL).`,
        );
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new DatabaseInUseError(`Impossible de verrouiller la base embarquée de ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
