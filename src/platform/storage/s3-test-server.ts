import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

/**
 * A real S3-compatible server for tests (s3rver, on a free port, files in a temporary folder),
 * with one bucket. `url` is what S3_URL takes.
 */
export async function startS3TestServer(bucket = "guichet-test") {
  const directory = await mkdtemp(path.join(tmpdir(), "guichet-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    url: `s3://S3RVER:S3RVER@${bucket}?endpoint=http://127.0.0.1:${port}&region=us-east-1`,
    /** The objects the server holds, by key, to check a file went to the bucket (and not to the disk). */
    async keys(): Promise<string[]> {
      const root = path.join(directory, bucket);
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      // s3rver keeps each object as `<key>._S3rver_object` beside its metadata files.
      return entries.filter((entry) => entry.name.endsWith("._S3rver_object")).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).replace(/\._S3rver_object$/, "")).sort();
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
