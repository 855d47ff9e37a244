import { execFile, execFileSync } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The newest installed PostgreSQL's binaries (Debian's layout), if any. */
function findBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : undefined;
}

const binaries = findBinaries();

/** Why the tests that stop and restart a PostgreSQL of their own cannot run here, if they cannot. */
export const throwawayPostgresMissing = binaries
  ? undefined
  : "PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) are not installed";

/** A suite's name, with the reason it is skipped when it must be (shown in the test report). */
export function withSkipReason(name: string): string {
  return throwawayPostgresMissing ? `${name} (skipped: ${throwawayPostgresMissing})` : name;
}

/**
 * A PostgreSQL cluster of the test's own, on a free port of 127.0.0.1 with trust authentication,
 * that the test may stop, restart and kill without touching the machine's shared server (other
 * test files use that one). PostgreSQL refuses to run as root: as root, its commands run as the
 * `postgres` user, who owns the cluster's directory.
 */
export class ThrowawayPostgres {
  private constructor(
    private readonly directory: string,
    readonly port: number,
  ) {}

  /** Creates the cluster and starts it. */
  static async start(): Promise<ThrowawayPostgres> {
    if (!binaries) throw new Error(throwawayPostgresMissing);
    const directory = await mkdtemp(path.join(os.tmpdir(), "guichet-pg-"));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      await chown(directory, uid, gid);
    }
    const cluster = new ThrowawayPostgres(directory, await freePort());
    await cluster.pg("initdb", ["-D", cluster.dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    await cluster.resume();
    return cluster;
  }

  private get dataDir() {
    return path.join(this.directory, "data");
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Stops the server the way an administrator does (pg_ctl stop -m fast): sessions are ended. */
  async stop() {
    await this.pg("pg_ctl", ["stop", "-D", this.dataDir, "-m", "fast", "-w"]);
  }

  /** Starts the stopped server again, on the same port; resolves once it accepts connections. */
  async resume() {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await this.pg("pg_ctl", ["start", "-D", this.dataDir, "-o", options, "-l", path.join(this.directory, "log"), "-w"]);
  }

  async restart() {
    await this.stop();
    await this.resume();
  }

  /** Stops the server at once and deletes its files. */
  async destroy() {
    await this.pg("pg_ctl", ["stop", "-D", this.dataDir, "-m", "immediate", "-w"]).catch(() => {});
    await rm(this.directory, { recursive: true, force: true });
  }

  private async pg(command: string, args: string[]) {
    const binary = path.join(binaries as string, command);
    if (process.getuid?.() === 0) await run("runuser", ["-u", "postgres", "--", binary, ...args]);
    else await run(binary, args);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
