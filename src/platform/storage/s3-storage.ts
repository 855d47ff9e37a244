import type { S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { ObjectStorageConfig } from "../config.ts";
import { StoredFileNotFoundError, type ObjectStorage } from "./object-storage.ts";

/** Sending a file is tried this many times when the connection or the server fails (not on a refusal). */
const PUT_ATTEMPTS = 3;

type Sdk = typeof import("@aws-sdk/client-s3");

/**
 * Files in an S3-compatible bucket (AWS S3, Scaleway, OVHcloud, MinIO, Garage…) through the AWS
 * SDK. Credentials come from S3_URL's user and password, or else from the SDK's usual chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role).
 */
export function createS3Storage(settings: ObjectStorageConfig): ObjectStorage {
  const Bucket = settings.bucket;
  const Key = (key: string) => `${settings.prefix}${key}`;
  // The SDK (a hundred modules) is loaded with the first file, not at every start: a portal that
  // keeps its files on the disk never loads it, and one on S3 serves its first page sooner.
  let connection: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  const connect = () =>
    (connection ??= import("@aws-sdk/client-s3").then((sdk) => {
      const client = new sdk.S3Client({
        region: settings.region,
        // Many S3-compatible servers do not read the SDK's default streamed checksums (aws-chunked
        // bodies with a trailer) and would keep the framing as content: with an endpoint, checksums
        // only where S3 requires them.
        ...(settings.endpoint
          ? { endpoint: settings.endpoint, forcePathStyle: settings.pathStyle, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
          : {}),
        ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
      });
      return { sdk, client };
    }));
  const missing = (sdk: Sdk, error: unknown) =>
    error instanceof sdk.NoSuchKey || error instanceof sdk.NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

  return {
    kind: "s3",
    async putFile(key, localFile, size) {
      // Streamed from the disk with its length, so a large document is never held in memory. The
      // SDK cannot retry a streamed body (a kept-alive socket the server had closed, a reset):
      // the file is still on the disk, so it is sent again from its start, to the same key.
      const { sdk, client } = await connect();
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(new sdk.PutObjectCommand({ Bucket, Key: Key(key), Body: createReadStream(localFile), ContentLength: size }));
          break;
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (attempt >= PUT_ATTEMPTS || (status !== undefined && status < 500)) throw error;
        }
      }
      await rm(localFile, { force: true });
    },
    async open(key) {
      const { sdk, client } = await connect();
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket, Key: Key(key) }));
        return { stream: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (missing(sdk, error)) throw new StoredFileNotFoundError(`No stored file for key ${key}`);
        throw error;
      }
    },
    async delete(key) {
      // S3 deletes silently whatever the key: ask first, so a second deletion says so like the disk.
      const { sdk, client } = await connect();
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket, Key: Key(key) }));
      } catch (error) {
        if (missing(sdk, error)) return false;
        throw error;
      }
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: Key(key) }));
      return true;
    },
    async ping() {
      try {
        const { sdk, client } = await connect();
        await client.send(new sdk.HeadBucketCommand({ Bucket }));
        return true;
      } catch {
        return false;
      }
    },
    close() {
      void connection?.then(({ client }) => client.destroy());
      connection = undefined;
    },
  };
}
