/** Sample values for `bench:data`: French names and places, and answers shaped as the demo procedures store them. */

export const LAST_NAMES = [
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
  "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
  "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
  "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis",
  "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet",
  "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard",
  "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey",
  "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier",
  "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam",
  "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin",
  "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel",
  "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
  "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
  "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal",
  "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay",
  "Pasquier", "Carlier", "Laporte", "N'Diaye", "Benali", "Nguyen", "Traoré", "Haddad", "Diallo", "Mendes", "Ferreira", "Dos Santos",
] as const;

export const FIRST_NAMES_F = [
  "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Marie", "Anne", "Isabelle", "Nathalie", "Sophie",
  "Sandrine", "Céline", "Stéphanie", "Valérie", "Aurélie", "Émilie", "Claire", "Hélène", "Catherine", "Christine", "Élodie", "Pauline",
  "Lucie", "Mathilde", "Charlotte", "Jeanne", "Louise", "Alice", "Zoé", "Juliette", "Lina", "Jade", "Rose", "Anaïs", "Océane", "Margaux",
  "Agathe", "Maëlle", "Fatima", "Aïcha", "Yasmine", "Monique", "Françoise", "Sylvie", "Martine", "Brigitte",
] as const;

export const FIRST_NAMES_M = [
  "Lucas", "Hugo", "Louis", "Jules", "Gabriel", "Arthur", "Nathan", "Thomas", "Théo", "Paul", "Nicolas", "Julien", "Pierre", "Jean",
  "Philippe", "Michel", "Alain", "Patrick", "Christophe", "Stéphane", "Laurent", "Sébastien", "Frédéric", "Olivier", "David", "Éric",
  "Antoine", "Maxime", "Alexandre", "Romain", "Mathieu", "Vincent", "Guillaume", "Benoît", "François", "Jérôme", "Cédric", "Yann",
  "Mohamed", "Karim", "Mehdi", "Rayan", "Adam", "Noah", "Léo", "Raphaël", "Bernard", "Gérard", "Daniel", "René",
] as const;

export const ORGANISATION_KINDS = [
  "Association sportive de", "Comité des fêtes de", "Mairie de", "Office public de l'habitat de", "Centre communal d'action sociale de",
  "Amicale laïque de", "Société d'économie mixte de", "Les Amis de la bibliothèque de", "Foyer rural de", "École de musique de",
] as const;

export const PLACES = [
  { name: "Lyon", postalCode: "69001" }, { name: "Marseille", postalCode: "13001" }, { name: "Toulouse", postalCode: "31000" },
  { name: "Nantes", postalCode: "44000" }, { name: "Rennes", postalCode: "35000" }, { name: "Lille", postalCode: "59000" },
  { name: "Bordeaux", postalCode: "33000" }, { name: "Strasbourg", postalCode: "67000" }, { name: "Montpellier", postalCode: "34000" },
  { name: "Grenoble", postalCode: "38000" }, { name: "Dijon", postalCode: "21000" }, { name: "Angers", postalCode: "49000" },
  { name: "Villeurbanne", postalCode: "69100" }, { name: "Saint-Étienne", postalCode: "42000" }, { name: "Brest", postalCode: "29200" },
  { name: "Limoges", postalCode: "87000" }, { name: "Tours", postalCode: "37000" }, { name: "Amiens", postalCode: "80000" },
  { name: "Perpignan", postalCode: "66000" }, { name: "Metz", postalCode: "57000" }, { name: "Besançon", postalCode: "25000" },
  { name: "Orléans", postalCode: "45000" }, { name: "Rouen", postalCode: "76000" }, { name: "Caen", postalCode: "14000" },
  { name: "Nancy", postalCode: "54000" }, { name: "Argenteuil", postalCode: "95100" }, { name: "Saint-Denis", postalCode: "97400" },
  { name: "Roubaix", postalCode: "59100" }, { name: "Tourcoing", postalCode: "59200" }, { name: "Avignon", postalCode: "84000" },
  { name: "Poitiers", postalCode: "86000" }, { name: "Pau", postalCode: "64000" }, { name: "La Rochelle", postalCode: "17000" },
  { name: "Eus", postalCode: "66500" }, { name: "Annecy", postalCode: "74000" }, { name: "Quimper", postalCode: "29000" },
] as const;

export const REFUSAL_REASONS = [
  "Les ressources du foyer dépassent les plafonds applicables.",
  "Les pièces justificatives demandées n'ont pas été fournies dans le délai.",
  "Le projet ne relève pas du champ de l'aide régionale.",
  "La demande est arrivée après la clôture de la campagne.",
  "Le plan de financement présenté n'est pas équilibré.",
] as const;

/** Appends the Luhn check digit (SIREN, SIRET). */
function luhnComplete(digits: string): string {
  let total = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return digits + String((10 - (total % 10)) % 10);
}

/** A NIR with its key: 97 − (the 13 digits mod 97). */
function nir(first13: string): string {
  return first13 + String(97 - Number(BigInt(first13) % 97n)).padStart(2, "0");
}

const siret = luhnComplete(luhnComplete("21690123") + "0001");
const iban = "FR7630006000011234567890189";
const lyon = { code: "69123", nom: "Lyon", departement: "69" };
const villeurbanne = { code: "69266", nom: "Villeurbanne", departement: "69" };
const address = { ligne: "12 rue des Lilas", complément: "Bâtiment B, escalier 2", codePostal: "69003", commune: "Lyon", codeInsee: "69123" };
const longText = (subject: string) =>
  `${subject} Nous vivons aujourd'hui à quatre dans un deux-pièces de 38 m² au troisième étage sans ascenseur ; le bail arrive à son terme ` +
  "et le propriétaire souhaite vendre. Mon fils aîné entre au collège à la rentrée et notre fille, née en mars, dort dans notre chambre. " +
  "Je travaille à proximité de la gare et mon conjoint à Villeurbanne : un logement dans l'un de ces deux secteurs nous permettrait " +
  "de conserver nos emplois sans allonger nos trajets. Nous pouvons emménager dès que possible.";

/** Answers as stored (field id → normalised value, amounts in cents), complete for filed requests and partial for drafts. */
export function answerTemplates(): Record<string, { full: Record<string, unknown>; draft: Record<string, unknown> }> {
  const housingStart = {
    "commune-souhaitee": lyon,
    "nombre-codemandeurs": "1",
    "nom-usage": "Martin",
    "nom-naissance": "Martin",
    prenom: "Camille",
    nir: nir("2870569123045"),
    "date-naissance": "1987-05-14",
    nationalite: "francaise",
    telephone: "+33612345678",
  };
  const housing = {
    ...housingStart,
    "situation-familiale": "marie",
    codemandeurs: [{ lien: "conjoint", nom: "Martin", prenom: "Julien", "date-naissance": "1985-11-02", nir: nir("1851169266012") }],
    "personnes-a-charge": [
      { nom: "Martin", prenom: "Hugo", "date-naissance": "2014-09-21", lien: "enfant", "garde-alternee": false },
      { nom: "Martin", prenom: "Rose", "date-naissance": "2025-03-08", lien: "enfant", "garde-alternee": false },
    ],
    "enfant-attendu": false,
    "situation-professionnelle": "cdi",
    employeur: "Boulangerie des Terreaux",
    "commune-travail": villeurbanne,
    "revenu-fiscal-reference": 2_845_000,
    "nombre-parts": 3,
    salaires: 265_050,
    "allocations-chomage": 0,
    "retraites-pensions": 0,
    "prestations-familiales": 14_812,
    "autres-ressources": 0,
    "mode-logement": "locataire-prive",
    "adresse-actuelle": address,
    "loyer-actuel": 84_000,
    "nombre-pieces-actuel": 2,
    "motif-principal": "trop-petit",
    "precisions-motif": longText("Notre logement actuel est devenu trop petit depuis la naissance de notre deuxième enfant."),
    "types-logement": ["t3", "t4"],
    "autres-communes": "Villeurbanne, Vénissieux, Bron",
    "loyer-maximum": 75_000,
    "logement-adapte": false,
  };
  const association = {
    siret,
    rna: "W691234567",
    "representant-nom": "Claire Dubois",
    "representant-fonction": "Présidente",
    "adresse-association": address,
    "telephone-association": "+33478123456",
    "email-association": "contact@amicale-exemple.fr",
  };
  const aid = {
    ...association,
    "intitule-projet": "Festival de quartier « Lumières sur la Croix-Rousse »",
    "description-projet": longText("Le festival réunit chaque année les habitants, les écoles et les commerçants du quartier."),
    "nature-aide": "projet",
    "date-debut": "2026-06-01",
    "date-fin": "2026-09-30",
    "commune-realisation": lyon,
    publics: ["jeunes", "tout-public"],
    "cout-total": 4_850_000,
    "montant-demande": 1_500_000,
    autofinancement: 950_000,
    "autres-financements": [
      { financeur: "Ville de Lyon", montant: 1_200_000, statut: "acquis" },
      { financeur: "Métropole de Lyon", montant: 1_200_000, statut: "sollicite" },
    ],
    iban,
  };
  const borrower = { "numero-client": "100234", siret, "nature-emprunteur": "commune", fonction: "Directeur général des services", telephone: "+33468123456", email: "finances@mairie-exemple.fr" };
  const loan = {
    ...borrower,
    "objet-pret": "rehabilitation",
    "nombre-logements": 24,
    "description-operation": longText("Réhabilitation thermique de la résidence des Tilleuls (24 logements sociaux)."),
    "commune-operation": lyon,
    "date-debut-travaux": "2026-10-01",
    "cout-operation": 320_000_000,
    "montant-pret": 250_000_000,
    duree: 25,
    index: "livret-a",
    garantie: true,
    garants: [{ nom: "Commune de Lyon", siret, quotite: 100 }],
    iban,
  };
  const tenant = (n: number) => ({
    "numero-allocataire": String(1_234_560 + n),
    nom: ["Martin", "Durand", "Nguyen", "Petit", "Moreau", "Lefèvre"][n % 6],
    prenom: ["Léa", "Karim", "Sophie", "Jean", "Inès", "Paul"][n % 6],
    "adresse-logement": { ...address, ligne: `${n + 3} rue Victor-Hugo` },
    loyer: 65_050,
    charges: 8_000,
    "loyer-paye": n % 5 !== 0,
    ...(n % 5 === 0 ? { "montant-impaye": 32_500 } : {}),
  });
  const rents = { mois: "10", annee: 2026, siret, locataires: [0, 1, 2, 3, 4, 5].map(tenant) };
  return {
    "logement-social": { full: housing, draft: housingStart },
    "aide-associations": { full: aid, draft: association },
    "demande-de-pret": { full: loan, draft: borrower },
    "declaration-loyers": { full: rents, draft: { mois: "10", annee: 2026, siret } },
  };
}
