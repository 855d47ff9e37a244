/**
 * The static checks of `npm test`, side by side: the type check (tsc, ~30 s), the linter (eslint,
 * ~20 s) and the architecture check. Each is one process that mostly keeps one core busy, so on two
 * cores running them together takes the longest one's time instead of their sum. A check's output
 * is held until it ends, then printed whole under its name, so two checks' lines never interleave;
 * the last line names the checks that failed. Plain TypeScript that Node runs directly.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const checks = [
  { name: "typecheck (tsc --noEmit)", args: [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit"] },
  { name: "lint (eslint .)", args: [path.join(root, "node_modules/eslint/bin/eslint.js"), "."] },
  { name: "check:architecture", args: ["--import", "tsx", path.join(root, "scripts/check-architecture.ts")] },
];

/** Runs one check with this very Node (the project's, not the system's); resolves with whether it passed. */
function run(check: (typeof checks)[number]): Promise<boolean> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, check.args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    let finished = false;
    // A process that could not start may report both "error" and "close": printed once.
    const finish = (passed: boolean, reason = "") => {
      if (finished) return;
      finished = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n▶ ${check.name} : ${passed ? "réussi" : `ÉCHEC${reason}`} en ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(passed);
    };
    child.once("error", (error) => finish(false, ` (${error.message})`));
    child.once("close", (code, signal) => finish(code === 0, code === 0 ? "" : ` (${signal ?? `code ${code}`})`));
  });
}

const results = await Promise.all(checks.map(run));
const failed = checks.filter((_, index) => !results[index]).map((check) => check.name);
if (failed.length > 0) {
  process.stdout.write(`\nÉCHEC des vérifications : ${failed.join(", ")}\n`);
  process.exit(1);
}
