import { readdir } from "node:fs/promises";
import { uploadsDirectory } from "../src/platform/uploads/uploads.ts";
import type { Config } from "../src/platform/config.ts";

/** How many files the local upload directory holds (0 before the first upload made it). */
export async function storedFileCount(deps: { config: Config }): Promise<number> {
  const entries = await readdir(uploadsDirectory(deps), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).length;
}

/**
 * For `expect.poll`: a refused upload is deleted once its response is sent (multipart-form.ts,
 * onResponse), a moment after `inject` returns.
 */
export const AFTER_RESPONSE = { timeout: 2_000, interval: 10 };
