import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { runCommand } from "../src/commands.ts";

const execute = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

/** What an operator sees of a command: its exit code and its two streams. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run guichet -- …` on the embedded database of the given data directory (never the
 * server the test suite may be using), with its real output and exit code. It runs in the test's
 * process, through the same function as `src/cli.ts`: a Node process per command cost ~2 s of
 * processor time to load the application again, for 38 commands in each stage of `.ci/run`.
 * `guichetProcess` starts the real process, for the tests of the entry point itself.
 */
export async function guichet(dataDir: string, ...args: string[]): Promise<CommandResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(args, {
    env: operatorEnvironment(dataDir),
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  });
  return { code, stdout, stderr };
}

/**
 * The same command in its own process: the project's Node with tsx's loader, the command `npm
 * run guichet` ends in (`npx tsx` started three Node processes for one).
 */
export async function guichetProcess(dataDir: string, ...args: string[]): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execute(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: root, env: operatorEnvironment(dataDir) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function operatorEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" };
  delete env.DATABASE_URL;
  return env;
}
