/** The addresses of the payments' pages. */
export const paymentPaths = {
  agentRequest: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}`,
  grant: (slug: string, requestId: string) => `/instruction/${slug}/${requestId}/versements`,
  order: (slug: string, requestId: string, paymentId: string) => `/instruction/${slug}/${requestId}/versements/${paymentId}/mandater`,
  pay: (slug: string, requestId: string, paymentId: string) => `/instruction/${slug}/${requestId}/versements/${paymentId}/payer`,
  agentFile: (slug: string, requestId: string, uploadId: string) => `/instruction/${slug}/${requestId}/pieces/${uploadId}`,
  request: (requestId: string) => `/demandes/${requestId}`,
  ask: (requestId: string, paymentId: string) => `/demandes/${requestId}/versements/${paymentId}`,
};
