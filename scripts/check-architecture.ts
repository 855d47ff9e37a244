/**
 * The architecture check run by `npm test`: reads every import under src/ and fails, listing the
 * culprits, when
 *   - two folders import each other, directly or through others (a cycle between folders);
 *   - platform/ or ui/ imports a feature or a core (they sit below everything);
 *   - a core or a feature imports another feature: pages depend on the cores, never on each other (what two
 *     features share moves down into a core; hosts get other features' panels from
 *     features/panels.ts, and src/features/*.ts, the lists, are the composition roots);
 *   - a file outside a query module builds SQL (selectFrom, insertInto, updateTable, deleteFrom,
 *     sql`…`). Query modules are files named queries.ts or files in a queries/ folder; the
 *     migrations (platform/db/migrations/) are the schema's history, and tests may read the
 *     database to check what a page did.
 *   - an exported function of a query module is named in no test file (each query has its test,
 *     run on PGlite and on PostgreSQL like every test).
 * A folder is a feature (src/features/<name>), a core (src/core/<name>), platform or ui.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The folder a file belongs to, or undefined for the composition roots (src/*.ts). */
export function folderOf(file: string): string | undefined {
  const parts = relative(src, file).split("/");
  if (parts.length === 1) return undefined;
  if (parts[0] === "features" || parts[0] === "core") return parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) {
    const target = match[1] ?? match[2] ?? match[3];
    if (target?.startsWith(".")) found.push(resolve(dirname(file), target));
  }
  return found;
}

const sqlPattern = /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(|\bsql(?:<[^>`]*>)?`|\bsql\.(raw|ref|table|lit|id|join)\(/;

export function isQueryModule(file: string): boolean {
  const path = relative(src, file);
  return /(^|\/)queries\.tsx?$/.test(path) || /(^|\/)queries\//.test(path);
}

function isExemptFromSqlRule(file: string): boolean {
  const path = relative(src, file);
  return isQueryModule(file) || path.startsWith("platform/db/") || /\.test\.tsx?$/.test(path) || /test-support\.tsx?$/.test(path);
}

/** The functions a module exports (`export async function name`, `export const name = async (`). */
export function exportedFunctions(text: string): string[] {
  const names = [...text.matchAll(/^export\s+(?:async\s+)?function\s*\*?\s*(\w+)/gm)].map((match) => match[1]!);
  names.push(...[...text.matchAll(/^export\s+const\s+(\w+)\s*=\s*(?:async\s*)?(?:\(|function)/gm)].map((match) => match[1]!));
  return names;
}

/** Strongly connected components of more than one folder (Tarjan). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

function main() {
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  const edgeFiles = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, "utf8");
    const from = folderOf(file);
    if (!isExemptFromSqlRule(file) && sqlPattern.test(text)) {
      problems.push(`SQL hors d'un module de requêtes : src/${relative(src, file)}`);
    }
    if (!from || /\.test\.tsx?$/.test(file)) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of importsOf(file, text)) {
      if (!target.startsWith(src + "/")) continue;
      const to = folderOf(target);
      if (!to || to === from) continue;
      graph.get(from)!.add(to);
      const key = `${from} -> ${to}`;
      edgeFiles.set(key, [...new Set([...(edgeFiles.get(key) ?? []), relative(src, file)])]);
      if ((from.startsWith("features/") || from.startsWith("core/")) && to.startsWith("features/")) {
        problems.push(`${from} importe ${to} : src/${relative(src, file)}`);
      }
      if ((from === "platform" || from === "ui") && (to.startsWith("features/") || to.startsWith("core/"))) {
        problems.push(`${from}/ importe ${to} : src/${relative(src, file)}`);
      }
    }
  }
  const files = sourceFiles(src);
  const tests = [...files, ...sourceFiles(join(root, "test"))].filter((file) => /\.test\.tsx?$/.test(file)).map((file) => readFileSync(file, "utf8")).join("\n");
  for (const file of files.filter(isQueryModule)) {
    if (/\.test\.tsx?$/.test(file)) continue;
    for (const name of exportedFunctions(readFileSync(file, "utf8"))) {
      if (!new RegExp(`\\b${name}\\b`).test(tests)) problems.push(`Requête sans test : ${name} (src/${relative(src, file)})`);
    }
  }
  for (const component of cycles(graph)) {
    const members = new Set(component);
    const edges = [...edgeFiles.entries()].filter(([key]) => {
      const [a, b] = key.split(" -> ");
      return members.has(a!) && members.has(b!);
    });
    problems.push(`Cycle entre dossiers : ${component.join(", ")}\n${edges.map(([key, files]) => `      ${key}  (${files.join(", ")})`).join("\n")}`);
  }
  if (problems.length > 0) {
    console.error(`Contrôle d'architecture : ${problems.length} problème(s)\n`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(`Contrôle d'architecture : ${graph.size} dossiers, aucun cycle, aucune requête SQL hors des modules de requêtes.`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
