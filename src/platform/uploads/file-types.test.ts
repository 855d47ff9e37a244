import { describe, expect, it } from "vitest";
import { bufferSource, describeTypes, detectFileType } from "./file-types.ts";
import {
  buildDocm,
  buildDocx,
  buildDocxWithMacros,
  buildJpegHeader,
  buildOdt,
  buildPdf,
  buildPng,
  buildWindowsExecutable,
  buildZip,
  readLinuxExecutable,
} from "./test-files.ts";

const detect = (buffer: Buffer) => detectFileType(bufferSource(buffer));

describe("the type of a file", () => {
  it("is read from the content of real documents", async () => {
    expect(await detect(await buildPdf())).toEqual({ kind: "document", type: "pdf" });
    expect(await detect(buildPng())).toEqual({ kind: "document", type: "png" });
    expect(await detect(buildJpegHeader())).toEqual({ kind: "document", type: "jpeg" });
    expect(await detect(buildDocx())).toEqual({ kind: "document", type: "docx" });
    expect(await detect(buildOdt())).toEqual({ kind: "document", type: "odt" });
    expect(await detect(buildOdt("application/vnd.oasis.opendocument.spreadsheet"))).toEqual({ kind: "document", type: "ods" });
  });

  it("recognises programs whatever their name: Windows, Linux, scripts, macOS", async () => {
    const linux = readLinuxExecutable();
    expect(linux.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
    expect(await detect(linux)).toEqual({ kind: "executable" });
    expect(await detect(buildWindowsExecutable())).toEqual({ kind: "executable" });
    expect(await detect(Buffer.from("#!/bin/sh\nrm -rf ~\n"))).toEqual({ kind: "executable" });
    expect(await detect(Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]))).toEqual({ kind: "executable" });
  });

  it("treats office documents carrying macros as programs", async () => {
    expect(await detect(buildDocxWithMacros())).toEqual({ kind: "executable" });
    // A DOCM renamed .docx declares the macro-enabled type: not a DOCX.
    expect(await detect(buildDocm())).toEqual({ kind: "unknown" });
  });

  it("does not take any ZIP for an office document", async () => {
    expect(await detect(buildZip([{ name: "notes.txt", content: "bonjour" }]))).toEqual({ kind: "unknown" });
    // The right file names, but no declaration of the main part.
    expect(await detect(buildZip([{ name: "[Content_Types].xml", content: "<Types/>" }, { name: "word/document.xml", content: "<w:document/>" }]))).toEqual({ kind: "unknown" });
    // A mimetype entry that is not first, or names another format.
    expect(await detect(buildZip([{ name: "content.xml", content: "<x/>" }, { name: "mimetype", content: "application/vnd.oasis.opendocument.text", stored: true }]))).toEqual({ kind: "unknown" });
    expect(await detect(buildOdt("application/epub+zip"))).toEqual({ kind: "unknown" });
  });

  it("refuses polyglots: a PDF or an image that is also a ZIP archive", async () => {
    const archive = buildZip([{ name: "payload.txt", content: "bonjour" }]);
    expect(await detect(Buffer.concat([buildPng(), archive]))).toEqual({ kind: "unknown" });
    expect(await detect(Buffer.concat([await buildPdf(), archive]))).toEqual({ kind: "unknown" });
    // The same documents without the archive are accepted: the refusal is the appended ZIP.
    expect(await detect(Buffer.concat([buildPng(), Buffer.from("PK\x05\x06 looks like an end record", "latin1")]))).toEqual({ kind: "document", type: "png" });
  });

  it("refuses other programs file-type recognises: a Java archive, WebAssembly", async () => {
    expect(await detect(buildZip([{ name: "META-INF/MANIFEST.MF", content: "Main-Class: Evil\n" }]))).toEqual({ kind: "executable" });
    expect(await detect(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))).toEqual({ kind: "executable" });
  });

  it("is unknown for truncated or damaged archives, without throwing", async () => {
    const docx = buildDocx();
    expect(await detect(docx.subarray(0, docx.length - 10))).toEqual({ kind: "unknown" });
    const corrupted = Buffer.from(docx);
    corrupted.writeUInt32LE(0xffffff00, corrupted.length - 6); // directory offset far outside the file
    expect(await detect(corrupted)).toEqual({ kind: "unknown" });
    expect(await detect(Buffer.from("PK\x03\x04", "latin1"))).toEqual({ kind: "unknown" });
  });

  it("is unknown for text, HTML, SVG, and a PDF signature not at the start", async () => {
    for (const text of ["Bonjour", "<html><script>alert(1)</script></html>", "<svg xmlns='http://www.w3.org/2000/svg'/>", " %PDF-1.7"]) {
      expect(await detect(Buffer.from(text)), text).toEqual({ kind: "unknown" });
    }
  });
});

describe("the accepted formats", () => {
  it("are named as a French list", () => {
    expect(describeTypes(["pdf"])).toBe("PDF");
    expect(describeTypes(["pdf", "png"])).toBe("PDF ou PNG");
    expect(describeTypes(["pdf", "jpeg", "png", "jpeg"])).toBe("PDF, JPEG ou PNG");
  });
});
