/**
 * Writes build outputs without pulling the floor from under another running instance of the same
 * checkout: a file is written only when its content changed, each to a temporary name in its
 * folder and then renamed over the old one (a rename is atomic: a reader gets the old file or the
 * new one, never a missing or half-written one), and nothing is ever deleted.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** Returns how many files changed. */
export async function writeOutputs(files: readonly { path: string; contents: Uint8Array }[]): Promise<number> {
  let changed = 0;
  await Promise.all(
    files.map(async (file) => {
      const current = await readFile(file.path).catch(() => undefined);
      if (current && Buffer.compare(current, file.contents) === 0) return;
      await mkdir(path.dirname(file.path), { recursive: true });
      const temporary = `${file.path}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temporary, file.contents);
      await rename(temporary, file.path);
      changed += 1;
    }),
  );
  return changed;
}
