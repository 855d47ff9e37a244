/**
 * The rules of one reception desk, shared by the CSV import (one line) and the pages (one form):
 * the commune is checked against the official list with its postal code, the phone is a French
 * number, the position is both coordinates or none.
 */
import { checkPostalCode, checkPostalCodeAndCommune, findCommune } from "../../platform/french/communes.ts";
import { checkFrenchPhone } from "../../platform/french/phone.ts";

/** What a person types or a CSV line holds, as text. */
export interface DeskFields {
  name: string;
  address: string;
  postalCode: string;
  commune: string;
  openingHours: string;
  phone: string;
  services: string;
  latitude: string;
  longitude: string;
}

export const DESK_FIELDS = ["name", "address", "postalCode", "commune", "openingHours", "phone", "services", "latitude", "longitude"] as const satisfies readonly (keyof DeskFields)[];

/** A desk ready to be stored. */
export interface DeskInput {
  name: string;
  address: string;
  postalCode: string;
  communeCode: string;
  communeName: string;
  departement: string;
  openingHours: string;
  phone: string | null;
  services: string;
  latitude: number | null;
  longitude: number | null;
}

export const DESK_LIMITS = { name: 150, address: 200, openingHours: 500, services: 1000, serviceCount: 20 } as const;

export type DeskCheck = { ok: true; desk: DeskInput } | { ok: false; errors: Partial<Record<keyof DeskFields, string>> };

/** "48,8566" or "48.8566", within the range of the coordinate. */
function parseCoordinate(raw: string, max: number): number | undefined {
  const text = raw.replace(/\s/g, "").replace(",", ".");
  if (!/^[-+]?\d{1,3}(\.\d{1,10})?$/.test(text)) return undefined;
  const value = Number(text);
  return Math.abs(value) <= max ? value : undefined;
}

/** Services, one per line in the form, separated by "|" in a CSV cell: trimmed, empty ones dropped. */
export function splitServices(raw: string): string[] {
  return raw
    .split(/\r?\n|\|/)
    .map((service) => service.trim())
    .filter((service) => service !== "");
}

/** Checks every field and says each problem, keyed by field. */
export function checkDeskFields(fields: DeskFields): DeskCheck {
  const errors: Partial<Record<keyof DeskFields, string>> = {};
  const text = (key: keyof DeskFields) => fields[key].trim();

  const name = text("name");
  if (name === "") errors.name = "Saisissez le nom du guichet.";
  else if (name.length > DESK_LIMITS.name) errors.name = `Le nom est trop long : ${DESK_LIMITS.name} caractères au maximum.`;

  const address = text("address");
  if (address === "") errors.address = "Saisissez l'adresse (numéro et voie).";
  else if (address.length > DESK_LIMITS.address) errors.address = `L'adresse est trop longue : ${DESK_LIMITS.address} caractères au maximum.`;

  let commune: { code: string; name: string; departement: string } | undefined;
  const postalCode = checkPostalCode(text("postalCode"));
  const postal = postalCode.ok ? checkPostalCodeAndCommune(postalCode.value, text("commune")) : undefined;
  if (!postalCode.ok) {
    errors.postalCode = postalCode.message;
    if (text("commune") === "") errors.commune = "Saisissez la commune.";
  } else if (postal && !postal.ok) {
    errors.commune = postal.message;
  } else if (postal) {
    // Paris, Lyon and Marseille's arrondissements are searched as the whole city.
    const found = findCommune(postal.value.code);
    const city = found?.type === "arrondissement-municipal" && found.parentCode ? findCommune(found.parentCode) : found;
    if (city) commune = { code: city.code, name: city.nom, departement: city.departement };
    else errors.commune = "Cette commune est introuvable dans la liste officielle : vérifiez-la.";
  }

  const openingHours = text("openingHours");
  if (openingHours === "") errors.openingHours = "Saisissez les horaires d'ouverture, par exemple « du lundi au vendredi, de 9 h à 12 h ».";
  else if (openingHours.length > DESK_LIMITS.openingHours) errors.openingHours = `Les horaires sont trop longs : ${DESK_LIMITS.openingHours} caractères au maximum.`;

  let phone: string | null = null;
  if (text("phone") !== "") {
    const checked = checkFrenchPhone(text("phone"));
    if (checked.ok) phone = checked.value.e164;
    else errors.phone = checked.message;
  }

  const services = splitServices(fields.services);
  if (services.length > DESK_LIMITS.serviceCount) errors.services = `Indiquez ${DESK_LIMITS.serviceCount} services au plus.`;
  else if (services.join("\n").length > DESK_LIMITS.services) errors.services = `Les services sont trop longs : ${DESK_LIMITS.services} caractères au maximum.`;

  let latitude: number | null = null;
  let longitude: number | null = null;
  const latitudeText = text("latitude");
  const longitudeText = text("longitude");
  if (latitudeText !== "" || longitudeText !== "") {
    const lat = latitudeText === "" ? undefined : parseCoordinate(latitudeText, 90);
    const lon = longitudeText === "" ? undefined : parseCoordinate(longitudeText, 180);
    if (latitudeText === "") errors.latitude = "Saisissez aussi la latitude, ou laissez les deux coordonnées vides.";
    else if (lat === undefined) errors.latitude = "La latitude est un nombre décimal entre -90 et 90, par exemple 43,6045.";
    if (longitudeText === "") errors.longitude = "Saisissez aussi la longitude, ou laissez les deux coordonnées vides.";
    else if (lon === undefined) errors.longitude = "La longitude est un nombre décimal entre -180 et 180, par exemple 1,4440.";
    if (lat !== undefined && lon !== undefined) {
      latitude = lat;
      longitude = lon;
    }
  }

  if (Object.keys(errors).length > 0 || !commune) return { ok: false, errors };
  return {
    ok: true,
    desk: {
      name,
      address,
      postalCode: text("postalCode").replace(/\s/g, ""),
      communeCode: commune.code,
      communeName: commune.name,
      departement: commune.departement,
      openingHours,
      phone,
      services: services.join("\n"),
      latitude,
      longitude,
    },
  };
}
