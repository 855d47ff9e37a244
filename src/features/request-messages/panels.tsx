import { countVisibleMessages } from "../../core/requests/queries/messages.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
import type { Db } from "../../platform/db/database.ts";
import type { ListPanel, Panel } from "../../ui/panels.ts";
import { AgentMessagesLink, ApplicantMessagesLink } from "./views.tsx";

type ApplicantRequest = { id: string; status: RequestStatus };

/** "Messagerie (2 messages)" among the actions of each request of "Mes demandes" (one count query for the list). */
export const applicantMessagesListLink: ListPanel<ApplicantRequest> = async (db, requests) => {
  const counts = await countVisibleMessages(db, requests.map((request) => request.id));
  return (_ctx, request) => <ApplicantMessagesLink request={request} count={counts.get(request.id) ?? 0} />;
};

/** "Messagerie" among the actions of a filed request's own page. */
export const applicantMessagesLink: Panel<ApplicantRequest> = async (_db, request) => () => <ApplicantMessagesLink request={request} />;

/** "Messagerie" on the agent's request page: the count of messages and the link to the thread and the internal notes. */
export const agentMessagesSection = {
  id: "messages",
  title: "Messagerie",
  load: async (db: Db, { procedure, request }: { procedure: { slug: string }; request: { id: string } }) => {
    const count = (await countVisibleMessages(db, [request.id])).get(request.id) ?? 0;
    return () => <AgentMessagesLink slug={procedure.slug} requestId={request.id} count={count} />;
  },
};
