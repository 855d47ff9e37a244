import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "../src/core/partner-api/webhook-signature.ts";

/**
 * A partner's webhook receiver for the tests: a real HTTP server in the test process that checks
 * each delivery with the documented helper (verifyWebhook). `mode` makes it answer 500 or never
 * answer (a receiver that times out).
 */
export class WebhookReceiver {
  readonly server: Server;
  received: { headers: IncomingMessage["headers"]; body: string; verification: ReturnType<typeof verifyWebhook> }[] = [];
  mode: "ok" | "error" | "hang" = "ok";
  secret = "";
  now: () => Date = () => new Date();
  private hanging: ServerResponse[] = [];
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.received.push({ headers: request.headers, body, verification: verifyWebhook(this.secret, request.headers, body, { now: this.now() }) });
        for (const wake of this.waiters.splice(0)) wake();
        if (this.mode === "hang") return void this.hanging.push(response);
        response.statusCode = this.mode === "ok" ? 204 : 500;
        response.end();
      });
    });
  }

  /** Listens on a free port of 127.0.0.1; returns the address to give the partner. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
  }

  /** Resolves once `count` deliveries have arrived (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`WebhookReceiver: ${this.received.length} of ${count} deliveries after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
