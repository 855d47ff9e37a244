import PgBoss from "pg-boss";
import { CompiledQuery } from "kysely";
import type { Logger } from "pino";
import type { DatabaseHandle, Db } from "./db/database.ts";

/** Every queue, with its retry policy: a failing job is retried with growing delays, never dropped. */
const queues = {
  "send-mail": { retryLimit: 12, retryDelay: 30, retryBackoff: true },
  // Recovery requests are looked up off the request, so known and unknown accounts answer alike.
  "recovery-mail": { retryLimit: 12, retryDelay: 30, retryBackoff: true },
  // Renders a postal letter and hands it to the print-and-post provider.
  "generate-letter": { retryLimit: 12, retryDelay: 30, retryBackoff: true },
  // A request's PDFs mailed to its applicant (filing receipt, summary of a contribution), built
  // from the committed state once the change that asked for them is committed.
  "request-pdf-mail": { retryLimit: 12, retryDelay: 30, retryBackoff: true },
} satisfies Record<string, PgBoss.Queue extends infer Q ? Omit<Q & object, "name"> : never>;

export type QueueName = keyof typeof queues;
export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/** Durable job queue (pg-boss) on the application's own database. */
export interface Jobs {
  /**
   * Queues a job inside the caller's transaction when one is given, so the job exists if and
   * only if the change that asked for it was committed.
   */
  enqueue(queue: QueueName, data: Record<string, unknown>, db?: Db): Promise<void>;
  /** Starts polling the queues with the given handlers (the web process does this too). */
  work(handlers: Partial<Record<QueueName, JobHandler>>, options?: { pollingIntervalSeconds?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Runs pg-boss's SQL on a Kysely connection or transaction. */
function executorFor(db: Db) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

export interface JobsOptions {
  /** First retry delay of every queue (doubling after); tests shorten it, production keeps the default. */
  retryDelaySeconds?: number;
}

export async function startJobs(handle: DatabaseHandle, log: Logger, options: JobsOptions = {}): Promise<Jobs> {
  const boss = new PgBoss({
    ...handle.jobsConnection,
    ...(handle.kind === "postgresql" ? { max: 3 } : {}),
    schema: "pgboss",
    // Archive and maintenance run from every process: there is no single scheduler to lose.
    supervise: true,
    schedule: false,
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  for (const [name, policy] of Object.entries(queues)) {
    const settings = { name, ...policy, retryDelay: options.retryDelaySeconds ?? policy.retryDelay };
    // Keep an existing queue's policy in step with the code (a deployment may change it).
    if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
    else await boss.createQueue(name, settings);
  }
  return {
    async enqueue(queue, data, db) {
      await boss.send(queue, data, db ? { db: executorFor(db) } : {});
    },
    async work(handlers, options = {}) {
      for (const [name, handler] of Object.entries(handlers)) {
        if (!handler) continue;
        await boss.work<Record<string, unknown>>(
          name,
          { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
          async (batch) => {
            for (const job of batch) {
              try {
                await handler(job.data);
              } catch (error) {
                log.warn({ err: error, queue: name, jobId: job.id }, "job failed, will be retried");
                throw error;
              }
            }
          },
        );
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
