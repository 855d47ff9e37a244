import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { noticeFields, type NoticeForm } from "./notice-form.ts";
import { insertNotice } from "./queries.ts";

/** Writes a new notice of the home page (published at once when asked), with its audit line. */
export async function createNotice(deps: Pick<Deps, "db" | "clock">, form: NoticeForm, actor: { actorId: string; ip: string }): Promise<{ id: string }> {
  const fields = noticeFields(form);
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const notice = await insertNotice(trx, fields, { at, accountId: actor.actorId });
    await audit(trx, deps.clock, { event: "notice.created", actorId: actor.actorId, ip: actor.ip, details: { noticeId: notice.id, title: fields.title, published: fields.published } });
    return notice;
  });
}
