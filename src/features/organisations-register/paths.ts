/** Largest register file accepted: about 25,000 organisations at 200 bytes a line. */
export const MAX_REGISTER_FILE_MEGABYTES = 5;
export const MAX_REGISTER_FILE_BYTES = MAX_REGISTER_FILE_MEGABYTES * 1024 * 1024;

export const REGISTER_PER_PAGE = 50;

export function parsePage(raw: unknown): number {
  const page = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return page >= 1 ? page : 1;
}

/** A search as typed, without surrounding spaces and bounded, whatever the query string holds. */
export function parseSearch(raw: unknown): string {
  return typeof raw === "string" ? raw.trim().slice(0, 100) : "";
}

/** The register list's address for a search and page, leaving defaults out. */
export function registerListUrl(search: string, page = 1): string {
  const query = new URLSearchParams();
  if (search) query.set("recherche", search);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return `/administration/structures${text ? `?${text}` : ""}`;
}
