import type { Transaction } from "kysely";
import type { Db, Listener } from "../../platform/db/database.ts";
import type { Database, Service } from "../../platform/db/schema.ts";
import { listActiveServices } from "./queries/services.ts";

/**
 * The active services, held in memory by each process: every dashboard and catalogue page needs
 * them, and they change a few times a year. A trigger on `services` (migration 0025) sends a
 * NOTIFY on this channel when a change commits, whoever made it; every process hears it on its
 * own connection (`Deps.listen`) and drops its copy. While that connection is down, nothing is
 * held: each call reads the table, as without the cache.
 */
export const SERVICES_CHANNEL = "guichet_services";

interface Held {
  listener: Listener | undefined;
  /** The copy, or the read that will make it (pages arriving together share one read). */
  services: Promise<Service[]> | undefined;
  /** How many times the copy was dropped: a page drawn from the services names the copy it saw. */
  generation: number;
}

const held = new WeakMap<Db, Held>();

/**
 * Starts holding the active services of this database in memory (the application does, at start:
 * src/app.ts). Without it, `activeServices` reads the table on every call.
 */
export async function holdActiveServicesInMemory(deps: { db: Db; listen(channel: string, onSignal: () => void): Promise<Listener> }) {
  const entry: Held = { listener: undefined, services: undefined, generation: 0 };
  held.set(deps.db, entry);
  entry.listener = await deps.listen(SERVICES_CHANNEL, () => drop(entry));
  return {
    async close() {
      if (held.get(deps.db) === entry) held.delete(deps.db);
      await entry.listener?.close();
    },
  };
}

function drop(entry: Held) {
  entry.services = undefined;
  entry.generation += 1;
}

/**
 * Which copy of the services this process holds: it changes whenever the services do. Null while
 * notifications are not heard (nothing is held then, and a page drawn from the services cannot
 * be kept: ui/kept-pages.ts).
 */
export function activeServicesGeneration(db: Db): number | null {
  const entry = held.get(db);
  return entry?.listener?.live() ? entry.generation : null;
}

/** The active services in name order (a shared copy: read it, never change it). */
export async function activeServices(db: Db): Promise<Service[]> {
  const entry = held.get(db);
  // Inside a transaction (another Db object) or while notifications are not heard: the table itself.
  if (!entry?.listener?.live()) return listActiveServices(db);
  if (entry.services) return entry.services;
  const reading = listActiveServices(db);
  entry.services = reading;
  // A failed read is not kept: the next page tries again. A change heard during the read has
  // already dropped it (entry.services is no longer this read), so the next page reads afresh.
  reading.catch(() => {
    if (entry.services === reading) entry.services = undefined;
  });
  return reading;
}

/**
 * Drops this process's copy at once, after a change it committed itself: the notification comes
 * back through the database a moment later, and the page the person sees next must already show
 * the change. Other processes wait for the notification.
 */
export function servicesChanged(db: Db): void {
  const entry = held.get(db);
  if (entry) drop(entry);
}

/** A transaction that changes services, followed by `servicesChanged` whether it committed or not. */
export async function changeServices<T>(db: Db, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(change);
  } finally {
    servicesChanged(db);
  }
}
