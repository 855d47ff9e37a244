import type { Clock } from "../clock.ts";
import type { Db } from "../db/database.ts";
import type { MailAttachment } from "../db/schema.ts";
import type { Jobs } from "../jobs.ts";
import { retryWhileDatabaseUnavailable } from "../db/unavailable.ts";
import { countMail } from "../metrics.ts";
import { findMail, insertMail, markMailSent, recordMailFailure } from "./queries.ts";

/** A rendered mail: both parts are produced from the same escaped template. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

/** What use cases call: the mail is stored and its sending queued in the caller's transaction. */
export interface Mailer {
  queue(db: Db, to: string, content: MailContent): Promise<void>;
}

export function createMailer(deps: { jobs: Jobs; clock: Clock }): Mailer {
  return {
    async queue(db, to, content) {
      const mailId = await insertMail(db, {
        toAddress: to,
        subject: content.subject,
        textBody: content.text,
        htmlBody: content.html,
        attachments: JSON.stringify(content.attachments ?? []),
        createdAt: deps.clock.now(),
      });
      await deps.jobs.enqueue("send-mail", { mailId }, db);
    },
  };
}

// The whole exchange must end well within the send-mail job's expiry (30 s, platform/jobs.ts):
// a job still running then is handed to another worker, which would send the mail again.
const smtpTimeouts = { dnsTimeout: 5_000, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 };

/**
 * Mails go over a few kept-open connections (nodemailer's pool), not one connection per mail: the
 * send-mail queue runs many jobs at once (platform/jobs.ts), and a new connection costs a TCP
 * handshake, a greeting, EHLO and often STARTTLS. A connection is renewed after 100 mails, as
 * many servers limit a session's messages.
 */
const smtpPool = { pool: true, maxConnections: 5, maxMessages: 100 } as const;

// How long the job keeps trying to record an acceptance while the database is unreachable.
const RECORD_ACCEPTANCE_MS = 15_000;

/**
 * The job that delivers one stored mail. Without SMTP (development), delivery means the mail is
 * readable on the development mailbox, so it is only marked sent.
 *
 * Sent once: the job may run again (a retry, or another process once a dead one's job expired),
 * so the SMTP server's acceptance is recorded (`sent_at`) right after it is given, before
 * anything else can fail, and a mail already marked sent is skipped. While the database is
 * unreachable the record is retried, and this process remembers the acceptance so that its own
 * retries only record it. What remains is a window of milliseconds: the process dying between
 * the server's acceptance and that write (or the database staying down through all the tries and
 * this process dying before it is back) sends the mail a second time.
 */
export function sendMailJob(deps: { db: Db; clock: Clock; smtpUrl: string | undefined; from: string }) {
  // nodemailer (forty modules) is loaded with the first mail, not at the portal's start.
  const smtpUrl = deps.smtpUrl;
  let pool: Promise<ReturnType<typeof import("nodemailer").createTransport>> | undefined;
  const transport = () => (smtpUrl ? (pool ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport({ url: smtpUrl, ...smtpTimeouts, ...smtpPool }))) : undefined);
  const acceptedNotRecorded = new Map<string, Date>();

  const recordAcceptance = async (mailId: string, sentAt: Date) => {
    await retryWhileDatabaseUnavailable(() => markMailSent(deps.db, mailId, sentAt), RECORD_ACCEPTANCE_MS);
    acceptedNotRecorded.delete(mailId);
  };

  return async (data: Record<string, unknown>) => {
    const mailId = String(data.mailId);
    const accepted = acceptedNotRecorded.get(mailId);
    if (accepted) return recordAcceptance(mailId, accepted);
    const mail = await findMail(deps.db, mailId);
    if (!mail || mail.sentAt) return;
    try {
      await (await transport())?.sendMail({
        from: deps.from,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.content, "base64"),
        })),
      });
    } catch (error) {
      // Not accepted: note why and let the queue retry. The note is best effort (the database may
      // be what failed); the retry is what matters.
      countMail("failed");
      await recordMailFailure(deps.db, mailId, String(error)).catch(() => {});
      throw error;
    }
    const sentAt = deps.clock.now();
    if (smtpUrl) countMail("sent");
    acceptedNotRecorded.set(mailId, sentAt);
    await recordAcceptance(mailId, sentAt);
  };
}
