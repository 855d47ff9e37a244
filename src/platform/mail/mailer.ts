import nodemailer from "nodemailer";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/database.ts";
import type { MailAttachment } from "../db/schema.ts";
import type { Jobs } from "../jobs.ts";

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
      const mail = await db
        .insertInto("mails")
        .values({
          toAddress: to,
          subject: content.subject,
          textBody: content.text,
          htmlBody: content.html,
          attachments: JSON.stringify(content.attachments ?? []),
          createdAt: deps.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await deps.jobs.enqueue("send-mail", { mailId: mail.id }, db);
    },
  };
}

/**
 * The job that delivers one stored mail. Without SMTP (development), delivery means the mail is
 * readable on the development mailbox, so it is only marked sent.
 */
export function sendMailJob(deps: { db: Db; clock: Clock; smtpUrl: string | undefined; from: string }) {
  const transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : undefined;
  return async (data: Record<string, unknown>) => {
    const mailId = String(data.mailId);
    const mail = await deps.db.selectFrom("mails").selectAll().where("id", "=", mailId).executeTakeFirst();
    if (!mail || mail.sentAt) return;
    try {
      if (transport) {
        await transport.sendMail({
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
      }
      await deps.db
        .updateTable("mails")
        .set({ sentAt: deps.clock.now(), attempts: mail.attempts + 1, lastError: null })
        .where("id", "=", mailId)
        .execute();
    } catch (error) {
      await deps.db
        .updateTable("mails")
        .set({ attempts: mail.attempts + 1, lastError: String(error).slice(0, 500) })
        .where("id", "=", mailId)
        .execute();
      throw error;
    }
  };
}
