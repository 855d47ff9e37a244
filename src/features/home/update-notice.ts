import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { noticeFields, type NoticeForm } from "./notice-form.ts";
import { updateNotice as writeNotice } from "./queries.ts";

/** Rewrites a notice with what the admin typed, with its audit line; a notice deleted meanwhile is a 404. */
export async function updateNotice(deps: Pick<Deps, "db" | "clock">, id: string, form: NoticeForm, actor: { actorId: string; ip: string }): Promise<void> {
  const fields = noticeFields(form);
  await deps.db.transaction().execute(async (trx) => {
    const updated = await writeNotice(trx, id, fields, { at: deps.clock.now(), accountId: actor.actorId });
    if (!updated) throw new NotFoundError();
    await audit(trx, deps.clock, { event: "notice.updated", actorId: actor.actorId, ip: actor.ip, details: { noticeId: id, title: fields.title, published: fields.published } });
  });
}
