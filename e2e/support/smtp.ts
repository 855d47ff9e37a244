import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as the SMTP server received it, parsed. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
  receivedAt: Date;
}

export interface MailQuery {
  to?: string;
  subject?: string | RegExp;
}

/**
 * A real SMTP server in the test process: the application delivers to it over TCP through its
 * queue, exactly as it would to a production relay. It can be stopped (connections refused) or
 * made to answer "421 service not available", then brought back on the same port.
 */
export class Mailbox {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private refusing = false;
  private waiters = new Set<() => void>();

  private constructor(public port: number) {}

  /** Starts listening on 127.0.0.1, on a free port unless one is given. */
  static async start(port = 0): Promise<Mailbox> {
    const mailbox = new Mailbox(port);
    await mailbox.listen();
    return mailbox;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.server !== undefined;
  }

  private async listen() {
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: advertising STARTTLS would make nodemailer try a certificate we lack.
      disabledCommands: ["STARTTLS", "AUTH"],
      banner: "Guichet test mailbox",
      logger: false,
      onConnect: (_session, callback) => {
        if (!this.refusing) return callback();
        const error = Object.assign(new Error("Service temporairement indisponible"), { responseCode: 421 });
        callback(error);
      },
      // The portal keeps its SMTP connections open (a pool): a connection opened before refuse()
      // gets the same answer at its next mail, as from a server shutting down its service.
      onMailFrom: (_address, _session, callback) => {
        if (!this.refusing) return callback();
        callback(Object.assign(new Error("Service temporairement indisponible"), { responseCode: 421 }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.messages.push({
              to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
              receivedAt: new Date(),
            });
            for (const wake of this.waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    // Later errors (a client dropping the connection) must not crash the test process.
    server.on("error", () => {});
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: the application's connections are refused until `restart()`. */
  async stop() {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, so the configured SMTP_URL stays valid. */
  async restart() {
    if (!this.server) await this.listen();
  }

  /** Answers every new connection and every new mail with "421 service not available" until `accept()`. */
  refuse() {
    this.refusing = true;
  }

  accept() {
    this.refusing = false;
  }

  /** The messages received so far that match. */
  find(query: MailQuery = {}): ReceivedMail[] {
    return this.messages.filter((mail) => matches(mail, query));
  }

  /** Waits for the first message that matches, failing with what did arrive after `timeoutMs`. */
  async waitFor(query: MailQuery, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.find(query)[0];
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const received = this.messages.map((m) => `  - à ${m.to.join(", ")} : « ${m.subject} »`).join("\n") || "  (aucun)";
        throw new Error(`No mail ${describe(query)} within ${timeoutMs} ms. Mails received:\n${received}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  /** Forgets the messages received so far (between journeys sharing one mailbox). */
  clear() {
    this.messages.length = 0;
  }

  async close() {
    await this.stop();
  }
}

function matches(mail: ReceivedMail, query: MailQuery) {
  if (query.to && !mail.to.includes(query.to.toLowerCase())) return false;
  if (query.subject instanceof RegExp) return query.subject.test(mail.subject);
  if (typeof query.subject === "string") return mail.subject === query.subject;
  return true;
}

function describe(query: MailQuery) {
  const parts = [];
  if (query.to) parts.push(`to ${query.to}`);
  if (query.subject) parts.push(`with subject ${String(query.subject)}`);
  return parts.join(" ") || "at all";
}

/**
 * The first link in the mail's text whose path starts with `pathPrefix` (e.g. "/activer"),
 * as an absolute URL: journeys follow it as the user would click it in their mail client.
 */
export function linkIn(mail: ReceivedMail, pathPrefix: string): string {
  for (const match of mail.text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) {
    const url = new URL(match[0]);
    if (url.pathname.startsWith(pathPrefix)) return url.toString();
  }
  throw new Error(`No link to ${pathPrefix} in the mail « ${mail.subject} ». Its text:\n${mail.text}`);
}
