import http from "node:http";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/platform/db/database.ts";
import { migrateToLatest } from "../src/platform/db/migrate.ts";
import { systemClock } from "../src/platform/clock.ts";
import { openSession } from "../src/platform/sessions/sessions.ts";
import { insertTestAccount } from "../test/accounts.ts";
import { createServerDatabase } from "../test/database.ts";
import { startFloorServer } from "./server.ts";

function get(port: number, path: string, cookie?: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent: false, headers: cookie ? { cookie } : {} }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
    });
    request.on("error", reject);
  });
}

// PostgreSQL only, like the page bench it serves: the suite's PostgreSQL run covers it.
describe.skipIf(!process.env.DATABASE_URL)("the page bench's floor (a bare route finding the session)", () => {
  it("answers as many bytes as asked for a live session, and refuses an unknown one", { timeout: 120_000 }, async () => {
    const { url, drop } = await createServerDatabase("guichet_bench_floor_test");
    const handle = await openDatabase({ databaseUrl: url });
    const floor = { server: undefined as Awaited<ReturnType<typeof startFloorServer>> | undefined };
    try {
      await migrateToLatest(handle.db);
      const account = await insertTestAccount(handle.db);
      const token = await openSession({ db: handle.db, clock: systemClock }, { accountId: account.id, ip: "127.0.0.1", userAgent: "test" });
      floor.server = await startFloorServer(url);
      expect(await get(floor.server.port, "/plancher?octets=4321", `guichet_session=${token}`)).toEqual({ status: 200, bytes: 4321 });
      expect((await get(floor.server.port, "/plancher?octets=10", "guichet_session=inconnu")).status).toBe(401);
      // An anonymous page (the help's search) has no session to find.
      expect(await get(floor.server.port, "/plancher?octets=10")).toEqual({ status: 200, bytes: 10 });
    } finally {
      await floor.server?.stop();
      await handle.close();
      await drop();
    }
  });
});
