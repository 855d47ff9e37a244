import type { Insertable } from "kysely";
import type { Db } from "../db/database.ts";
import type { Mail, MailsTable } from "../db/schema.ts";

/** Stores a mail to send; returns its id. */
export async function insertMail(db: Db, mail: Insertable<MailsTable>): Promise<string> {
  const row = await db.insertInto("mails").values(mail).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findMail(db: Db, id: string): Promise<Mail | undefined> {
  return db.selectFrom("mails").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Records that the SMTP server accepted the mail. Only the first acceptance counts: a mail already
 * marked sent keeps its date.
 */
export async function markMailSent(db: Db, id: string, sentAt: Date): Promise<void> {
  await db
    .updateTable("mails")
    .set((eb) => ({ sentAt, attempts: eb("attempts", "+", 1), lastError: null }))
    .where("id", "=", id)
    .where("sentAt", "is", null)
    .execute();
}

/** Records a failed attempt and why (cut to 500 characters). */
export async function recordMailFailure(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable("mails")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), lastError: error.slice(0, 500) }))
    .where("id", "=", id)
    .execute();
}
