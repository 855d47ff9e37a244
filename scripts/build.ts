/**
 * `npm run build`: compiles the server (src/, tests left out) to dist/ with esbuild, one
 * JavaScript file per source file in the same folders, so that `npm start` runs plain JavaScript
 * (`node dist/main.js`) instead of compiling TypeScript through tsx at every start.
 *
 * esbuild rather than tsc: it compiles the whole tree in about a second where tsc takes a minute
 * on this machine, and type checking already has its own command (`npm run typecheck`, run by
 * `npm test`). Each file keeps its place (src/x/y.ts → dist/x/y.js), so the paths the code
 * computes from its own location (`../public`, `./common-passwords.txt`, `../../../procedures`)
 * stay right; relative imports are rewritten from `.ts`/`.tsx` to `.js`, packages stay imports of
 * node_modules. Data files beside the code (JSON, text) are copied.
 *
 * `--if-needed` (what `npm start` passes) does nothing when dist/ is newer than every source file.
 * Outputs are written only where they changed, by atomic renames, never deleted (write-output.ts):
 * another instance of the same checkout running from dist/ is not disturbed.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { writeOutputs } from "./write-output.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = path.join(root, "src");
const outdir = path.join(root, "dist");
const stampFile = path.join(outdir, ".built");

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const isSource = (file: string) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts") && !isTest(file);
const isData = (file: string) => /\.(json|txt)$/.test(file);

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Whether a source file (or the build's own configuration) is newer than the last build. */
async function upToDate(files: readonly string[]): Promise<boolean> {
  const built = await stat(stampFile).catch(() => undefined);
  if (!built) return false;
  const inputs = [...files, path.join(root, "package-lock.json"), path.join(root, "tsconfig.json"), fileURLToPath(import.meta.url)];
  for (const file of inputs) if ((await stat(file)).mtimeMs > built.mtimeMs) return false;
  return true;
}

/** Every relative import stays an import of the compiled file beside it, `.ts` becoming `.js`. */
const relativeImportsAsJs: Plugin = {
  name: "relative-imports-as-js",
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === "entry-point" ? undefined : { path: args.path.replace(/\.tsx?$/, ".js"), external: true }));
  },
};

/**
 * Packages made of many small ES modules, bundled into dist/vendor/ (one file per import path,
 * their shared code in chunks, so each package stays one instance): kysely is 262 modules and
 * TypeBox 247, whose resolution one by one took a fifth of the modules' loading at start (kysely
 * imported alone: 137 ms as a package, 26 ms bundled). Other packages stay imports of node_modules:
 * many find their own files from their location.
 */
const VENDORED = ["kysely", "@sinclair/typebox"];
const vendorDir = path.join(outdir, "vendor");
const vendorName = (specifier: string) => specifier.replace(/^@/, "").replaceAll("/", "-");
const vendoredImports = new Set<string>();

/** An import of a vendored package becomes a relative import of its bundle in dist/vendor/. */
const vendoredAsRelative: Plugin = {
  name: "vendored-as-relative",
  setup(builder) {
    builder.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (!VENDORED.some((name) => args.path === name || args.path.startsWith(`${name}/`))) return undefined;
      vendoredImports.add(args.path);
      const importerOutput = path.join(outdir, path.relative(sourceDir, path.dirname(args.importer)));
      const target = path.relative(importerOutput, path.join(vendorDir, `${vendorName(args.path)}.js`));
      return { path: target.startsWith(".") ? target : `./${target}`, external: true };
    });
  },
};

const started = performance.now();
// The browser modules (ui/client/) are bundled for the browser by build-assets.ts, not here.
const browserModules = path.join(sourceDir, "ui", "client") + path.sep;
const files = (await filesUnder(sourceDir)).filter((file) => !file.startsWith(browserModules));
const sources = files.filter(isSource);
if (process.argv.includes("--if-needed") && (await upToDate(files))) process.exit(0);

// Both builds: ES modules for the pinned Node, source maps beside them, written by writeOutputs.
const forNode = { bundle: true, platform: "node", format: "esm", target: "node24", sourcemap: "linked", logLevel: "warning", write: false } as const;
const result = await build({
  ...forNode,
  entryPoints: sources,
  outbase: sourceDir,
  outdir,
  packages: "external",
  plugins: [relativeImportsAsJs, vendoredAsRelative],
});
const vendored = await build({
  ...forNode,
  absWorkingDir: root,
  entryPoints: [...vendoredImports].sort().map((specifier) => ({ in: specifier, out: vendorName(specifier) })),
  outdir: vendorDir,
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
});
const data = await Promise.all(
  files.filter(isData).map(async (file) => ({ path: path.join(outdir, path.relative(sourceDir, file)), contents: await readFile(file) })),
);
const changed = await writeOutputs([...[...result.outputFiles, ...vendored.outputFiles].map((file) => ({ path: file.path, contents: file.contents })), ...data]);
await writeFile(stampFile, new Date().toISOString());
console.log(`Serveur compilé dans dist/ : ${sources.length} fichiers, ${changed} modifiés (${Math.round(performance.now() - started)} ms)`);
