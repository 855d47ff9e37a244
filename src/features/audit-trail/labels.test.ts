import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_LABELS, auditLabel } from "./labels.ts";

const SRC = path.resolve(import.meta.dirname, "../..");

/** Every `event:` of every `audit(...)` call in the sources (tests left out): literals, and templates as patterns. */
async function auditedCodes() {
  const files = (await readdir(SRC, { recursive: true })).filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
  const literals = new Set<string>();
  const templates = new Set<string>();
  let calls = 0;
  for (const file of files) {
    const text = await readFile(path.join(SRC, file), "utf8");
    for (const call of text.matchAll(/\baudit\(/g)) {
      const window = text.slice(call.index, call.index + 700);
      const event = /\bevent:\s*([^\n]*?),?\s*\n|\bevent:\s*(.*?),\s*(?:accountId|actorId|ip|details)\b/.exec(window);
      if (!event) continue;
      calls += 1;
      const expression = event[1] ?? event[2] ?? "";
      for (const literal of expression.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) literals.add(literal[1]!);
      for (const template of expression.matchAll(/`([a-z_]+\.[^`]*\$\{[^`]*)`/g)) templates.add(template[1]!);
    }
  }
  return { literals, templates, calls };
}

describe("the audit trail's labels", () => {
  it("has a French label for every code an audit(...) call writes, and one at least for each pattern of a computed code", async () => {
    const { literals, templates, calls } = await auditedCodes();
    // The scan finds the calls (a broken scan must not pass silently).
    expect(calls).toBeGreaterThan(80);
    expect(literals.size).toBeGreaterThan(60);
    expect([...literals].filter((code) => auditLabel(code) === undefined)).toEqual([]);
    for (const template of templates) {
      const pattern = new RegExp(`^${template.replace(/\./g, "\\.").replace(/\$\{[^}]*\}/g, "[a-z_]+")}$`);
      expect(Object.keys(AUDIT_LABELS).some((code) => pattern.test(code)), template).toBe(true);
    }
  });

  it("gives no label to an unknown code, and never a raw code as a label", () => {
    expect(auditLabel("account.unknown_thing")).toBeUndefined();
    expect(auditLabel("toString")).toBeUndefined();
    for (const label of Object.values(AUDIT_LABELS)) expect(label).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});
