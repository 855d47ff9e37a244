import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isValidRequestNumber } from "../src/platform/request-numbers/request-numbers.ts";
import { verifyPassword } from "../src/platform/security/passwords.ts";
import { generate, parseDataOptions } from "./data.ts";
import { BENCH_PASSWORD, isBenchDatabaseName, transportOf, withDatabase } from "./dataset.ts";

describe("npm run bench:data", () => {
  it("names how its database is reached, and keeps a socket's directory when it changes the database", () => {
    const socket = "postgres://postgres@localhost/guichet_bench?host=%2Fvar%2Frun%2Fpostgresql";
    expect(transportOf(socket)).toBe("socket Unix /var/run/postgresql");
    expect(transportOf("postgres://postgres@127.0.0.1:5432/guichet_bench")).toBe("TCP 127.0.0.1:5432");
    expect(transportOf("postgres://postgres@db.exemple.fr/guichet_bench")).toBe("TCP db.exemple.fr:5432");
    expect(transportOf(withDatabase(socket, "postgres"))).toBe("socket Unix /var/run/postgresql");
  });

  it("reads its flags, 1 M accounts and 2 M requests by default", () => {
    expect(parseDataOptions([])).toEqual({ accounts: 1_000_000, requests: 2_000_000, loginAccounts: 5_000, agents: 40, batch: 100_000, reset: false });
    expect(parseDataOptions(["--accounts", "10000", "--requests=20_000", "--login-accounts", "50000", "--reset"])).toMatchObject({ accounts: 10_000, requests: 20_000, loginAccounts: 10_000, reset: true });
    expect(() => parseDataOptions(["--accounts", "99"])).toThrow("--accounts attend un entier ≥ 100");
    expect(() => parseDataOptions(["--agents", "3"])).toThrow("--agents");
    expect(() => parseDataOptions(["--inconnue", "1"])).toThrow("Option inconnue");
  });

  it("only ever resets a database named as a bench database", () => {
    expect(isBenchDatabaseName("guichet_bench")).toBe(true);
    expect(isBenchDatabaseName("guichet_bench_small")).toBe(true);
    expect(isBenchDatabaseName("guichet")).toBe(false);
    expect(isBenchDatabaseName("postgres")).toBe(false);
  });

  // PostgreSQL only, like the bench: the suite's PostgreSQL run covers it.
  it.skipIf(!process.env.DATABASE_URL)(
    "generates accounts, organisations, agents and requests with valid numbers and history, then leaves an existing data set alone",
    { timeout: 240_000 },
    async () => {
      const server = process.env.DATABASE_URL!;
      const url = withDatabase(server, `guichet_bench_test_${randomBytes(4).toString("hex")}`);
      const options = { ...parseDataOptions(["--accounts", "500", "--requests", "2000", "--login-accounts", "20", "--agents", "8", "--batch", "1000"]) };
      const client = new pg.Client({ connectionString: url });
      try {
        const first = await generate(url, options);
        expect(first.skipped).toBe(false);
        await client.connect();
        const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
        expect(await count("select count(*) as n from accounts where role = 'applicant'")).toBe(500);
        expect(await count("select count(*) as n from accounts where role = 'agent'")).toBe(8);
        expect(await count("select count(*) as n from organisations")).toBe(5);
        expect(await count("select count(*) as n from requests")).toBe(2000);
        expect(await count("select count(distinct procedure_id) as n from requests")).toBe(4);
        expect(await count("select count(distinct status) as n from requests")).toBe(7);
        // Every request of an organisations' procedure comes from one of its active members.
        expect(await count(`select count(*) as n from requests r join procedures p on p.id = r.procedure_id where p.slug <> 'logement-social'
          and not exists (select 1 from memberships m where m.account_id = r.applicant_id and m.organisation_id = r.organisation_id and m.status = 'active')`)).toBe(0);
        // Taken requests are assigned to an agent of their procedure.
        expect(await count(`select count(*) as n from requests r where r.taken_at is not null
          and not exists (select 1 from procedure_agents pa where pa.account_id = r.assigned_agent_id and pa.procedure_id = r.procedure_id)`)).toBe(0);
        expect(await count("select count(*) as n from requests where filed_at is not null and not exists (select 1 from request_events e where e.request_id = requests.id and e.event = 'request.filed')")).toBe(0);
        const numbers = (await client.query<{ number: string }>("select number from requests where number is not null")).rows.map((row) => row.number);
        expect(numbers.length).toBeGreaterThan(1500);
        expect(numbers.filter((number) => !isValidRequestNumber(number))).toEqual([]);
        expect(new Set(numbers).size).toBe(numbers.length);
        const hashes = (await client.query<{ identifier: string; passwordHash: string }>(`select identifier, password_hash as "passwordHash" from accounts where identifier in ('banc.20', 'banc.21', 'agent.banc.8')`)).rows;
        const known = Object.fromEntries(await Promise.all(hashes.map(async (row) => [row.identifier, await verifyPassword(row.passwordHash, BENCH_PASSWORD)] as const)));
        expect(known).toEqual({ "banc.20": true, "banc.21": false, "agent.banc.8": true });
        // The indexes dropped for the load are all back.
        expect(await count("select count(*) as n from pg_indexes where indexname in ('accounts_names_trgm', 'requests_procedure_filed', 'requests_applicant', 'request_events_request')")).toBe(4);

        expect((await generate(url, options)).skipped).toBe(true);
        expect(await count("select count(*) as n from requests")).toBe(2000);
      } finally {
        await client.end().catch(() => {});
        const admin = new pg.Client({ connectionString: withDatabase(server, "postgres") });
        await admin.connect();
        await admin.query(`drop database if exists ${pg.escapeIdentifier(new URL(url).pathname.slice(1))} with (force)`);
        await admin.end();
      }
    },
  );
});
