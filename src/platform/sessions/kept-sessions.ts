import { LRUCache } from "lru-cache";
import type { Db, Listener } from "../db/database.ts";

/**
 * Sessions kept in memory by each process, as the session query last read them (issue 14: every
 * page asked the database for its session, the whole of a kept dashboard's database work).
 *
 * A session is served from memory only while it was seen less than `freshForMs` ago (the minute
 * after which sessions.ts writes `last_seen_at` again, reading the session afresh to do so) and
 * before its absolute end: a session read from memory is never idle, and a minute of use costs
 * one read per process.
 *
 * Anything the session query reads that changes — the session ended or acting for another
 * organisation, the account's own columns or its `dashboard_version` (memberships, organisations'
 * names) — sends a NOTIFY on `guichet_sessions` with the account's id (migration 0030), whoever
 * writes. Every process hears it and drops that person's sessions; this process hears its own
 * changes before the statement that made them returns (database.ts), so the next page after a
 * logout, a change of name or a request filed is never served from an older copy. Another
 * process's changes arrive a moment later (a notification's way through PostgreSQL, typically
 * under a millisecond). While the notifications are not heard (connection lost), nothing is
 * kept: every page reads its session as before.
 */
export const SESSIONS_CHANNEL = "guichet_sessions";

/** What is kept: the session query's answer (platform/sessions/queries.ts). */
export interface KeepableSession {
  accountId: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

interface Held {
  listener: Listener | undefined;
  sessions: LRUCache<string, KeepableSession>;
  /** Token hashes kept per account, to drop a person's sessions at once. */
  byAccount: Map<string, Set<string>>;
  /** Moves at every drop: a read that started before one may be older than it, and is not kept. */
  generation: number;
  freshForMs: number;
}

const held = new WeakMap<Db, Held>();

/**
 * Starts keeping this database's sessions in memory (the application does, at start: src/app.ts),
 * at most `maxSessions` (10,000: about 10 MB), the least recently used dropped first.
 */
export async function holdSessionsInMemory(
  deps: { db: Db; listen(channel: string, onSignal: (payload?: string) => void): Promise<Listener> },
  options: { freshForMs: number; maxSessions?: number },
) {
  const byAccount = new Map<string, Set<string>>();
  const entry: Held = {
    listener: undefined,
    byAccount,
    generation: 0,
    freshForMs: options.freshForMs,
    sessions: new LRUCache<string, KeepableSession>({
      max: options.maxSessions ?? 10_000,
      dispose: (session, tokenHash) => {
        const hashes = byAccount.get(session.accountId);
        hashes?.delete(tokenHash);
        if (hashes?.size === 0) byAccount.delete(session.accountId);
      },
    }),
  };
  held.set(deps.db, entry);
  // No payload: some notifications may have been missed (the connection was lost); '' names everyone.
  entry.listener = await deps.listen(SESSIONS_CHANNEL, (accountId) => (accountId ? dropAccount(entry, accountId) : dropAll(entry)));
  return {
    async close() {
      if (held.get(deps.db) === entry) held.delete(deps.db);
      dropAll(entry);
      await entry.listener?.close();
    },
  };
}

function dropAccount(entry: Held, accountId: string) {
  entry.generation += 1;
  for (const tokenHash of entry.byAccount.get(accountId) ?? []) entry.sessions.delete(tokenHash);
}

function dropAll(entry: Held) {
  entry.generation += 1;
  entry.sessions.clear();
}

/** The session kept for this token hash, while it is fresh and notifications are heard. */
export function keptSession<S extends KeepableSession>(db: Db, tokenHash: string, now: Date): S | undefined {
  const entry = held.get(db);
  if (!entry?.listener?.live()) return undefined;
  const session = entry.sessions.get(tokenHash) as S | undefined;
  if (!session) return undefined;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() >= entry.freshForMs) {
    entry.sessions.delete(tokenHash);
    return undefined;
  }
  return session;
}

/** Names the moment before a read of sessions: `keepSession` keeps its answer only if nothing was dropped since. */
export function sessionsGeneration(db: Db): number | undefined {
  return held.get(db)?.generation;
}

/** Keeps a session just read (and written, when its `last_seen_at` was moved) at `generation`. */
export function keepSession(db: Db, tokenHash: string, session: KeepableSession, generation: number | undefined): void {
  const entry = held.get(db);
  if (!entry?.listener?.live() || generation === undefined || entry.generation !== generation) return;
  entry.sessions.set(tokenHash, session);
  const hashes = entry.byAccount.get(session.accountId);
  if (hashes) hashes.add(tokenHash);
  else entry.byAccount.set(session.accountId, new Set([tokenHash]));
}
