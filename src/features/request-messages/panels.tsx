import { countVisibleMessages } from "../../core/requests/queries/messages.ts";
import type { RequestStatus } from "../../platform/db/schema.ts";
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

/** "Messagerie et notes internes" on the agent's request page. */
export const agentMessagesLink: Panel<{ procedure: { slug: string }; request: { id: string } }> = async (_db, { procedure, request }) => () => (
  <AgentMessagesLink slug={procedure.slug} requestId={request.id} />
);
