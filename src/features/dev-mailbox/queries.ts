import type { Db } from "../../platform/db/database.ts";

/** One page of the mails table, newest first, without the bodies. */
export async function listMails(db: Db, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom("mails")
      .select(["id", "toAddress", "subject", "createdAt", "sentAt", "attempts", "lastError"])
      // Mails queued within the same instant still come back in a stable order.
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db.selectFrom("mails").select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { mails: rows, total: Number(count.total) };
}

export type MailSummary = Awaited<ReturnType<typeof listMails>>["mails"][number];

/** One mail with its parts and attachments; the id must already be a valid uuid. */
export async function findMail(db: Db, id: string) {
  return db.selectFrom("mails").selectAll().where("id", "=", id).executeTakeFirst();
}

export type MailDetail = NonNullable<Awaited<ReturnType<typeof findMail>>>;
