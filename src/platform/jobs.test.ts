import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase, createTestDatabase } from "../../test/database.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { startJobs, type Jobs } from "./jobs.ts";
import { openDatabase } from "./db/database.ts";

let database: DatabaseHandle & { drop(): Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const log = pino({ level: "silent" });

async function jobStates(): Promise<Record<string, number>> {
  const { rows } = await sql<{ state: string; count: number }>`
    select state, count(*)::int as count from pgboss.job where name = 'send-mail' group by state`.execute(database.db);
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the job workers", () => {
  it("run several mail jobs at once and fetch again at once while the queue has jobs", async () => {
    await sql`delete from pgboss.job where name = 'send-mail'`.execute(database.db);
    const jobs: Jobs = await startJobs(database, log);
    try {
      for (let index = 0; index < 40; index += 1) await jobs.enqueue("send-mail", { index });
      let running = 0;
      let mostAtOnce = 0;
      const done = new Set<number>();
      // A polling interval of a minute: waiting it out between jobs would fail the time limit below.
      await jobs.work(
        {
          "send-mail": async (data) => {
            running += 1;
            mostAtOnce = Math.max(mostAtOnce, running);
            await new Promise((resolve) => setTimeout(resolve, 30));
            running -= 1;
            done.add(Number(data.index));
          },
        },
        { pollingIntervalSeconds: 60 },
      );
      await until(async () => (await jobStates()).completed === 40, 20_000);
      expect(done.size).toBe(40);
      expect(mostAtOnce).toBeGreaterThan(1);
      expect(mostAtOnce).toBeLessThanOrEqual(16);
    } finally {
      await jobs.stop();
    }
  }, 60_000);

  it("hand a job still running at shutdown back to the queue, and leave a finished one done", async () => {
    await sql`delete from pgboss.job where name = 'send-mail'`.execute(database.db);
    const jobs = await startJobs(database, log, { stopGraceMs: 300 });
    await jobs.enqueue("send-mail", { kind: "quick" });
    await jobs.enqueue("send-mail", { kind: "stuck" });
    let stuckStarted = false;
    let quickDone = false;
    await jobs.work(
      {
        "send-mail": async (data) => {
          if (data.kind === "quick") {
            quickDone = true;
            return;
          }
          stuckStarted = true;
          // Longer than the grace: cut short by the stop.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
        },
      },
      { pollingIntervalSeconds: 0.1 },
    );
    await until(async () => stuckStarted && quickDone && (await jobStates()).completed === 1, 20_000);
    await jobs.stop();
    // Failed by the stop, so retried after its delay by any process; the finished one stays done.
    expect(await jobStates()).toEqual({ completed: 1, retry: 1 });
    // The stuck handler ends after the stop: it records nothing over the hand-back.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    expect(await jobStates()).toEqual({ completed: 1, retry: 1 });
  }, 60_000);
});

describe("a recurring job offered by two job runners on one database", () => {
  const queued = async () => {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pgboss.job where name = 'request-validity'`.execute(database.db);
    return rows[0]?.count ?? 0;
  };

  it("is queued once per slot, however many times and by however many runners it is offered", { timeout: 60_000 }, async () => {
    await sql`delete from pgboss.job where name = 'request-validity'`.execute(database.db);
    // Two runners (two pg-boss instances, each with its own connections), as two workers or machines.
    const runners = await Promise.all([startJobs(database, log), startJobs(database, log)]);
    try {
      // Each offers the hourly job five times at once, as their timers would over the hour.
      const answers = await Promise.all(runners.flatMap((jobs) => Array.from({ length: 5 }, () => jobs.enqueueOncePer("request-validity", 3600))));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await queued()).toBe(1);
      // Done or not, the slot's job stays the only one: a later offer in the hour queues nothing.
      expect(await runners[1]!.enqueueOncePer("request-validity", 3600)).toBe(false);
      expect(await queued()).toBe(1);

      // The next slot gets its own job (slots of 2 s here, instead of an hour): one more, not two.
      await sql`delete from pgboss.job where name = 'request-validity'`.execute(database.db);
      // Start just after a slot begins by the database's clock, so that both offers fall in one slot.
      const { rows } = await sql<{ epoch: number }>`select extract(epoch from now())::float8 as epoch`.execute(database.db);
      const intoSlotMs = (Number(rows[0]?.epoch) * 1000) % 2000;
      await new Promise((resolve) => setTimeout(resolve, 2000 - intoSlotMs + 100));
      await Promise.all(runners.map((jobs) => jobs.enqueueOncePer("request-validity", 2)));
      expect(await queued()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      await Promise.all(runners.map((jobs) => jobs.enqueueOncePer("request-validity", 2)));
      expect(await queued()).toBe(2);
    } finally {
      await Promise.all(runners.map((jobs) => jobs.stop()));
    }
  });
});

describe("the queues' policy at start", () => {
  const stored = async () => {
    const { rows } = await sql<{ expire: number; delay: number; updated: Date }>`
      select expire_seconds as expire, retry_delay as delay, updated_on as updated from pgboss.queue where name = 'send-mail'`.execute(database.db);
    return rows[0]!;
  };

  it("follows the code's settings, and a start that finds them as wanted writes nothing", async () => {
    await (await startJobs(database, log, { expireInSeconds: 7, retryDelaySeconds: 3 })).stop();
    expect(await stored()).toMatchObject({ expire: 7, delay: 3 });
    await (await startJobs(database, log)).stop();
    const current = await stored();
    expect(current).toMatchObject({ expire: 30, delay: 5 });
    await (await startJobs(database, log)).stop();
    expect((await stored()).updated).toEqual(current.updated);
  });
});

// Two processes starting at once on a new database (WORKERS, two machines): pg-boss's queue
// creation deadlocked until they took turns. PostgreSQL only: PGlite has one process.
describe.skipIf(!process.env.DATABASE_URL)("two processes starting at once on a new database", () => {
  it("both create or update the queues, neither deadlocks", { timeout: 120_000 }, async () => {
    const { url, drop } = await createServerDatabase("guichet_test_jobs");
    const handles = await Promise.all([openDatabase({ databaseUrl: url }), openDatabase({ databaseUrl: url })]);
    try {
      for (let round = 0; round < 3; round += 1) {
        await sql`drop schema if exists pgboss cascade`.execute(handles[0].db);
        const started = await Promise.all(handles.map((handle) => startJobs(handle, log)));
        await Promise.all(started.map((jobs) => jobs.stop()));
        const { rows } = await sql<{ count: number }>`select count(*)::int as count from pgboss.queue where name = 'send-mail'`.execute(handles[0].db);
        expect(rows[0]?.count).toBe(1);
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await drop();
    }
  });
});
