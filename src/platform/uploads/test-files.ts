/**
 * Real files built for the tests: a PDF from pdfkit, a PNG with valid chunks and checksums, and
 * ZIP archives written by hand (local headers, central directory, CRC-32) so that office
 * documents and impostors can be made without a dependency.
 */
import { readFileSync } from "node:fs";
import { crc32, deflateRawSync, deflateSync } from "node:zlib";
import PDFDocument from "pdfkit";

export function buildPdf(text = "Avis d'imposition 2025"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: "A4", info: { Title: text } });
    const chunks: Buffer[] = [];
    document.on("data", (chunk: Buffer) => chunks.push(chunk));
    document.on("end", () => resolve(Buffer.concat(chunks)));
    document.on("error", reject);
    document.text(text);
    document.end();
  });
}

/** A 1 × 1 white pixel, every chunk with its CRC. */
export function buildPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour
  // One scanline: filter byte 0, then red, green, blue.
  const zlibStream = deflateSync(Buffer.from([0, 255, 255, 255]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibStream),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The start of a JFIF photo: SOI, APP0 "JFIF", then filler. */
export function buildJpegHeader(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from("JFIF\0", "latin1"),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.alloc(200, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A DOS/Windows program: "MZ", then the offset of the PE header. */
export function buildWindowsExecutable(): Buffer {
  const file = Buffer.alloc(512);
  file.write("MZ", 0, "latin1");
  file.writeUInt32LE(0x80, 0x3c);
  file.write("PE\0\0", 0x80, "latin1");
  return file;
}

/** A real Linux program from this machine. */
export function readLinuxExecutable(): Buffer {
  return readFileSync(process.execPath).subarray(0, 64 * 1024);
}

export interface ZipEntryInput {
  name: string;
  content: string | Buffer;
  /** Stored as is (method 0) instead of deflated. */
  stored?: boolean;
}

export function buildZip(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content, "utf8");
    const data = entry.stored ? content : deflateRawSync(content);
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.stored ? 0 : 8;
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml";

function contentTypes(mainType: string) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="${mainType}"/>
</Types>`;
}

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
const DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Rapport d'activité</w:t></w:r></w:p></w:body></w:document>`;

/** A minimal Word document, as Word writes its parts. */
export function buildDocx(): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", content: contentTypes(WORD_MAIN) },
    { name: "_rels/.rels", content: RELS },
    { name: "word/document.xml", content: DOCUMENT },
  ]);
}

/** A macro-enabled Word document (DOCM), renamed or not. */
export function buildDocm(): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", content: contentTypes(WORD_MACRO_MAIN) },
    { name: "_rels/.rels", content: RELS },
    { name: "word/document.xml", content: DOCUMENT },
  ]);
}

/** A DOCX whose parts claim the normal type but which carries a VBA project. */
export function buildDocxWithMacros(): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", content: contentTypes(WORD_MAIN) },
    { name: "_rels/.rels", content: RELS },
    { name: "word/document.xml", content: DOCUMENT },
    { name: "word/vbaProject.bin", content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) },
  ]);
}

/** A minimal OpenDocument text, `mimetype` first and stored, as LibreOffice writes it. */
export function buildOdt(mimetype = "application/vnd.oasis.opendocument.text"): Buffer {
  return buildZip([
    { name: "mimetype", content: mimetype, stored: true },
    { name: "content.xml", content: `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>` },
    { name: "META-INF/manifest.xml", content: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>` },
  ]);
}

/** An EICAR test file, which every antivirus reports without any danger. */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
