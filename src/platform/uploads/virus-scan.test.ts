import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../clock.ts";
import { buildPdf, EICAR } from "./test-files.ts";
import { storeUpload, uploadsDirectory, type UploadDeps } from "./uploads.ts";
import { createTestApp } from "../../../test/app.ts";
import { ConfigError, readConfig } from "../config.ts";
import { createClamdScanner, VirusScanUnavailableError } from "./virus-scan.ts";

// The real clamd of the Debian package clamav-daemon, started for these tests with one
// signature of our own (the EICAR test string), since the official databases need a download.
const CLAMD = "/usr/sbin/clamd";
const MEGABYTE = 1024 * 1024;

describe.skipIf(!existsSync(CLAMD))("virus scanning with clamd", () => {
  let directory: string;
  let socket: string;
  let clamd: ChildProcess;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "guichet-clamd-"));
    socket = path.join(directory, "clamd.sock");
    await mkdir(path.join(directory, "db"));
    await writeFile(path.join(directory, "db", "guichet.ndb"), `Guichet.Test.Eicar:0:*:${Buffer.from(EICAR, "latin1").toString("hex")}\n`);
    await writeFile(
      path.join(directory, "clamd.conf"),
      [`DatabaseDirectory ${directory}/db`, `LocalSocket ${socket}`, "Foreground yes", `LogFile ${directory}/clamd.log`, "StreamMaxLength 1M", ""].join("\n"),
    );
    clamd = spawn(CLAMD, ["-c", path.join(directory, "clamd.conf")], { stdio: "ignore" });
    for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!existsSync(socket)) throw new Error("clamd did not start");
  });

  afterAll(async () => {
    clamd?.kill();
    for (const dir of [directory, ...dataDirs]) await rm(dir, { recursive: true, force: true });
  });

  async function depsWith(url: string): Promise<UploadDeps> {
    const dataDir = await mkdtemp(path.join(tmpdir(), "guichet-uploads-"));
    dataDirs.push(dataDir);
    return { config: { dataDir }, clock: fixedClock(), scanner: createClamdScanner({ url }) };
  }

  it("keeps a clean document", async () => {
    const deps = await depsWith(`unix://${socket}`);
    const result = await storeUpload(deps, { content: await buildPdf(), declaredName: "avis.pdf", accepted: ["pdf"], maxBytes: MEGABYTE });
    expect(result.ok).toBe(true);
  });

  it("refuses an infected document and keeps nothing of it", async () => {
    const deps = await depsWith(socket);
    const pdf = await buildPdf();
    // A PDF carrying the test signature after its end: a valid type, an infected content.
    const infected = Buffer.concat([pdf, Buffer.from(`\n${EICAR}\n`, "latin1")]);
    expect(await createClamdScanner({ url: socket }).scanFile(await writeTemporary(infected))).toEqual({ clean: false, signature: "Guichet.Test.Eicar.UNOFFICIAL" });
    expect(await storeUpload(deps, { content: infected, declaredName: "avis.pdf", accepted: ["pdf"], maxBytes: MEGABYTE })).toEqual({
      ok: false,
      reason: "infected",
      message: "Ce fichier contient un virus ou un programme malveillant : il a été refusé.",
    });
    const left = await readdir(uploadsDirectory(deps), { recursive: true, withFileTypes: true });
    expect(left.filter((entry) => entry.isFile())).toEqual([]);
  });

  it("refuses to keep a file clamd could not scan (over its stream limit)", async () => {
    const deps = await depsWith(socket);
    const pdf = await buildPdf();
    const big = Buffer.concat([pdf, Buffer.alloc(2 * MEGABYTE, 0x20)]);
    await expect(createClamdScanner({ url: socket }).scanFile(await writeTemporary(big))).rejects.toThrow(VirusScanUnavailableError);
    const result = await storeUpload(deps, { content: big, declaredName: "gros.pdf", accepted: ["pdf"], maxBytes: 5 * MEGABYTE });
    expect(result.ok ? undefined : result.reason).toBe("scan-unavailable");
  });

  it("refuses uploads while clamd is unreachable, rather than keep them unscanned", async () => {
    const deps = await depsWith(path.join(directory, "absent.sock"));
    expect(await storeUpload(deps, { content: await buildPdf(), declaredName: "avis.pdf", accepted: ["pdf"], maxBytes: MEGABYTE })).toEqual({
      ok: false,
      reason: "scan-unavailable",
      message: "L'analyse antivirus du fichier n'a pas pu être faite : réessayez dans quelques minutes.",
    });
  });

  it("is wired from CLAMD_URL: the portal's uploads are scanned", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "guichet-uploads-"));
    dataDirs.push(dataDir);
    const t = await createTestApp({ env: { CLAMD_URL: socket, DATA_DIR: dataDir } });
    try {
      const infected = Buffer.concat([await buildPdf(), Buffer.from(`\n${EICAR}\n`, "latin1")]);
      const result = await storeUpload(t.deps, { content: infected, declaredName: "avis.pdf", accepted: ["pdf"], maxBytes: MEGABYTE });
      expect(result.ok ? undefined : result.reason).toBe("infected");
    } finally {
      await t.close();
    }
  });

  async function writeTemporary(content: Buffer): Promise<string> {
    const file = path.join(directory, `sample-${Math.random().toString(36).slice(2)}`);
    await writeFile(file, content);
    return file;
  }
});

describe("the clamd setting", () => {
  it("is optional: no CLAMD_URL, no scanning", () => {
    expect(readConfig({}).clamdUrl).toBeUndefined();
    for (const url of ["tcp://127.0.0.1:3310", "unix:///run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"]) expect(readConfig({ CLAMD_URL: url }).clamdUrl).toBe(url);
  });

  it("is refused when it is neither tcp://, unix:// nor a socket path", () => {
    expect(() => readConfig({ CLAMD_URL: "http://clamd:3310" })).toThrow(ConfigError);
    expect(() => readConfig({ CLAMD_URL: "clamd:3310" })).toThrow(/CLAMD_URL/);
    expect(() => createClamdScanner({ url: "http://clamd:3310" })).toThrow(/CLAMD_URL/);
  });
});
