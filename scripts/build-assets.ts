/**
 * Builds the browser assets into public/build/ (served at /static/build/): the enhancement
 * module, the captcha widget module, and the widget's stylesheet and proof-of-work worker, kept
 * as files so the strict CSP needs no inline script or style. Run by `npm start` and
 * `npm run test:e2e`; plain TypeScript that Node runs directly.
 */
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "public/build");
const altcha = path.join(root, "node_modules/altcha/dist");

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
await mkdir(path.join(outdir, "altcha"), { recursive: true });

await build({
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
});

await copyFile(path.join(altcha, "external/altcha.css"), path.join(outdir, "altcha.css"));
await copyFile(path.join(altcha, "workers/pbkdf2.js"), path.join(outdir, "altcha/pbkdf2.js"));

console.log(`Assets built in ${path.relative(root, outdir)}/ (${Math.round(performance.now() - started)} ms)`);
