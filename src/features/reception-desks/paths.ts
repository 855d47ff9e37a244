/** Addresses of the reception desks' pages. */
export const DESKS_PATH = "/guichets-d-accueil";
export const ADMIN_DESKS_PATH = "/administration/guichets-d-accueil";
export const MAX_DESKS_FILE_MEGABYTES = 2;
export const MAX_DESKS_FILE_BYTES = MAX_DESKS_FILE_MEGABYTES * 1024 * 1024;

export const searchUrl = (query: { q?: string; commune?: string }) => {
  const parameters = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `${DESKS_PATH}?${parameters.toString()}`;
};

/** "+33561000000" → "05 61 00 00 00"; overseas numbers keep their national 0. */
export function nationalPhone(e164: string): string {
  const national = e164.replace(/^\+(33|262|590|594|596)/, "0");
  return national.replace(/(\d{2})(?=\d)/g, "$1 ");
}

/** "à 12 km", "à moins de 1 km". */
export function distanceText(km: number): string {
  if (km < 1) return "à moins de 1 km";
  return `à ${Math.round(km).toLocaleString("fr-FR")} km`;
}
