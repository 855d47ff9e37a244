/**
 * Demonstration reception desks: fifteen plausible desks in four départements (Haute-Garonne,
 * Gironde, Seine-Saint-Denis, Rhône), marked as demonstration data. Their communes are real and
 * their positions near the communes' centres; their addresses and phone numbers are fictitious
 * (the numbers are in the ranges ARCEP keeps for fiction). Loaded only into an empty list, so a
 * restart, or desks loaded by an admin, are left as they are.
 */
import type { Clock } from "../platform/clock.ts";
import type { Db } from "../platform/db/database.ts";
import { checkDeskFields, type DeskFields, type DeskInput } from "../features/reception-desks/desk-input.ts";
import { countDesks, insertDesks } from "../features/reception-desks/queries.ts";

const weekdays = "du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h";
const mornings = "du lundi au vendredi, de 8 h 30 à 12 h 30 ; le jeudi après-midi sur rendez-vous";
const common = "Aide aux démarches en ligne|Dépôt et suivi des demandes de logement social|Accès à un ordinateur et à un scanner";

type DemoDesk = Omit<DeskFields, "services" | "openingHours" | "phone"> & { services?: string; openingHours?: string; phone?: string };

export const demoDesks: DemoDesk[] = [
  { name: "Guichet d'accueil de Toulouse Capitole", address: "12 rue de la Démonstration", postalCode: "31000", commune: "Toulouse", phone: "05 36 49 00 01", latitude: "43.6045", longitude: "1.4440" },
  { name: "Guichet d'accueil de Blagnac", address: "3 place des Essais", postalCode: "31700", commune: "Blagnac", phone: "05 36 49 00 02", latitude: "43.6370", longitude: "1.3900" },
  { name: "Maison des services de Muret", address: "8 avenue Fictive", postalCode: "31600", commune: "Muret", phone: "05 36 49 00 03", latitude: "43.4615", longitude: "1.3267", openingHours: mornings },
  { name: "Maison des services de Villefranche-de-Lauragais", address: "1 rue de l'Exemple", postalCode: "31290", commune: "Villefranche-de-Lauragais", phone: "05 36 49 00 04", latitude: "43.4000", longitude: "1.7170", openingHours: mornings },
  { name: "Guichet d'accueil de Saint-Gaudens", address: "5 boulevard du Modèle", postalCode: "31800", commune: "Saint-Gaudens", phone: "05 36 49 00 05", latitude: "43.1081", longitude: "0.7233" },
  { name: "Guichet d'accueil de Bordeaux centre", address: "20 cours de la Démonstration", postalCode: "33000", commune: "Bordeaux", phone: "05 36 49 00 11", latitude: "44.8378", longitude: "-0.5792" },
  { name: "Guichet d'accueil de Mérignac", address: "2 rue des Essais", postalCode: "33700", commune: "Mérignac", phone: "05 36 49 00 12", latitude: "44.8386", longitude: "-0.6436" },
  { name: "Maison des services de Libourne", address: "14 quai Fictif", postalCode: "33500", commune: "Libourne", phone: "05 36 49 00 13", latitude: "44.9153", longitude: "-0.2440", openingHours: mornings },
  { name: "Maison des services d'Arcachon", address: "6 allée de l'Exemple", postalCode: "33120", commune: "Arcachon", latitude: "44.6586", longitude: "-1.1689", openingHours: mornings },
  { name: "Guichet d'accueil de Saint-Denis", address: "9 rue de la Démonstration", postalCode: "93200", commune: "Saint-Denis", phone: "01 99 00 00 21", latitude: "48.9362", longitude: "2.3574" },
  { name: "Guichet d'accueil de Montreuil", address: "31 avenue des Essais", postalCode: "93100", commune: "Montreuil", phone: "01 99 00 00 22", latitude: "48.8638", longitude: "2.4485" },
  { name: "Guichet d'accueil de Bobigny", address: "4 place Fictive", postalCode: "93000", commune: "Bobigny", phone: "01 99 00 00 23", latitude: "48.9077", longitude: "2.4397", services: "Aide aux démarches en ligne|Accueil sur rendez-vous" },
  { name: "Guichet d'accueil de Lyon Part-Dieu", address: "18 rue du Modèle", postalCode: "69003", commune: "Lyon", phone: "04 65 71 00 31", latitude: "45.7597", longitude: "4.8422" },
  { name: "Guichet d'accueil de Villeurbanne", address: "7 cours de l'Exemple", postalCode: "69100", commune: "Villeurbanne", phone: "04 65 71 00 32", latitude: "45.7719", longitude: "4.8902" },
  { name: "Maison des services de Vénissieux", address: "11 avenue Fictive", postalCode: "69200", commune: "Vénissieux", phone: "04 65 71 00 33", latitude: "45.6975", longitude: "4.8867", openingHours: mornings },
];

/** The demonstration desks, checked by the same rules as an admin's (a mistake here fails the start). */
export function demoDeskInputs(): DeskInput[] {
  return demoDesks.map((desk) => {
    const checked = checkDeskFields({ phone: "", services: common, openingHours: weekdays, ...desk });
    if (!checked.ok) throw new Error(`Demo desk ${desk.name}: ${JSON.stringify(checked.errors)}`);
    return checked.desk;
  });
}

/** Loads the demonstration desks into an empty list. */
export async function seedDemoReceptionDesks(deps: { db: Db; clock: Clock }): Promise<void> {
  if ((await countDesks(deps.db)) > 0) return;
  await insertDesks(deps.db, demoDeskInputs(), deps.clock.now(), { demo: true });
}
