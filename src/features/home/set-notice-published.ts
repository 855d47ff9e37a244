import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { setNoticePublished as writePublished } from "./queries.ts";

/** Publishes or withdraws a notice (its dates still apply once published), with its audit line. */
export async function setNoticePublished(deps: Pick<Deps, "db" | "clock">, id: string, published: boolean, actor: { actorId: string; ip: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const notice = await writePublished(trx, id, published, { at: deps.clock.now(), accountId: actor.actorId });
    if (!notice) throw new NotFoundError();
    await audit(trx, deps.clock, { event: published ? "notice.published" : "notice.unpublished", actorId: actor.actorId, ip: actor.ip, details: { noticeId: id, title: notice.title } });
  });
}
