import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

/**
 * Runs `npm run guichet -- …` as an operator would: a real process, on the embedded database of
 * the given data directory (never the server the test suite may be using), with its real output
 * and exit code. The process is the project's Node with tsx's loader, the command `npm run
 * guichet` ends in: going through `npx tsx` started three Node processes (npx, tsx's launcher,
 * then the CLI) for one, seconds per command on this suite's 2-core machine.
 */
export async function guichet(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
