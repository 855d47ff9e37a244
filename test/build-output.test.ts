import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOutputs } from "../scripts/write-output.ts";

// scripts/write-output.ts, how `npm run build` and the assets build write beside a running instance.
describe("build outputs", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), "guichet-build-output-"));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  const bytes = (text: string) => new TextEncoder().encode(text);

  it("writes new and changed files, leaves an unchanged file untouched, deletes nothing and leaves no temporary file", async () => {
    const kept = path.join(directory, "kept.js");
    const changed = path.join(directory, "sub/changed.js");
    const other = path.join(directory, "left-by-an-older-build.js");
    await writeOutputs([
      { path: kept, contents: bytes("same") },
      { path: changed, contents: bytes("old") },
    ]);
    await writeFile(other, "still served");
    const keptBefore = await stat(kept);

    expect(await writeOutputs([{ path: kept, contents: bytes("same") }, { path: changed, contents: bytes("new") }])).toBe(1);
    expect((await stat(kept)).mtimeMs).toBe(keptBefore.mtimeMs);
    expect(await readFile(changed, "utf8")).toBe("new");
    expect(await readFile(other, "utf8")).toBe("still served");
    const names = [...(await readdir(directory)), ...(await readdir(path.join(directory, "sub")))];
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("replaces a file by renaming, so a file opened before the write keeps its old content", async () => {
    const file = path.join(directory, "served.js");
    await writeOutputs([{ path: file, contents: bytes("first") }]);
    const before = await stat(file);
    await writeOutputs([{ path: file, contents: bytes("second") }]);
    // A new inode: a reader that opened the old file (another instance serving it) read it whole.
    expect((await stat(file)).ino).not.toBe(before.ino);
    expect(await readFile(file, "utf8")).toBe("second");
  });
});
