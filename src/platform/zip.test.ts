import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { crc32 } from "node:zlib";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { writeZip, type ZipEntry, type ZipOptions } from "./zip.ts";

async function zipped(entries: ZipEntry[], options: Partial<ZipOptions> = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  await writeZip(entries, out, { level: 3, modified: new Date(Date.UTC(2026, 11, 6, 10, 30, 14)), ...options });
  return Buffer.concat(parts);
}

/** The central directory as a reader sees it: each entry's name, method, checksum, sizes and offset (ZIP64 extra field read). */
function directory(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (at === 0xffffffff) {
    const record = Number(zip.readBigUInt64LE(end - 20 + 8));
    expect(zip.readUInt32LE(record)).toBe(0x06064b50);
    count = Number(zip.readBigUInt64LE(record + 32));
    at = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries = [];
  for (let index = 0; index < count; index += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    let compressed = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    let offset = zip.readUInt32LE(at + 42);
    if (extraLength > 0) {
      const extra = at + 46 + nameLength;
      expect(zip.readUInt16LE(extra)).toBe(1);
      size = Number(zip.readBigUInt64LE(extra + 4));
      compressed = Number(zip.readBigUInt64LE(extra + 12));
      offset = Number(zip.readBigUInt64LE(extra + 20));
    }
    entries.push({ name: zip.toString("utf8", at + 46, at + 46 + nameLength), method: zip.readUInt16LE(at + 10), crc: zip.readUInt32LE(at + 16), compressed, size, offset, zip64: extraLength > 0 });
    at += 46 + nameLength + extraLength + zip.readUInt16LE(at + 32);
  }
  return entries;
}

const big = Array.from({ length: 20_000 }, (_, index) => `<row>${index} — é</row>`).join("");

async function* chunks(text: string, size: number) {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}

const entries = (): ZipEntry[] => [
  { name: "mimetype", content: "application/vnd.oasis.opendocument.spreadsheet", store: true },
  { name: "META-INF/manifest.xml", content: Buffer.from("<manifest/>") },
  { name: "contenu é.xml", content: chunks(big, 7_000) },
  { name: "brut.txt", content: chunks("sans compression", 4), store: true },
];

describe("the zip writer", () => {
  it("writes entries that a reader reads back whole, with their checksums, sizes and UTF-8 names", async () => {
    const zip = await zipped(entries());
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files)).toEqual(["mimetype", "META-INF/manifest.xml", "contenu é.xml", "brut.txt"]);
    expect(strFromU8(files["contenu é.xml"] ?? new Uint8Array())).toBe(big);
    expect(strFromU8(files["brut.txt"] ?? new Uint8Array())).toBe("sans compression");
    for (const entry of directory(zip)) {
      const content = files[entry.name] ?? new Uint8Array();
      expect(entry.crc, entry.name).toBe(crc32(content));
      expect(entry.size, entry.name).toBe(content.length);
      expect(entry.zip64).toBe(false);
    }
    // Deflated (the text repeats), and the streamed entries end with a data descriptor.
    const [mimetype, , content] = directory(zip);
    expect(content?.method).toBe(8);
    expect(content?.compressed).toBeLessThan(big.length / 4);
    expect(zip.readUInt16LE((content?.offset ?? 0) + 6) & 0x0008).toBe(8);
    // ODF: `mimetype` first, stored, its checksum and size in its own header, right after which its text begins.
    expect(mimetype).toMatchObject({ method: 0, offset: 0 });
    expect(zip.readUInt16LE(6) & 0x0008).toBe(0);
    expect(zip.readUInt32LE(14)).toBe(crc32("application/vnd.oasis.opendocument.spreadsheet"));
    expect(zip.toString("latin1", 30, 38)).toBe("mimetype");
    expect(zip.toString("latin1", 38, 38 + 46)).toBe("application/vnd.oasis.opendocument.spreadsheet");
    // DOS date and time: 2026-12-06 10:30:14.
    expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (12 << 5) | 6);
    expect(zip.readUInt16LE(10)).toBe((10 << 11) | (30 << 5) | 7);
  });

  it("writes ZIP64 sizes, offsets and end records past the 4 GiB limit (here lowered to 1,000 bytes)", async () => {
    const zip = await zipped(entries(), { zip64From: 1_000 });
    const files = unzipSync(new Uint8Array(zip));
    expect(strFromU8(files["contenu é.xml"] ?? new Uint8Array())).toBe(big);
    const read = directory(zip);
    // The large entry itself, and the one after it, whose offset is past the limit.
    expect(read.map((entry) => entry.zip64)).toEqual([false, false, true, true]);
    const content = read[2];
    // Its data descriptor has 8-byte sizes.
    const descriptor = (content?.offset ?? 0) + 30 + Buffer.byteLength("contenu é.xml") + (content?.compressed ?? 0);
    expect(zip.readUInt32LE(descriptor)).toBe(0x08074b50);
    expect(Number(zip.readBigUInt64LE(descriptor + 16))).toBe(Buffer.byteLength(big));
    for (const entry of read) expect(entry.crc, entry.name).toBe(crc32(files[entry.name] ?? new Uint8Array()));
  });

  it.each([true, false])("rejects when the destination fails, and closes the entry's source (no page read for nobody; stored: %s)", async (store) => {
    let closed = false;
    async function* endless() {
      try {
        for (;;) yield randomBytes(50_000).toString("hex");
      } finally {
        closed = true;
      }
    }
    let written = 0;
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done(written > 200_000 ? new Error("disque plein") : null);
      },
    });
    await expect(writeZip([{ name: "a.xml", content: endless(), store }], out, { level: 3 })).rejects.toThrow("disque plein");
    expect(closed).toBe(true);
  });

  it("rejects with the error of an entry's source", async () => {
    async function* failing() {
      yield "début";
      throw new Error("page illisible");
    }
    await expect(zipped([{ name: "a.xml", content: failing() }])).rejects.toThrow("page illisible");
  });
});
