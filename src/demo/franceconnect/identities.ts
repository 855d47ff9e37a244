/**
 * The people of the local FranceConnect stand-in: FranceConnect's identity pivot (the claims it
 * sends), with birth data chosen so that each person has a valid NIR (shown on the chooser page
 * for trying "Mon compte"; the NIR is never a FranceConnect claim).
 */
export interface TestIdentity {
  /** FranceConnect's "sub": stable for a person and a client. */
  sub: string;
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birthdate: string;
  gender: "female" | "male";
  /** INSEE code of the commune of birth; empty when born abroad. */
  birthplace: string;
  /** INSEE code of the country of birth: 99100 for France. */
  birthcountry: string;
  email: string;
  /** Nom d'usage, empty when none. */
  preferred_username: string;
  /** Where they were born, in words, for the chooser page. */
  bornIn: string;
  /** A NIR consistent with the birth data (key included, 15 characters). */
  nir: string;
}

export const TEST_IDENTITIES: readonly TestIdentity[] = [
  {
    sub: "fc-test-angela-dubois",
    given_name: "Angela Claire Louise",
    family_name: "DUBOIS",
    birthdate: "1962-08-24",
    gender: "female",
    birthplace: "44109",
    birthcountry: "99100",
    email: "angela.dubois@exemple.fr",
    preferred_username: "",
    bornIn: "Nantes (44)",
    nir: "262084410912372",
  },
  {
    sub: "fc-test-pierre-martin",
    given_name: "Pierre",
    family_name: "MARTIN",
    birthdate: "1985-03-14",
    gender: "male",
    birthplace: "69123",
    birthcountry: "99100",
    email: "pierre.martin@exemple.fr",
    preferred_username: "",
    bornIn: "Lyon (69)",
    nir: "185036912304532",
  },
  {
    sub: "fc-test-amina-diallo",
    given_name: "Amina",
    family_name: "DIALLO",
    birthdate: "1990-11-02",
    gender: "female",
    birthplace: "",
    birthcountry: "99341",
    email: "amina.diallo@exemple.fr",
    preferred_username: "",
    bornIn: "Sénégal (née à l'étranger)",
    nir: "290119934101712",
  },
  {
    sub: "fc-test-dominique-santoni",
    given_name: "Dominique",
    family_name: "SANTONI",
    birthdate: "1978-06-30",
    gender: "male",
    birthplace: "2A004",
    birthcountry: "99100",
    email: "dominique.santoni@exemple.fr",
    preferred_username: "",
    bornIn: "Ajaccio (2A, Corse-du-Sud)",
    nir: "178062A00408862",
  },
  {
    sub: "fc-test-marie-helene-payet",
    given_name: "Marie-Hélène",
    family_name: "PAYET",
    birthdate: "1995-01-20",
    gender: "female",
    birthplace: "97411",
    birthcountry: "99100",
    email: "marie-helene.payet@exemple.fr",
    preferred_username: "HOARAU",
    bornIn: "Saint-Denis (974, La Réunion)",
    nir: "295019741105248",
  },
];

/** The pivot claims FranceConnect sends for a person (its userinfo). */
export function pivotClaims(identity: TestIdentity) {
  const { bornIn: _bornIn, nir: _nir, ...claims } = identity;
  void _bornIn;
  void _nir;
  return claims;
}
