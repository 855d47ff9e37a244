/**
 * A zip file written as a stream: entries one after the other, the large ones pulled chunk by
 * chunk from an async iterable (with backpressure), deflated by zlib's own stream, checksummed by
 * zlib's native CRC-32.
 *
 * Why not archiver, used before: its CRC-32 is JavaScript (`crc-32`), 6 % of the processor time of
 * an ODS export of a million requests, which is bound by that one thread (bench:export, 6 December
 * 2026); `zlib.crc32` does the same work three times faster, in C. No maintained streaming zip
 * writer on npm uses it. This file holds only what spreadsheets need: stored or deflated entries,
 * UTF-8 names, and ZIP64 (APPNOTE 6.3.10, sections 4.3 and 4.5.3) when an entry or the archive
 * passes 4 GiB (a content.xml of several million rows).
 */
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  /** Text is written as UTF-8; an iterable is streamed (its size need not be known). */
  content: string | Buffer | AsyncIterable<string | Buffer>;
  /** Stored as is (method 0) instead of deflated: ODF's `mimetype` must be. */
  store?: boolean;
}

export interface ZipOptions {
  /** Deflate's level, 0 to 9. */
  level: number;
  /** The entries' modification time (DOS date and time, local to nobody: UTC). */
  modified?: Date;
  /** Sizes and offsets from which ZIP64 fields are written: 0xFFFFFFFF; lower only in tests. */
  zip64From?: number;
}

const UTF8_NAMES = 0x0800;
const DATA_DESCRIPTOR = 0x0008;
const MAX_32 = 0xffffffff;

/** What the central directory repeats about an entry once its data is written. */
interface Written {
  name: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  zip64: boolean;
}

/** Time and date in MS-DOS format (2-second resolution, years from 1980). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function localHeader(entry: Omit<Written, "offset" | "zip64">, when: { time: number; day: number }): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(entry.flags, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(when.time, 10);
  header.writeUInt16LE(when.day, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.compressed, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  return Buffer.concat([header, entry.name]);
}

/** After streamed data: its checksum and sizes, the sizes on 8 bytes for a ZIP64 entry (4.3.9). */
function dataDescriptor(entry: Written): Buffer {
  const descriptor = Buffer.alloc(entry.zip64 ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  if (entry.zip64) {
    descriptor.writeBigUInt64LE(BigInt(entry.compressed), 8);
    descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
  } else {
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
  }
  return descriptor;
}

/** An entry of the central directory; a ZIP64 one holds its three values in an extra field (4.5.3). */
function centralHeader(entry: Written, when: { time: number; day: number }): Buffer {
  const extra = entry.zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
  if (entry.zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(entry.size), 4);
    extra.writeBigUInt64LE(BigInt(entry.compressed), 12);
    extra.writeBigUInt64LE(BigInt(entry.offset), 20);
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  // Made by: Unix (3), as archiver wrote it; Info-ZIP reads the names of a "DOS" entry as such.
  header.writeUInt16LE((3 << 8) | (entry.zip64 ? 45 : 20), 4);
  header.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
  header.writeUInt16LE(entry.flags, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt16LE(when.time, 12);
  header.writeUInt16LE(when.day, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.zip64 ? MAX_32 : entry.compressed, 20);
  header.writeUInt32LE(entry.zip64 ? MAX_32 : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // External attributes: a regular file readable by all (-rw-r--r--), in the Unix host's upper half.
  header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  header.writeUInt32LE(entry.zip64 ? MAX_32 : entry.offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

/** The end of the archive: with the ZIP64 end record and its locator first when it needs them (4.3.14–16). */
function endOfArchive(count: number, directorySize: number, directoryOffset: number, zip64From: number): Buffer {
  const zip64 = count >= 0xffff || directorySize >= zip64From || directoryOffset >= zip64From;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(zip64 ? MAX_32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? MAX_32 : directoryOffset, 16);
  if (!zip64) return end;
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}

/** The archive's bytes, entry after entry. */
async function* zipBytes(entries: ZipEntry[], options: ZipOptions): AsyncGenerator<Buffer> {
  const when = dosDateTime(options.modified ?? new Date());
  const zip64From = options.zip64From ?? MAX_32;
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.store ? 0 : 8;
    if (typeof entry.content === "string" || Buffer.isBuffer(entry.content)) {
      // Known whole: checksum and sizes go in the local header, with no descriptor after the data.
      const content = typeof entry.content === "string" ? Buffer.from(entry.content, "utf8") : entry.content;
      const data = entry.store ? content : deflateRawSync(content, { level: options.level });
      // Such entries are a document's small parts: only their offset can pass the ZIP64 limit.
      const done = { name, flags: UTF8_NAMES, method, crc: crc32(content), compressed: data.length, size: content.length, offset, zip64: offset >= zip64From };
      const header = localHeader(done, when);
      yield header;
      yield data;
      written.push(done);
      offset += header.length + data.length;
      continue;
    }
    const flags = UTF8_NAMES | DATA_DESCRIPTOR;
    const header = localHeader({ name, flags, method, crc: 0, compressed: 0, size: 0 }, when);
    yield header;
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const source = entry.content;
    const checked = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
          crc = crc32(bytes, crc);
          size += bytes.length;
          yield bytes;
        }
      })(),
      { objectMode: false },
    );
    if (entry.store) {
      for await (const bytes of checked) {
        compressed += (bytes as Buffer).length;
        yield bytes as Buffer;
      }
    } else {
      const deflate = createDeflateRaw({ level: options.level });
      // A failure of the source destroys the deflate stream, which ends the loop below with it.
      const piping = pipeline(checked, deflate);
      piping.catch(() => {});
      for await (const bytes of deflate) {
        compressed += (bytes as Buffer).length;
        yield bytes as Buffer;
      }
      await piping;
    }
    const done = { name, flags, method, crc, compressed, size, offset, zip64: size >= zip64From || compressed >= zip64From || offset >= zip64From };
    const descriptor = dataDescriptor(done);
    yield descriptor;
    written.push(done);
    offset += header.length + compressed + descriptor.length;
  }
  const directory = Buffer.concat(written.map((entry) => centralHeader(entry, when)));
  yield directory;
  yield endOfArchive(written.length, directory.length, offset, zip64From);
}

/** Writes the zip of `entries` into `out` and ends it; rejects with the first error of an entry's source or of `out`. */
export async function writeZip(entries: ZipEntry[], out: Writable, options: ZipOptions): Promise<void> {
  await pipeline(Readable.from(zipBytes(entries, options)), out);
}
