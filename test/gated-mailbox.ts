import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

interface Gate {
  arrived: Promise<void>;
  /** Lets the held exchange go on, or answers it with this error (an SMTP refusal). */
  release(refusal?: Error): void;
}

function gate(): Gate & { arrive(): void; released: Promise<Error | undefined> } {
  let arrive = () => {};
  let release: (refusal?: Error) => void = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<Error | undefined>((resolve) => (release = resolve));
  return { arrived, arrive, released, release };
}

/**
 * A real SMTP server on 127.0.0.1 whose next exchange a test can hold at a chosen point: before
 * its greeting (the sender waits, the mail is not accepted) or just before answering "250
 * accepted" to a message. Only accepted messages are kept.
 */
export class GatedMailbox {
  /** Subjects of the messages accepted (answered 250), in order. */
  readonly accepted: string[] = [];
  private heldConnection: ReturnType<typeof gate> | undefined;
  private heldMessage: ReturnType<typeof gate> | undefined;
  private waiters = new Set<() => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<GatedMailbox> {
    // The server's callbacks need the mailbox, which needs the server's port: built in two steps.
    const self: { mailbox?: GatedMailbox } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onConnect: (_session, callback) => {
        const mailbox = self.mailbox as GatedMailbox;
        const held = mailbox.heldConnection;
        if (!held) return callback();
        mailbox.heldConnection = undefined;
        held.arrive();
        void held.released.then((refusal) => callback(refusal));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            const mailbox = self.mailbox as GatedMailbox;
            const held = mailbox.heldMessage;
            if (held) {
              mailbox.heldMessage = undefined;
              held.arrive();
              const refusal = await held.released;
              if (refusal) return callback(refusal);
            }
            mailbox.accepted.push(parsed.subject ?? "");
            for (const wake of mailbox.waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    // A sender killed mid-exchange drops its connection: not an error of the test.
    server.on("error", () => {});
    self.mailbox = new GatedMailbox(server, (server.server.address() as AddressInfo).port);
    return self.mailbox;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next connection gets no greeting until released: its sender waits, holding its mail. */
  holdNextConnection(): Gate {
    this.heldConnection = gate();
    return this.heldConnection;
  }

  /** The next message is received in full, then answered only once released: accepted, or refused with the error given. */
  holdNextMessage(): Gate {
    this.heldMessage = gate();
    return this.heldMessage;
  }

  /** Resolves once `count` messages have been accepted; fails after `timeoutMs`. */
  async waitForAccepted(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.accepted.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`${this.accepted.length} message(s) accepted within ${timeoutMs} ms, ${count} expected`);
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

  async close() {
    this.heldConnection?.release();
    this.heldMessage?.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
