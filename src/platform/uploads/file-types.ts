/**
 * What a file is, read from its content, never from its name or the browser's declared type
 * (both are chosen by the sender). Signatures are checked at offset 0 only: a PDF reader
 * tolerates junk before "%PDF-", but a document that needs it is not one to accept.
 *
 * Office formats are ZIP archives, so "PK" says nothing: the archive's directory is read.
 * - OpenDocument (ODT, ODS): the first entry is `mimetype`, stored uncompressed, holding the
 *   document's media type (OpenDocument 1.2, part 3, §3.3).
 * - Office Open XML (DOCX, XLSX): `[Content_Types].xml` declares the main part's content type
 *   (ECMA-376 part 2). The macro-enabled variants (DOCM, XLSM) declare another type, and any
 *   archive holding a `vbaProject.bin` is refused: a macro is a program.
 * Any ZIP that does not read as one of these (a plain archive, a JAR, a damaged file) is refused.
 */
import { inflateRawSync } from "node:zlib";

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

/** Random access to the bytes being checked: a file on disk, or a buffer in tests. */
export interface ByteSource {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return { size: buffer.length, read: async (position, length) => buffer.subarray(position, position + length) };
}

const starts = (head: Buffer, bytes: readonly number[] | string, offset = 0) => {
  const expected = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : Buffer.from(bytes);
  return head.length >= offset + expected.length && head.subarray(offset, offset + expected.length).equals(expected);
};

/** Windows PE/DOS, ELF, Mach-O (thin and fat, which Java class files share), scripts with a shebang. */
function isExecutable(head: Buffer): boolean {
  return (
    starts(head, "MZ") ||
    starts(head, [0x7f, 0x45, 0x4c, 0x46]) ||
    starts(head, "#!") ||
    [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xce, 0xfa, 0xed, 0xfe],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe],
    ].some((magic) => starts(head, magic))
  );
}

/** Reads what the bytes are. Never throws on hostile input: anything unreadable is "unknown". */
export async function detectFileType(source: ByteSource): Promise<Detection> {
  const head = await source.read(0, Math.min(source.size, 64));
  if (isExecutable(head)) return { kind: "executable" };
  if (starts(head, "%PDF-")) return { kind: "document", type: "pdf" };
  // PNG: 8-byte signature, then the IHDR chunk, always first (PNG specification §5.6).
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && starts(head, "IHDR", 12)) return { kind: "document", type: "png" };
  // JPEG: start of image, then a marker.
  if (starts(head, [0xff, 0xd8, 0xff])) return { kind: "document", type: "jpeg" };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    try {
      return await detectZipDocument(source);
    } catch {
      return { kind: "unknown" };
    }
  }
  return { kind: "unknown" };
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  flags: number;
}

const OPEN_DOCUMENT = { "application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods" } as const;
const OFFICE_OPEN_XML = [
  { type: "docx", part: "word/document.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" },
  { type: "xlsx", part: "xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" },
] as const;
/** Limits that keep a crafted archive from costing memory: real documents are far below. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

async function detectZipDocument(source: ByteSource): Promise<Detection> {
  const entries = await readZipDirectory(source);
  if (entries.some((entry) => entry.flags & 0x1)) return { kind: "unknown" }; // encrypted: cannot be checked
  if (entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name))) return { kind: "executable" };

  const first = entries[0];
  if (first?.name === "mimetype" && first.method === 0 && first.localHeaderOffset === 0 && first.compressedSize <= 100) {
    const mime = (await readEntry(source, first)).toString("latin1");
    const type = OPEN_DOCUMENT[mime as keyof typeof OPEN_DOCUMENT];
    const names = new Set(entries.map((entry) => entry.name));
    if (type && names.has("content.xml") && names.has("META-INF/manifest.xml")) return { kind: "document", type };
    return { kind: "unknown" };
  }

  const contentTypes = entries.find((entry) => entry.name === "[Content_Types].xml");
  if (!contentTypes || contentTypes.uncompressedSize > MAX_CONTENT_TYPES_BYTES) return { kind: "unknown" };
  const declared = (await readEntry(source, contentTypes)).toString("utf8");
  for (const format of OFFICE_OPEN_XML) {
    const mainPart = new RegExp(`PartName="/${format.part.replace(/[./]/g, "\\$&")}"\\s+ContentType="([^"]+)"|ContentType="([^"]+)"\\s+PartName="/${format.part.replace(/[./]/g, "\\$&")}"`);
    const match = mainPart.exec(declared);
    const contentType = match?.[1] ?? match?.[2];
    if (contentType === format.contentType && entries.some((entry) => entry.name === format.part)) return { kind: "document", type: format.type };
  }
  return { kind: "unknown" };
}

/** The central directory, found through the end-of-central-directory record (APPNOTE 4.3.16). */
async function readZipDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("no end of central directory");
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
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

async function readEntry(source: ByteSource, entry: ZipEntry): Promise<Buffer> {
  const header = await source.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new Error("bad local header");
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (dataStart + entry.compressedSize > source.size) throw new Error("entry out of bounds");
  const data = await source.read(dataStart, entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: MAX_CONTENT_TYPES_BYTES });
  throw new Error("unsupported compression");
}

/** "PDF, JPEG ou PNG", for the messages that name the accepted formats. */
export function describeTypes(types: readonly FileTypeName[]): string {
  const labels = [...new Set(types)].map((type) => FILE_TYPES[type].label);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} ou ${labels.at(-1)}`;
}
