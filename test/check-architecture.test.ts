import { describe, expect, it } from "vitest";
import { cycles, exportedFunctions, folderOf, isQueryModule } from "../scripts/check-architecture.ts";

const src = (path: string) => new URL(`../src/${path}`, import.meta.url).pathname;

describe("the architecture check", () => {
  it("names a file's folder: a feature, a core, platform or ui, none for the composition roots", () => {
    expect(folderOf(src("features/login/routes.tsx"))).toBe("features/login");
    expect(folderOf(src("core/requests/queries/asks.ts"))).toBe("core/requests");
    expect(folderOf(src("platform/db/database.ts"))).toBe("platform");
    expect(folderOf(src("features/index.ts"))).toBeUndefined();
    expect(folderOf(src("main.ts"))).toBeUndefined();
  });

  it("finds the folders that reach each other, and only those", () => {
    const graph = new Map([
      ["features/a", new Set(["core/x"])],
      ["core/x", new Set(["core/y"])],
      ["core/y", new Set(["core/x", "platform"])],
      ["platform", new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([["core/x", "core/y"]]);
    graph.get("core/y")!.delete("core/x");
    expect(cycles(graph)).toEqual([]);
  });

  it("knows query modules by their name or folder", () => {
    expect(isQueryModule(src("core/requests/queries/asks.ts"))).toBe(true);
    expect(isQueryModule(src("features/sso/queries.ts"))).toBe(true);
    expect(isQueryModule(src("core/requests/state-machine.ts"))).toBe(false);
  });

  it("lists the functions a module exports", () => {
    const text = "export async function findA(db) {}\nexport function b() {}\nexport const c = async (db) => 1;\nexport const D = 3;\nasync function hidden() {}";
    expect(exportedFunctions(text)).toEqual(["findA", "b", "c"]);
  });
});
