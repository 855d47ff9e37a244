import { audit } from "../../platform/audit.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { deletePresentation, savePresentation } from "./queries.ts";

/** Sets the home page's presentation text; an empty text brings back the default sentence. */
export async function setPresentation(deps: Pick<Deps, "db" | "clock">, text: string, actor: { actorId: string; ip: string }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (text === "") await deletePresentation(trx);
    else await savePresentation(trx, text, { at: deps.clock.now(), accountId: actor.actorId });
    await audit(trx, deps.clock, { event: "portal.presentation_changed", actorId: actor.actorId, ip: actor.ip, details: { text: text === "" ? null : text } });
  });
}
