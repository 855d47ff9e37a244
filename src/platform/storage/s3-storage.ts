import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { ObjectStorageConfig } from "../config.ts";
import { StoredFileNotFoundError, type ObjectStorage } from "./object-storage.ts";

/** Sending a file is tried this many times when the connection or the server fails (not on a refusal). */
const PUT_ATTEMPTS = 3;

/**
 * Files in an S3-compatible bucket (AWS S3, Scaleway, OVHcloud, MinIO, Garage…) through the AWS
 * SDK. Credentials come from S3_URL's user and password, or else from the SDK's usual chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role).
 */
export function createS3Storage(settings: ObjectStorageConfig): ObjectStorage {
  const client = new S3Client({
    region: settings.region,
    // Many S3-compatible servers do not read the SDK's default streamed checksums (aws-chunked
    // bodies with a trailer) and would keep the framing as content: with an endpoint, checksums
    // only where S3 requires them.
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, forcePathStyle: settings.pathStyle, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }
      : {}),
    ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
  });
  const Bucket = settings.bucket;
  const Key = (key: string) => `${settings.prefix}${key}`;
  const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

  return {
    kind: "s3",
    async putFile(key, localFile, size) {
      // Streamed from the disk with its length, so a large document is never held in memory. The
      // SDK cannot retry a streamed body (a kept-alive socket the server had closed, a reset):
      // the file is still on the disk, so it is sent again from its start, to the same key.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(new PutObjectCommand({ Bucket, Key: Key(key), Body: createReadStream(localFile), ContentLength: size }));
          break;
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (attempt >= PUT_ATTEMPTS || (status !== undefined && status < 500)) throw error;
        }
      }
      await rm(localFile, { force: true });
    },
    async open(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: Key(key) }));
        return { stream: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (missing(error)) throw new StoredFileNotFoundError(`No stored file for key ${key}`);
        throw error;
      }
    },
    async delete(key) {
      // S3 deletes silently whatever the key: ask first, so a second deletion says so like the disk.
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: Key(key) }));
      } catch (error) {
        if (missing(error)) return false;
        throw error;
      }
      await client.send(new DeleteObjectCommand({ Bucket, Key: Key(key) }));
      return true;
    },
    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
        return true;
      } catch {
        return false;
      }
    },
    close() {
      client.destroy();
    },
  };
}
