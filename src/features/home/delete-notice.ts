import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { deleteNotice as removeNotice } from "./queries.ts";

/** Deletes a notice for good; the audit line keeps its title. */
export async function deleteNotice(deps: Pick<Deps, "db" | "clock">, id: string, actor: { actorId: string; ip: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const notice = await removeNotice(trx, id);
    if (!notice) throw new NotFoundError();
    await audit(trx, deps.clock, { event: "notice.deleted", actorId: actor.actorId, ip: actor.ip, details: { noticeId: id, title: notice.title } });
  });
}
