/**
 * Builds the browser assets into public/build/ (served at /static/build/): the enhancement
 * module, the captcha widget module, and the widget's stylesheet and proof-of-work worker, kept
 * as files so the strict CSP needs no inline script or style. Run by `npm start` and
 * `npm run test:e2e`; plain TypeScript that Node runs directly.
 *
 * Another instance of the same checkout may be serving these files while this runs: they are
 * built in memory and written only where they changed, each by an atomic rename, never deleted
 * (write-output.ts), so that instance never serves a missing or half-written file.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeOutputs } from "./write-output.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "public/build");
const altcha = path.join(root, "node_modules/altcha/dist");

const started = performance.now();

const result = await build({
  entryPoints: {
    enhance: path.join(root, "src/ui/client/enhance.ts"),
    captcha: path.join(root, "src/ui/client/captcha.ts"),
  },
  outdir,
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  target: "es2022",
  legalComments: "linked",
  logLevel: "warning",
  write: false,
});

const changed = await writeOutputs([
  ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
  { path: path.join(outdir, "altcha.css"), contents: await readFile(path.join(altcha, "external/altcha.css")) },
  { path: path.join(outdir, "altcha/pbkdf2.js"), contents: await readFile(path.join(altcha, "workers/pbkdf2.js")) },
]);

console.log(`Assets built in ${path.relative(root, outdir)}/ (${changed} file(s) changed, ${Math.round(performance.now() - started)} ms)`);
