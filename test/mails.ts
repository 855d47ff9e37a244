import type { Db } from "../src/platform/db/database.ts";

/** Mails queued for an address, newest first (route tests read them before any SMTP delivery). */
export async function mailsTo(db: Db, address: string) {
  return db.selectFrom("mails").selectAll().where("toAddress", "=", address).orderBy("createdAt", "desc").orderBy("id").execute();
}

/** The `jeton` of the first link to `path` in the newest mail to an address. */
export async function tokenFromLatestMail(db: Db, address: string, path: string): Promise<string> {
  const [mail] = await mailsTo(db, address);
  if (!mail) throw new Error(`No mail to ${address}`);
  const match = new RegExp(`${path.replace(/[/?]/g, "\\$&")}\\?jeton=([a-z2-7]+)`).exec(mail.textBody);
  if (!match?.[1]) throw new Error(`No ${path} link in "${mail.subject}"`);
  return match[1];
}
