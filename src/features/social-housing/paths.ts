/** The addresses of the social housing pages. */
export const ELIGIBILITY_PATH = "/suis-je-eligible";
export const OFFERS_PATH = "/offres-par-commune";
export const ADMIN_PATH = "/administration/logement-social";
export const ADMIN_CEILINGS_PATH = `${ADMIN_PATH}/plafonds`;
export const ADMIN_STOCK_PATH = `${ADMIN_PATH}/parc`;
/** The housing demo procedure's public page (procedures/logement-social.json). */
export const FILE_REQUEST_PATH = "/demarches/logement-social";

/** The offers of one commune (by INSEE code) or of a search as typed. */
export function offersUrl(search: string): string {
  return `${OFFERS_PATH}?${new URLSearchParams({ commune: search }).toString()}`;
}

/** A housing table file is small: 36,000 communes at 60 bytes a line stay under 3 MB. */
export const MAX_TABLE_FILE_MEGABYTES = 3;
export const MAX_TABLE_FILE_BYTES = MAX_TABLE_FILE_MEGABYTES * 1024 * 1024;

/** The year in Paris of an instant (1 January starts at 23:00 UTC). */
export function parisYear(date: Date): number {
  return Number(new Intl.DateTimeFormat("fr-FR", { year: "numeric", timeZone: "Europe/Paris" }).format(date));
}
