/** The addresses of the contact pages, built in one place. */
export const questionPaths = {
  contact: "/contact",
  sent: (reference: string) => `/contact/envoye?reference=${encodeURIComponent(reference)}`,
  mine: (id: string) => `/mes-questions/${id}`,
  queue: "/support",
  support: (id: string) => `/support/questions/${id}`,
  admin: "/administration/support",
};
