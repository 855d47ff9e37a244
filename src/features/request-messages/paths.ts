/** The thread's addresses, on the applicant's side and on the agents' side. */
export const messagePaths = {
  applicant: (requestId: string) => `/demandes/${requestId}/messagerie`,
  applicantAttachment: (requestId: string, uploadId: string) => `/demandes/${requestId}/messagerie/pieces-jointes/${uploadId}`,
  agent: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}/messagerie`,
  agentNote: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}/messagerie/note`,
  agentAttachment: (slug: string, requestId: string, uploadId: string) => `/instruction/${slug}/${requestId}/messagerie/pieces-jointes/${uploadId}`,
};
