/**
 * Virus scanning of uploads through clamd, when the deployment runs one (`CLAMD_URL`). The
 * file is streamed to clamd with its INSTREAM command, so clamd needs no access to the data
 * directory and may run on another machine.
 *
 * Protocol (clamd(8)): send `zINSTREAM\0`, then chunks each prefixed by its length as a 4-byte
 * big-endian integer, then a zero length; clamd answers one line ending in `\0`:
 * `stream: OK`, `stream: <signature> FOUND`, or `… ERROR` (e.g. over its StreamMaxLength).
 */
import { createReadStream } from "node:fs";
import net from "node:net";

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** Anything that can tell whether a stored file is safe; throws when it cannot tell. */
export interface VirusScanner {
  scanFile(path: string): Promise<ScanResult>;
}

export class VirusScanUnavailableError extends Error {
  override name = "VirusScanUnavailableError";
}

export interface ClamdOptions {
  /** `tcp://host:3310`, `unix:///run/clamav/clamd.ctl`, or a socket path. */
  url: string;
  /** Whole scan, connection included; a stuck clamd must not hold a request forever. */
  timeoutMs?: number;
}

/** A scanner talking to clamd over TCP or a Unix socket. */
export function createClamdScanner(options: ClamdOptions): VirusScanner {
  const target = parseClamdUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return { scanFile: (path) => scanWithClamd(target, path, timeoutMs) };
}

type Target = { path: string } | { host: string; port: number };

function parseClamdUrl(url: string): Target {
  if (url.startsWith("/")) return { path: url };
  const parsed = new URL(url);
  if (parsed.protocol === "unix:") return { path: decodeURIComponent(parsed.pathname) };
  if (parsed.protocol === "tcp:") return { host: parsed.hostname, port: Number(parsed.port || 3310) };
  throw new Error(`CLAMD_URL must be tcp://host:port, unix:///path or a socket path (got "${url}").`);
}

function scanWithClamd(target: Target, path: string, timeoutMs: number): Promise<ScanResult> {
  return new Promise<ScanResult>((resolve, reject) => {
    const socket = "path" in target ? net.createConnection(target.path) : net.createConnection(target.port, target.host);
    const file = createReadStream(path, { highWaterMark: 64 * 1024 });
    const answer: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null, result?: ScanResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      file.destroy();
      socket.destroy();
      if (error) reject(error instanceof VirusScanUnavailableError ? error : new VirusScanUnavailableError(`clamd: ${error.message}`, { cause: error }));
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(new VirusScanUnavailableError(`clamd did not answer within ${timeoutMs} ms`)), timeoutMs);

    socket.on("error", (error) => finish(error));
    socket.on("data", (chunk) => {
      answer.push(chunk);
      const text = Buffer.concat(answer).toString("utf8");
      if (text.includes("\0")) finish(...readAnswer(text.slice(0, text.indexOf("\0"))));
    });
    socket.on("end", () => finish(...readAnswer(Buffer.concat(answer).toString("utf8").replace(/\0.*$/s, ""))));
    socket.on("connect", () => {
      socket.write("zINSTREAM\0");
      file.on("data", (chunk) => {
        const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        // Respect back-pressure: a large file must not pile up in memory when clamd is slow.
        if (!socket.write(Buffer.concat([length, data]))) {
          file.pause();
          socket.once("drain", () => file.resume());
        }
      });
      file.on("end", () => socket.write(Buffer.alloc(4)));
      file.on("error", (error) => finish(error));
    });
  });
}

function readAnswer(line: string): [Error | null, ScanResult?] {
  const reply = line.trim().replace(/^stream:\s*/, "");
  if (reply === "OK") return [null, { clean: true }];
  const found = /^(.*) FOUND$/.exec(reply);
  if (found) return [null, { clean: false, signature: found[1]! }];
  return [new VirusScanUnavailableError(`clamd answered "${reply || "nothing"}"`)];
}
