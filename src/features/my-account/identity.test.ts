import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";

const PAGE = "/mon-compte/mes-informations";
const LOCKED = "Cette information vient de FranceConnect : elle ne peut pas être modifiée ici.";

/** Jean Dupont, born on 3 December 1984 in Mont-Saint-Aignan, as the form sends him. */
const jean = {
  civility: "M.",
  lastName: "Dupont",
  firstName: "Jean",
  birthDay: "3",
  birthMonth: "12",
  birthYear: "1984",
  birthPlace: "france",
  birthCommune: "Mont-Saint-Aignan",
  birthCountry: "",
  sex: "M",
  nir: "1 84 12 76 451 089 46",
};

/** A NIR from its first 13 characters, with its key computed by the rule 97 − (n mod 97). */
function withKey(first13: string): string {
  const numeric = first13.replace("2A", "19").replace("2B", "18");
  return first13 + String(97 - Number(BigInt(numeric) % 97n)).padStart(2, "0");
}

describe("Mes informations: birth data and social security number", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const stored = (accountId: string) =>
    t.deps.db
      .selectFrom("accounts")
      .select(["lastName", "firstName", "birthDate", "birthCommuneCode", "birthCountryCode", "sex", "nir"])
      .where("id", "=", accountId)
      .executeTakeFirstOrThrow();
  const identityEvents = (accountId: string) =>
    t.deps.db.selectFrom("auditEvents").selectAll().where("accountId", "=", accountId).where("event", "=", "account.identity_changed").orderBy("id").execute();

  const refused = async (fields: Record<string, string>, overrides: Parameters<typeof signedInAccount>[1] = {}) => {
    const { account, browser } = await signedInAccount(t, overrides);
    const response = await browser.submit(PAGE, fields);
    expect(response.statusCode).toBe(422);
    return { account, body: response.body };
  };

  it("saves the birth date, the commune of birth, the sex and the NIR, records which fields changed and shows them on Mon compte", async () => {
    const { account, browser } = await signedInAccount(t, { civility: "M.", lastName: "Dupont", firstName: "Jean" });
    const response = await browser.submit(PAGE, jean);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/mon-compte");
    expect(await stored(account.id)).toMatchObject({ birthDate: "1984-12-03", birthCommuneCode: "76451", birthCountryCode: "99100", sex: "M", nir: "184127645108946" });

    const page = (await browser.get("/mon-compte")).body;
    expect(page).toContain("<dt>Date de naissance</dt><dd>3 décembre 1984</dd>");
    expect(page).toContain("<dt>Lieu de naissance</dt><dd>Mont-Saint-Aignan (76)</dd>");
    expect(page).toContain("<dt>Sexe</dt><dd>Masculin</dd>");
    expect(page).toContain("<dt>Numéro de sécurité sociale</dt><dd>1 84 12 76 451 089 46</dd>");
    expect(page).not.toContain("Identité vérifiée par FranceConnect");

    const events = await identityEvents(account.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toEqual({ fields: ["birthDate", "birthCommuneCode", "birthCountryCode", "sex", "nir"] });
  });

  it("shows the stored identity in the form: the date in three inputs, the commune by its name and département", async () => {
    const { browser } = await signedInAccount(t, { birthDate: "1984-12-03", birthCommuneCode: "97411", birthCountryCode: "99100", sex: "F", nir: "284129741108946" });
    const body = (await browser.get(PAGE)).body;
    expect(body).toMatch(/id="champ-birthDay" name="birthDay" type="text" inputmode="numeric" autocomplete="bday-day" maxlength="2" value="03"/);
    expect(body).toMatch(/id="champ-birthMonth" name="birthMonth"[^>]* value="12"/);
    expect(body).toMatch(/id="champ-birthYear" name="birthYear"[^>]* value="1984"/);
    expect(body).toMatch(/name="birthPlace" value="france" checked=""/);
    expect(body).toMatch(/id="champ-birthCommune" name="birthCommune" type="text" value="Saint-Denis \(974\)"/);
    expect(body).toMatch(/name="sex" value="F" checked=""/);
    expect(body).toMatch(/id="champ-nir" name="nir" type="text" value="2 84 12 97 411 089 46"/);
    expect(body).toContain('<option value="99350">Maroc</option>');
    expect(body).toContain('<option value="99141">Allemagne de l’Est (jusqu&#39;en 1990)</option>');
  });

  it("refuses a NIR that does not match the month of birth, keeping what was typed, the error linked from the summary", async () => {
    const { account, body } = await refused({ ...jean, birthMonth: "11" });
    expect(body).toContain('<a href="#champ-nir">Numéro de sécurité sociale : Le numéro de sécurité sociale ne correspond pas à votre mois de naissance.</a>');
    expect(body).toMatch(/id="champ-nir" name="nir" type="text" value="1 84 12 76 451 089 46"/);
    expect(body).toMatch(/name="birthMonth"[^>]* value="11"/);
    expect(body).toMatch(/name="birthCommune" type="text" value="Mont-Saint-Aignan"/);
    expect((await stored(account.id)).nir).toBeNull();
    expect(await identityEvents(account.id)).toHaveLength(0);
  });

  it("refuses a NIR whose sex, year, département or commune do not match", async () => {
    expect((await refused({ ...jean, sex: "F" })).body).toContain("ne correspond pas à votre sexe");
    expect((await refused({ ...jean, birthYear: "1985" })).body).toContain("ne correspond pas à votre année de naissance");
    expect((await refused({ ...jean, birthCommune: "Caen" })).body).toContain("ne correspond pas à votre département de naissance.");
    expect((await refused({ ...jean, birthCommune: "Rouen" })).body).toContain("ne correspond pas à votre commune de naissance.");
  });

  it("refuses a NIR with a wrong key", async () => {
    const { body } = await refused({ ...jean, nir: "1 84 12 76 451 089 47" });
    expect(body).toContain('<a href="#champ-nir">Numéro de sécurité sociale : La clé du numéro de sécurité sociale est incorrecte');
  });

  it("asks for the birth data before checking a NIR", async () => {
    const { body } = await refused({ civility: "M.", lastName: "Dupont", firstName: "Jean", nir: jean.nir });
    expect(body).toContain("Pour vérifier votre numéro de sécurité sociale, indiquez aussi votre sexe, votre date et votre lieu de naissance.");
  });

  it("explains an unknown commune and an ambiguous one, and accepts it with its département or postal code", async () => {
    const unknown = await refused({ ...jean, nir: "", birthCommune: "Trifouilly-les-Oies" });
    expect(unknown.body).toContain('<a href="#champ-birthCommune">Commune de naissance : Cette commune est introuvable : vérifiez son nom ou choisissez-la dans la liste.</a>');
    expect(unknown.body).toMatch(/name="birthCommune" type="text" value="Trifouilly-les-Oies"/);
    const ambiguous = await refused({ ...jean, nir: "", birthCommune: "Saint-Denis" });
    expect(ambiguous.body).toMatch(/Commune de naissance : Plusieurs communes portent ce nom \(départements [^)]*93[^)]*974[^)]*\) : précisez le département entre parenthèses/);

    const { account, browser } = await signedInAccount(t);
    const nir = withKey("2920597411045");
    const saved = await browser.submit(PAGE, { ...jean, civility: "Mme", sex: "F", birthDay: "10", birthMonth: "5", birthYear: "1992", birthCommune: "Saint-Denis 97400", nir });
    expect(saved.statusCode).toBe(303);
    expect(await stored(account.id)).toMatchObject({ birthCommuneCode: "97411", nir });
  });

  it("accepts a person born overseas and refuses a NIR of another overseas département", async () => {
    const { body } = await refused({ ...jean, birthDay: "10", birthMonth: "5", birthYear: "1992", birthCommune: "Saint-Pierre (974)", nir: withKey("1920597225045") });
    expect(body).toContain("ne correspond pas à votre département de naissance.");
    const { account, browser } = await signedInAccount(t);
    const nir = withKey("1920597416045");
    expect((await browser.submit(PAGE, { ...jean, birthDay: "10", birthMonth: "5", birthYear: "1992", birthCommune: "Saint-Pierre (974)", nir })).statusCode).toBe(303);
    expect(await stored(account.id)).toMatchObject({ birthCommuneCode: "97416", birthCountryCode: "99100", nir });
  });

  it("accepts a person born in Corsica with 2A, or 20 for a number given before 1976", async () => {
    const { account, browser } = await signedInAccount(t);
    const corsica = { ...jean, birthYear: "1970", birthCommune: "Ajaccio", nir: withKey("1701220004089") };
    expect((await browser.submit(PAGE, corsica)).statusCode).toBe(303);
    expect(await stored(account.id)).toMatchObject({ birthCommuneCode: "2A004", nir: withKey("1701220004089") });
    const recent = withKey("184122A004089");
    expect((await browser.submit(PAGE, { ...corsica, birthYear: "1984", nir: recent.replace("2A", "2a") })).statusCode).toBe(303);
    expect((await stored(account.id)).nir).toBe(recent);
    expect((await refused({ ...corsica, birthYear: "1984", nir: withKey("184122B004089") })).body).toContain("ne correspond pas à votre département de naissance.");
  });

  it("saves a birth abroad with its country, and checks the NIR's 99 and country code", async () => {
    const { account, browser } = await signedInAccount(t);
    const abroad = { ...jean, birthPlace: "etranger", birthCommune: "", birthCountry: "99350", birthYear: "1975", birthMonth: "2", nir: withKey("1750299350012") };
    expect((await browser.submit(PAGE, abroad)).statusCode).toBe(303);
    expect(await stored(account.id)).toMatchObject({ birthCommuneCode: null, birthCountryCode: "99350", nir: withKey("1750299350012") });
    expect((await browser.get("/mon-compte")).body).toContain("<dt>Lieu de naissance</dt><dd>Maroc</dd>");

    expect((await refused({ ...abroad, birthCountry: "99352" })).body).toContain("ne correspond pas à votre pays de naissance.");
    expect((await refused({ ...abroad, birthPlace: "france", birthCommune: "Mont-Saint-Aignan" })).body).toContain("il indique une naissance à l&#39;étranger");
    expect((await refused({ ...abroad, nir: withKey("1750276451012") })).body).toContain("pour une personne née à l&#39;étranger, il comporte 99");
    expect((await refused({ ...abroad, birthCountry: "99999" })).body).toContain("Pays de naissance : Choisissez votre pays de naissance dans la liste.");
  });

  it("explains a wrong birth date, linked to its group of inputs", async () => {
    const { body } = await refused({ ...jean, nir: "", birthDay: "31", birthMonth: "4" });
    expect(body).toContain('<a href="#champ-birthDate">Date de naissance : Cette date n&#39;existe pas : ce mois compte 30 jours.</a>');
    expect(body).toMatch(/<fieldset class="fieldset field--error" id="champ-birthDate" tabindex="-1"/);
  });

  it("lets a person remove what they gave", async () => {
    const { account, browser } = await signedInAccount(t, { birthDate: "1984-12-03", birthCommuneCode: "76451", birthCountryCode: "99100", sex: "M", nir: "184127645108946" });
    const response = await browser.submit(PAGE, { civility: "Mme", lastName: "Martin", firstName: "Camille" });
    expect(response.statusCode).toBe(303);
    expect(await stored(account.id)).toMatchObject({ birthDate: null, birthCommuneCode: null, birthCountryCode: null, sex: null, nir: null });
    expect((await browser.get("/mon-compte")).body).toContain('<dt>Numéro de sécurité sociale</dt><dd><span class="field__hint">Non renseigné</span></dd>');
  });

  it("is part of the data a person downloads", async () => {
    const { browser } = await signedInAccount(t, { birthDate: "1984-12-03", birthCommuneCode: "76451", birthCountryCode: "99100", sex: "M", nir: "184127645108946" });
    const data = JSON.parse((await browser.get("/mon-compte/mes-donnees.json")).body) as { account: Record<string, unknown> };
    expect(data.account).toMatchObject({ birthDate: "1984-12-03", birthCommuneCode: "76451", birthCountryCode: "99100", sex: "M", nir: "184127645108946", identityVerifiedAt: null });
  });

  describe("an identity verified by FranceConnect", () => {
    const verified = {
      civility: "M." as const,
      lastName: "Dupont",
      firstName: "Jean",
      birthDate: "1984-12-03",
      birthCommuneCode: "76451",
      birthCountryCode: "99100",
      sex: "M" as const,
      identityVerifiedAt: new Date("2026-03-01T10:00:00Z"),
    };

    it("is shown locked with its mention, in Mon compte and in the form, where only the civility and the NIR are fields", async () => {
      const { browser } = await signedInAccount(t, verified);
      const summary = (await browser.get("/mon-compte")).body;
      expect(summary).toContain("Identité vérifiée par FranceConnect");
      expect(summary).toContain("<dt>Lieu de naissance</dt><dd>Mont-Saint-Aignan (76)</dd>");

      const form = (await browser.get(PAGE)).body;
      expect(form).toContain("Identité vérifiée par FranceConnect");
      expect(form).toContain("Ces informations viennent de FranceConnect : elles ne peuvent pas être modifiées ici.");
      expect(form).toMatch(/<dt>Nom<\/dt><dd id="champ-lastName" tabindex="-1">Dupont<\/dd>/);
      expect(form).toMatch(/<dt>Date de naissance<\/dt><dd id="champ-birthDate" tabindex="-1">3 décembre 1984<\/dd>/);
      for (const name of ["lastName", "firstName", "birthDay", "birthMonth", "birthYear", "birthPlace", "birthCommune", "birthCountry", "sex"]) {
        expect(form, name).not.toContain(`name="${name}"`);
      }
      expect(form).toContain('name="civility"');
      expect(form).toContain('name="nir"');
    });

    it("takes the NIR, checked against the locked birth data, and the civility", async () => {
      const { account, browser } = await signedInAccount(t, verified);
      const wrong = await browser.submit(PAGE, { civility: "M.", nir: withKey("1841176451089") });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain("Le numéro de sécurité sociale ne correspond pas à votre mois de naissance.");
      expect(wrong.body).toContain("Identité vérifiée par FranceConnect");

      const response = await browser.submit(PAGE, { civility: "M.", nir: jean.nir });
      expect(response.statusCode).toBe(303);
      expect(await stored(account.id)).toMatchObject({ lastName: "Dupont", birthDate: "1984-12-03", birthCommuneCode: "76451", sex: "M", nir: "184127645108946" });
      expect((await identityEvents(account.id)).map((event) => event.details)).toEqual([{ fields: ["nir"] }]);
    });

    it("refuses any posted change to a locked field, each linked from the summary, and changes nothing", async () => {
      const { account, browser } = await signedInAccount(t, verified);
      const forged = await browser.submit(PAGE, {
        ...jean,
        lastName: "Durand",
        firstName: "Paul",
        birthDay: "4",
        birthCommune: "Rouen",
        sex: "F",
        nir: withKey("2841276540089"),
      });
      expect(forged.statusCode).toBe(422);
      for (const [name, label] of [["lastName", "Nom"], ["firstName", "Prénom"], ["birthDate", "Date de naissance"], ["birthPlace", "Lieu de naissance"], ["sex", "Sexe"]]) {
        expect(forged.body, name).toContain(`<a href="#champ-${name}">${label} : ${LOCKED.replace("'", "&#39;")}</a>`);
      }
      expect(await stored(account.id)).toMatchObject({ lastName: "Dupont", firstName: "Jean", birthDate: "1984-12-03", birthCommuneCode: "76451", sex: "M", nir: null });
      expect(await identityEvents(account.id)).toHaveLength(0);

      const changes: Record<string, string>[] = [{ birthPlace: "etranger", birthCountry: "99350" }, { birthCountry: "99350" }, { birthMonth: "11" }];
      for (const change of changes) {
        const response = await browser.submit(PAGE, { civility: "M.", ...change });
        expect(response.statusCode, JSON.stringify(change)).toBe(422);
        expect(response.body).toContain(LOCKED.replace("'", "&#39;"));
      }
    });

    it("accepts the same values posted again, as a form that still shows them would send", async () => {
      const { browser } = await signedInAccount(t, verified);
      const response = await browser.submit(PAGE, { ...jean, birthDay: "03", birthCommune: "Mont-Saint-Aignan (76)" });
      expect(response.statusCode).toBe(303);
    });
  });
});
