/**
 * What a file is, read from its content, never from its name or the browser's declared type
 * (both are chosen by the sender). The signatures are file-type's; on top of its answer Guichet
 * keeps refusals of its own, because file-type says what a file looks like, not whether it is
 * safe to accept:
 * - scripts with a shebang (file-type does not look at text);
 * - office archives holding a `vbaProject.bin` are programs (a macro is one), whatever their
 *   declared type; the macro-enabled variants (DOCM, XLSM) are not the accepted formats;
 * - an office document must be what it declares, read from the ZIP's central directory:
 *   OpenDocument's `mimetype` entry first and stored (OpenDocument 1.2, part 3, §3.3) with
 *   `content.xml` and `META-INF/manifest.xml`; Office Open XML's `[Content_Types].xml` and main
 *   part present (ECMA-376 part 2); no encrypted entry, since it cannot be checked;
 * - polyglots: a PDF or image whose end is a readable ZIP archive (a file that opens as a
 *   document in one program and as an archive in another) is refused.
 * file-type reads signatures at offset 0 only: a PDF reader tolerates junk before "%PDF-", but a
 * document that needs it is not one to accept.
 */
import { open } from "node:fs/promises";
import type { FileTypeResult } from "file-type";

// file-type (forty modules) is loaded with the first file checked, not at the portal's start.
const fileTypeModule = () => import("file-type");

export const FILE_TYPES = {
  pdf: { label: "PDF", mime: "application/pdf", extensions: ["pdf"] },
  jpeg: { label: "JPEG", mime: "image/jpeg", extensions: ["jpg", "jpeg"] },
  png: { label: "PNG", mime: "image/png", extensions: ["png"] },
  odt: { label: "ODT", mime: "application/vnd.oasis.opendocument.text", extensions: ["odt"] },
  ods: { label: "ODS", mime: "application/vnd.oasis.opendocument.spreadsheet", extensions: ["ods"] },
  docx: { label: "DOCX", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] },
  xlsx: { label: "XLSX", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
} as const satisfies Record<string, { label: string; mime: string; extensions: readonly string[] }>;

export type FileTypeName = keyof typeof FILE_TYPES;
export const FILE_TYPE_NAMES = Object.keys(FILE_TYPES) as FileTypeName[];

/** A document of a known type, an executable (refused whatever is accepted), or unknown. */
export type Detection = { kind: "document"; type: FileTypeName } | { kind: "executable" } | { kind: "unknown" };

/**
 * The bytes being checked: random access for the ZIP checks, and file-type's reading of the
 * whole. A file on disk, or a buffer in tests.
 */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  fileType(): Promise<FileTypeResult | undefined>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: async (position, length) => buffer.subarray(position, position + length),
    fileType: async () => (await fileTypeModule()).fileTypeFromBuffer(buffer),
  };
}

/** Runs `check` on a file on disk, open for the time of the check. */
export async function withFileSource<T>(path: string, size: number, check: (source: ByteSource) => Promise<T>): Promise<T> {
  const handle = await open(path, "r");
  try {
    return await check({
      size,
      read: async (position, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        return buffer.subarray(0, bytesRead);
      },
      fileType: async () => (await fileTypeModule()).fileTypeFromFile(path),
    });
  } finally {
    await handle.close();
  }
}

/** file-type's names for programs and packages of programs: refused whatever is accepted. */
const PROGRAMS = new Set(["exe", "elf", "macho", "class", "wasm", "swf", "apk", "jar", "xpi", "crx", "deb", "rpm", "cab", "lnk", "reg", "asar"]);
/** file-type's names for the formats Guichet accepts (APNG is a PNG with extra chunks). */
const DOCUMENTS: Record<string, FileTypeName> = { pdf: "pdf", jpg: "jpeg", png: "png", apng: "png", odt: "odt", ods: "ods", docx: "docx", xlsx: "xlsx" };
const OPEN_DOCUMENT = new Set<FileTypeName>(["odt", "ods"]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OFFICE_OPEN_XML_MAIN_PART: Partial<Record<FileTypeName, string>> = { docx: "word/document.xml", xlsx: "xl/workbook.xml" };

/** Reads what the bytes are. Never throws on hostile input: anything unreadable is "unknown". */
export async function detectFileType(source: ByteSource): Promise<Detection> {
  const head = await source.read(0, 2);
  if (head.toString("latin1") === "#!") return { kind: "executable" };
  let detected: FileTypeResult | undefined;
  try {
    detected = await source.fileType();
  } catch {
    return { kind: "unknown" };
  }
  if (!detected) return { kind: "unknown" };
  if (PROGRAMS.has(detected.ext)) return { kind: "executable" };
  const type = DOCUMENTS[detected.ext];
  try {
    if (type === "pdf" || type === "jpeg" || type === "png") return (await endsWithZipArchive(source)) ? { kind: "unknown" } : { kind: "document", type };
    if (!(await source.read(0, 4)).equals(ZIP_SIGNATURE)) return { kind: "unknown" };
    const entries = await readZipDirectory(source);
    // Before the type: a macro makes any archive a program, whatever it declares itself to be.
    if (entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name))) return { kind: "executable" };
    if (!type) return { kind: "unknown" };
    return (await isWellFormedOfficeDocument(source, entries, type)) ? { kind: "document", type } : { kind: "unknown" };
  } catch {
    return { kind: "unknown" };
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  flags: number;
}

/** Limits that keep a crafted archive from costing memory: real documents are far below. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const MAX_MIMETYPE_BYTES = 100;

async function isWellFormedOfficeDocument(source: ByteSource, entries: ZipEntry[], type: FileTypeName): Promise<boolean> {
  if (entries.some((entry) => entry.flags & 0x1)) return false; // encrypted: cannot be checked
  const names = new Set(entries.map((entry) => entry.name));
  if (OPEN_DOCUMENT.has(type)) {
    const first = entries[0];
    if (first?.name !== "mimetype" || first.method !== 0 || first.localHeaderOffset !== 0 || first.compressedSize > MAX_MIMETYPE_BYTES) return false;
    return (await readStoredEntry(source, first)).toString("latin1") === FILE_TYPES[type].mime && names.has("content.xml") && names.has("META-INF/manifest.xml");
  }
  const mainPart = OFFICE_OPEN_XML_MAIN_PART[type];
  return mainPart !== undefined && names.has("[Content_Types].xml") && names.has(mainPart);
}

interface EndOfCentralDirectory {
  count: number;
  directorySize: number;
  directoryOffset: number;
  /** Where the record itself is, in the file. */
  position: number;
}

/** The end-of-central-directory record (APPNOTE 4.3.16), searched for in the last 64 KB. */
async function findEndOfCentralDirectory(source: ByteSource): Promise<EndOfCentralDirectory | undefined> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      return { count: tail.readUInt16LE(i + 10), directorySize: tail.readUInt32LE(i + 12), directoryOffset: tail.readUInt32LE(i + 16), position: tailStart + i };
    }
  }
  return undefined;
}

/**
 * Whether a ZIP archive's central directory sits where its end record says: at its offset, or
 * just before the end record when the archive was appended to another file (unzip reads both).
 */
async function endsWithZipArchive(source: ByteSource): Promise<boolean> {
  const end = await findEndOfCentralDirectory(source);
  if (!end) return false;
  for (const position of new Set([end.directoryOffset, end.position - end.directorySize])) {
    if (position < 0 || position + 4 > source.size) continue;
    const signature = await source.read(position, 4);
    if (signature.length === 4 && signature.readUInt32LE(0) === 0x02014b50) return true;
  }
  return false;
}

/** The central directory of a ZIP archive that starts at the file's first byte. */
async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const end = await findEndOfCentralDirectory(source);
  if (!end) throw new Error("no end of central directory");
  const { count, directorySize, directoryOffset } = end;
  // ZIP64 marks these fields 0xFFFF / 0xFFFFFFFF; documents of a few megabytes never need it.
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize > MAX_DIRECTORY_BYTES) throw new Error("unsupported archive");
  if (directoryOffset + directorySize > source.size) throw new Error("directory out of bounds");
  const directory = await source.read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let position = 0;
  for (let n = 0; n < count; n++) {
    if (position + 46 > directory.length || directory.readUInt32LE(position) !== 0x02014b50) throw new Error("bad directory entry");
    const nameLength = directory.readUInt16LE(position + 28);
    const extraLength = directory.readUInt16LE(position + 30);
    const commentLength = directory.readUInt16LE(position + 32);
    entries.push({
      flags: directory.readUInt16LE(position + 8),
      method: directory.readUInt16LE(position + 10),
      compressedSize: directory.readUInt32LE(position + 20),
      uncompressedSize: directory.readUInt32LE(position + 24),
      localHeaderOffset: directory.readUInt32LE(position + 42),
      name: directory.subarray(position + 46, position + 46 + nameLength).toString("utf8"),
    });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of an entry stored without compression, as OpenDocument's `mimetype` must be. */
async function readStoredEntry(source: ByteSource, entry: ZipEntry): Promise<Buffer> {
  const header = await source.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new Error("bad local header");
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (dataStart + entry.compressedSize > source.size) throw new Error("entry out of bounds");
  return await source.read(dataStart, entry.compressedSize);
}

/** "PDF, JPEG ou PNG", for the messages that name the accepted formats. */
export function describeTypes(types: readonly FileTypeName[]): string {
  const labels = [...new Set(types)].map((type) => FILE_TYPES[type].label);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} ou ${labels.at(-1)}`;
}
