/**
 * Whether an error means the database cannot be reached right now (stopped, restarting, out of
 * connections, network gone) rather than that a query or its data is wrong. Such an error is the
 * service's, never the user's: pages answer "service unavailable" and jobs are retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (networkCodes.has(code) || unavailableStates.has(code) || code.startsWith("08"))) return true;
    if (connectionMessages.some((pattern) => pattern.test(current.message))) return true;
    // Node reports a refused connection to a host name with several addresses as one AggregateError.
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}

const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

// SQLSTATE of a server shutting down, restarting or refusing new connections (class 08, the
// connection exceptions, is matched by prefix).
const unavailableStates = new Set([
  "57P01", // admin_shutdown: the server stopped or restarts (pg_ctl stop/restart)
  "57P02", // crash_shutdown: another server process crashed
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "53300", // too_many_connections
]);

// What the pg driver and its pool say when the connection itself failed (they set no code).
const connectionMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/**
 * Runs `work` again while it fails because the database cannot be reached, for up to `withinMs`
 * (half a second between attempts, doubling to two), then gives up with the last error. Other
 * errors are thrown at once.
 */
export async function retryWhileDatabaseUnavailable<T>(work: () => Promise<T>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let pause = 500; ; pause = Math.min(pause * 2, 2000)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
