import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/app.ts";
import { signedInAccount } from "../../../test/builders.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import type { MembershipStatus } from "../../platform/db/schema.ts";

const SEED_ORGANISATION = {
  name: "ASSOCIATION NOUVELLE",
  siret: "84971997600011",
  postalCode: "46000",
  communeName: "Cahors",
  communeInseeCode: "46042",
  addressLine: "n° voie",
};

describe("Ma structure (the organisation record)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A signed-in member of a new organisation (active unless told). */
  async function memberOf(fields: { status?: MembershipStatus; isAdmin?: boolean; function?: string | null; phone?: string | null; email?: string | null } = {}, organisationFields = {}) {
    const organisation = await buildOrganisation(t.deps.db, organisationFields);
    const { account, browser } = await signedInAccount(t);
    const membership = await addMember(t.deps.db, organisation, account, fields);
    return { organisation, account, browser, membership, base: `/structures/${organisation.id}` };
  }

  const organisationRow = (id: string) => t.deps.db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const representativesOf = (organisationId: string) =>
    t.deps.db.selectFrom("organisationRepresentatives").selectAll().where("organisationId", "=", organisationId).orderBy("createdAt").execute();
  const auditEvents = (event: string, accountId: string) =>
    t.deps.db.selectFrom("auditEvents").selectAll().where("event", "=", event).where("accountId", "=", accountId).orderBy("id").execute();

  async function addRepresentative(organisationId: string, fields: Record<string, unknown> = {}) {
    const now = new Date("2026-03-01T09:00:00Z");
    return t.deps.db
      .insertInto("organisationRepresentatives")
      .values({
        organisationId,
        civility: "Mme",
        lastName: "Association",
        firstName: "Nouvelle",
        function: "Présidente",
        isLegalRepresentative: false,
        addressRecipient: null,
        addressBuilding: null,
        addressStreet: null,
        addressDistribution: null,
        postalCode: null,
        communeInseeCode: null,
        communeName: null,
        country: null,
        phone: null,
        mobile: null,
        fax: null,
        email: null,
        createdAt: now,
        updatedAt: now,
        ...fields,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  const identification = {
    name: "ASSOCIATION NOUVELLE",
    entityType: "association",
    nafCode: "7112a",
    legalFormCode: "9220",
    rna: "w723007219",
    phone: "04.67.58.96.63",
    mobile: "+33 6 25 89 65 85",
    fax: "0457896312",
    email: "Nouvelle@Association.com",
    website: "https://www.bidon.com",
  };

  const address = {
    addressRecipient: "destinataire",
    addressBuilding: "batiment",
    addressStreet: "n° voie",
    addressDistribution: "mention BP",
    postalCode: "46000",
    communeName: "Cahors",
    country: "France",
  };

  const representative = {
    civility: "Mme",
    lastName: "Association",
    firstName: "Nouvelle",
    function: "Présidente",
    isLegalRepresentative: "oui",
    addressRecipient: "appart",
    addressBuilding: "batiment",
    addressStreet: "n° voie",
    addressDistribution: "lieu dit BP",
    postalCode: "32000",
    communeName: "Auch",
    country: "France",
    phone: "04 67 58 96 63",
    mobile: "06 25 89 65 85",
    fax: "04 57 89 63 12",
    email: "nouvelle@association.com",
  };

  describe("the record page", () => {
    it("shows the organisation as seed 000 does: identification, address, representatives and the date of the last change", async () => {
      const { organisation, browser, base } = await memberOf({ function: "Président / Présidente", phone: "+33708091011" }, SEED_ORGANISATION);
      await t.deps.db
        .updateTable("organisations")
        .set({
          entityType: "association",
          nafCode: "71.12A",
          legalFormCode: "9220",
          rna: "W723007219",
          phone: "+33467589663",
          mobile: "+33625896585",
          fax: "+33457896312",
          email: "nouvelle@association.com",
          website: "https://www.bidon.com",
          addressRecipient: "destinataire",
          addressBuilding: "batiment",
          addressDistribution: "mention BP",
          updatedAt: new Date("2019-10-03T20:00:00Z"),
        })
        .where("id", "=", organisation.id)
        .execute();
      await addRepresentative(organisation.id, {
        isLegalRepresentative: true,
        addressRecipient: "appart",
        addressStreet: "n° voie",
        postalCode: "32000",
        communeName: "Auch",
        phone: "+33467589663",
        email: "nouvelle@association.com",
      });
      await addRepresentative(organisation.id, { civility: "M.", lastName: "Président", firstName: "Bidulle", function: "Président" });

      const response = await browser.get(base);
      expect(response.statusCode).toBe(200);
      const body = response.body;
      expect(body).toContain("<h1>ASSOCIATION NOUVELLE</h1>");
      expect(body).toContain("<dt>Siret</dt><dd>849 719 976 00011</dd>");
      expect(body).toContain("<dt>SIREN</dt><dd>849719976</dd>");
      expect(body).toContain(`<dt>Numéro client (code tiers)</dt><dd>${organisation.clientNumber}</dd>`);
      expect(body).toContain("<dt>Type de tiers</dt><dd>Association</dd>");
      expect(body).toContain("<dt>NAF</dt><dd>71.12A - Activité des géomètres</dd>");
      expect(body).toContain("<dt>Forme juridique</dt><dd>Association déclarée</dd>");
      expect(body).toContain("<dt>Numéro RNA</dt><dd>W723007219</dd>");
      expect(body).toContain("<dt>Téléphone</dt><dd>04 67 58 96 63</dd>");
      expect(body).toContain("<dt>Mobile</dt><dd>06 25 89 65 85</dd>");
      expect(body).toContain("<dt>Fax</dt><dd>04 57 89 63 12</dd>");
      expect(body).toContain("<dt>Adresse électronique</dt><dd>nouvelle@association.com</dd>");
      expect(body).toContain('<dt>Site internet</dt><dd><a href="https://www.bidon.com">https://www.bidon.com</a></dd>');
      expect(body).toContain("<p>destinataire<br/>batiment<br/>n° voie<br/>mention BP<br/>46000 CAHORS<br/>FRANCE</p>");
      expect(body).toMatch(/<h3 id="representant-[^"]+">Madame Nouvelle ASSOCIATION<\/h3><p>Fonction : Présidente<\/p><p><span class="tag tag--info">Représentant légal<\/span><\/p>/);
      expect(body).toContain("<p>appart<br/>n° voie<br/>32000 AUCH<br/>FRANCE</p>");
      expect(body).toMatch(/<h3 id="representant-[^"]+">Monsieur Bidulle PRÉSIDENT<\/h3><p>Fonction : Président<\/p>/);
      expect(body).toContain(`<a href="${base}/representants/nouveau">Créer un nouveau représentant</a>`);
      expect(body).toContain('Modifié le <time datetime="2019-10-03T20:00:00.000Z">3 octobre 2019</time>');
      // Mes coordonnées au sein de la structure (seed 001).
      expect(body).toContain('<h2 id="mes-coordonnees">Mes coordonnées au sein de la structure</h2>');
      expect(body).toContain("<dt>Téléphone</dt><dd>07 08 09 10 11</dd>");
      expect(body).toContain("<dt>Fonction</dt><dd>Président / Présidente</dd>");
      expect(body).toContain(`<a href="${base}/mes-coordonnees/telephone">Modifier mon numéro de téléphone</a>`);
      expect(body).toContain(`<a href="${base}/mes-coordonnees/courriel">Modifier mon adresse électronique</a>`);
      expect(body).toContain(`<a href="${base}/mes-coordonnees/fonction">Modifier ma fonction</a>`);
      expect(body).toContain(`<a href="${base}/identification">Modifier l&#39;identification</a>`);
      expect(body).toContain(`<a href="${base}/adresse">Modifier l&#39;adresse principale</a>`);
      expect(body).not.toContain("Gérer les membres");
      expect(body).not.toContain("en cours de validation");
    });

    it("says the date of the last change in Paris time, 1er for the first of the month", async () => {
      const { organisation, browser, base } = await memberOf();
      // 23:30 UTC on 28 February is already 1 March in Paris.
      await t.deps.db.updateTable("organisations").set({ updatedAt: new Date("2026-02-28T23:30:00Z") }).where("id", "=", organisation.id).execute();
      expect((await browser.get(base)).body).toContain(">1er mars 2026</time>");
    });

    it("says what is not filled in yet", async () => {
      const { browser, base } = await memberOf();
      const body = (await browser.get(base)).body;
      expect(body).toContain('<dt>NAF</dt><dd><span class="field__hint">Non renseigné</span></dd>');
      expect(body).toContain("Aucun représentant n&#39;est renseigné.");
      expect(body).toContain("<p>1 place de la Mairie<br/>66500 EUS<br/>FRANCE</p>");
    });

    it("tells a pending member that their membership is being validated, hides the representatives' details, and offers only their own coordinates", async () => {
      const { organisation, browser, base } = await memberOf({ status: "pending" });
      await addRepresentative(organisation.id);
      const response = await browser.get(base);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("Votre rattachement est en cours de validation");
      // Anyone who knows the SIRET may ask to join: the representatives' personal details wait for validation.
      expect(response.body).not.toContain("Madame Nouvelle ASSOCIATION");
      expect(response.body).toContain("vous seront présentés une fois votre rattachement validé");
      expect(response.body).not.toContain(`${base}/identification`);
      expect(response.body).not.toContain(`${base}/adresse`);
      expect(response.body).not.toContain(`${base}/representants/`);
      expect(response.body).toContain(`<a href="${base}/mes-coordonnees/telephone">Modifier mon numéro de téléphone</a>`);
    });

    it("links an administrator to the members and the access grants of the organisation", async () => {
      const { browser, base } = await memberOf({ isAdmin: true });
      const body = (await browser.get(base)).body;
      expect(body).toContain(`<a href="${base}/membres">Gérer les membres</a>`);
      expect(body).toContain(`<a href="${base}/habilitations">Gérer les habilitations</a>`);
    });
  });

  describe("who may reach the pages", () => {
    const editPaths = (base: string, representativeId: string) => [
      `${base}/identification`,
      `${base}/adresse`,
      `${base}/representants/nouveau`,
      `${base}/representants/${representativeId}`,
      `${base}/representants/${representativeId}/supprimer`,
    ];
    const coordinatePaths = (base: string) => [`${base}/mes-coordonnees/telephone`, `${base}/mes-coordonnees/courriel`, `${base}/mes-coordonnees/fonction`];

    it("answers 404 to a person who does not belong to the organisation, on every page and every form", async () => {
      const organisation = await buildOrganisation(t.deps.db);
      const representativeRow = await addRepresentative(organisation.id);
      const { browser } = await memberOf();
      const base = `/structures/${organisation.id}`;
      await browser.get("/mon-compte");
      for (const path of [base, ...editPaths(base, representativeRow.id), ...coordinatePaths(base)]) {
        expect((await browser.get(path)).statusCode, path).toBe(404);
      }
      await browser.get("/mon-compte");
      for (const path of [...editPaths(base, representativeRow.id), ...coordinatePaths(base)]) {
        const response = await browser.post(path, { ...identification, ...representative, function: "Maire" });
        expect(response.statusCode, path).toBe(404);
      }
      expect(await representativesOf(organisation.id)).toHaveLength(1);
      expect((await organisationRow(organisation.id)).name).toBe("COMMUNE D'EUS");
    });

    it("answers 404 to refused and deactivated members as to strangers", async () => {
      for (const status of ["refused", "deactivated"] as const) {
        const { browser, base } = await memberOf({ status });
        for (const path of [base, ...coordinatePaths(base)]) expect((await browser.get(path)).statusCode, `${status} ${path}`).toBe(404);
      }
    });

    it("answers 404 for an organisation that does not exist or an address that is not an id", async () => {
      const { browser } = await memberOf();
      expect((await browser.get(`/structures/${randomUUID()}`)).statusCode).toBe(404);
      expect((await browser.get("/structures/pas-un-identifiant/identification")).statusCode).toBe(404);
    });

    it("answers 404 to a pending member on the record's edit pages, which change nothing", async () => {
      const { organisation, browser, base } = await memberOf({ status: "pending" });
      const representativeRow = await addRepresentative(organisation.id);
      for (const path of editPaths(base, representativeRow.id)) expect((await browser.get(path)).statusCode, path).toBe(404);
      await browser.get(base);
      for (const path of editPaths(base, representativeRow.id)) {
        expect((await browser.post(path, { ...identification, ...representative })).statusCode, path).toBe(404);
      }
      expect((await organisationRow(organisation.id)).name).toBe("COMMUNE D'EUS");
      expect(await representativesOf(organisation.id)).toHaveLength(1);
    });

    it("sends a visitor who is not signed in to the login page", async () => {
      const { organisation } = await memberOf();
      const { TestBrowser } = await import("../../../test/app.ts");
      const response = await new TestBrowser(t.app).get(`/structures/${organisation.id}`);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/connexion?retour=${encodeURIComponent(`/structures/${organisation.id}`)}`);
    });

    it("refuses a form posted without its CSRF token", async () => {
      const { organisation, browser, base } = await memberOf();
      const response = await browser.post(`${base}/identification`, identification, { csrf: null });
      expect(response.statusCode).toBe(403);
      expect((await organisationRow(organisation.id)).name).toBe("COMMUNE D'EUS");
    });
  });

  describe("the identification", () => {
    it("shows the current values, with SIRET and client number read-only since they come from the register", async () => {
      const { organisation, browser, base } = await memberOf({}, SEED_ORGANISATION);
      await t.deps.db.updateTable("organisations").set({ nafCode: "71.12A", legalFormCode: "9220", phone: "+33467589663" }).where("id", "=", organisation.id).execute();
      const response = await browser.get(`${base}/identification`);
      expect(response.statusCode).toBe(200);
      const body = response.body;
      expect(body).toContain("<h1>Modifier l&#39;identification</h1>");
      expect(body).toContain("<dt>Siret</dt><dd>849 719 976 00011</dd>");
      expect(body).toContain(`<dt>Numéro client (code tiers)</dt><dd>${organisation.clientNumber}</dd>`);
      expect(body).toContain('Le SIRET et le numéro client viennent du registre ; pour les corriger, <a href="/contact">contactez-nous</a>.');
      expect(body).not.toContain('name="siret"');
      expect(body).not.toContain('name="clientNumber"');
      expect(body).toContain('value="ASSOCIATION NOUVELLE"');
      expect(body).toContain('value="71.12A"');
      expect(body).toContain("Code saisi : 71.12A - Activité des géomètres");
      expect(body).toContain('<option value="9220" selected="">Association déclarée (9220)</option>');
      expect(body).toContain('<optgroup label="Groupement de droit privé">');
      expect(body).toContain('<option value="association">Association</option>');
      expect(body).toContain('value="04 67 58 96 63"');
      expect(body).toMatch(/<legend class="fieldset__legend fieldset__legend--large">Identification<\/legend>/);
    });

    it("reads a type stored as its label (databases seeded before the list's codes) as the list's one entry (issue 13)", async () => {
      const { organisation, browser, base } = await memberOf();
      await t.deps.db.updateTable("organisations").set({ entityType: "Commune" }).where("id", "=", organisation.id).execute();
      const form = (await browser.get(`${base}/identification`)).body;
      const options = [...form.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].filter((option) => /^commune$/i.test(option[3] ?? ""));
      expect(options.map((option) => [option[1], option[2] !== undefined])).toEqual([["commune", true]]);
      expect((await browser.get(base)).body).toContain("<dt>Type de tiers</dt><dd>Commune</dd>");
      // Saving the form stores the list's code.
      expect((await browser.post(`${base}/identification`, { ...identification, entityType: "commune" })).statusCode).toBe(303);
      expect((await organisationRow(organisation.id)).entityType).toBe("commune");
    });

    it("records the changes normalised, with who made them and when, and audits the fields changed", async () => {
      const { organisation, account, browser, base } = await memberOf();
      await browser.get(`${base}/identification`);
      const response = await browser.post(`${base}/identification`, { ...identification, siret: "73282932000074", clientNumber: "1" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(base);

      const stored = await organisationRow(organisation.id);
      expect(stored).toMatchObject({
        name: "ASSOCIATION NOUVELLE",
        entityType: "association",
        nafCode: "71.12A",
        legalFormCode: "9220",
        rna: "W723007219",
        phone: "+33467589663",
        mobile: "+33625896585",
        fax: "+33457896312",
        email: "nouvelle@association.com",
        website: "https://www.bidon.com",
        updatedBy: account.id,
        // The register's identifiers are not the form's to change.
        siret: organisation.siret,
        clientNumber: organisation.clientNumber,
      });
      expect(stored.updatedAt.getTime()).toBeGreaterThan(organisation.updatedAt.getTime());

      const [event] = await auditEvents("organisation.identification_changed", account.id);
      expect(event).toMatchObject({ actorId: account.id, ip: browser.ip });
      expect(event?.details).toEqual({
        organisationId: organisation.id,
        fields: ["name", "entityType", "nafCode", "legalFormCode", "rna", "phone", "mobile", "fax", "email", "website"],
      });

      const page = await browser.get(base);
      expect(page.body).toContain("L&#39;identification de la structure a bien été enregistrée.");
      expect(page.body).toContain("<dt>NAF</dt><dd>71.12A - Activité des géomètres</dd>");
    });

    it("accepts a NAF code however it is typed, and empties optional fields", async () => {
      const { organisation, browser, base } = await memberOf();
      for (const nafCode of ["7112A", "71.12A", "71.12 a"]) {
        await browser.get(`${base}/identification`);
        expect((await browser.post(`${base}/identification`, { ...identification, nafCode })).statusCode, nafCode).toBe(303);
        expect((await organisationRow(organisation.id)).nafCode).toBe("71.12A");
      }
      await browser.get(`${base}/identification`);
      const empty = { name: "Commune d'Eus", entityType: "", nafCode: "", legalFormCode: "", rna: "", phone: "", mobile: "", fax: "", email: "", website: "" };
      expect((await browser.post(`${base}/identification`, empty)).statusCode).toBe(303);
      expect(await organisationRow(organisation.id)).toMatchObject({ name: "Commune d'Eus", nafCode: null, rna: null, phone: null, website: null, entityType: null });
    });

    it("refuses bad input with 422, a French message for each field and the values as typed", async () => {
      const { organisation, account, browser, base } = await memberOf();
      await browser.get(`${base}/identification`);
      const typed = {
        name: "",
        entityType: "pirate",
        nafCode: "71.12Z",
        legalFormCode: "0001",
        rna: "W12345",
        phone: "04 67 58",
        mobile: "+44 20 7946 0958",
        fax: "abc",
        email: "nouvelle@",
        website: "ftp://www.bidon.com",
      };
      const response = await browser.post(`${base}/identification`, typed);
      expect(response.statusCode).toBe(422);
      const body = response.body;
      expect(body).toContain("<title>Erreur : Modifier l&#39;identification");
      expect(body).toContain("Le formulaire contient 10 erreurs");
      expect(body).toContain('<a href="#champ-name">Nom de la structure : Saisissez le nom de la structure.</a>');
      expect(body).toContain('<a href="#champ-entityType">Type de tiers : Choisissez le type de tiers dans la liste.</a>');
      expect(body).toContain("Le code NAF 71.12Z n&#39;existe pas dans la nomenclature NAF rév. 2");
      expect(body).toContain("Choisissez la forme juridique dans la liste.");
      expect(body).toContain("Le numéro RNA commence par la lettre W suivie de 9 caractères, par exemple W751234567.");
      expect(body).toContain('<a href="#champ-phone">Téléphone : Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 23 45 67 89.</a>');
      expect(body).toContain("Saisissez un numéro de téléphone français (indicatif +33 ou d&#39;un département d&#39;outre-mer).");
      expect(body).toContain('<a href="#champ-email">Adresse électronique : Saisissez une adresse électronique valide, par exemple nom@exemple.fr.</a>');
      expect(body).toContain("Site internet : Saisissez l&#39;adresse complète du site internet, commençant par http:// ou https://");
      for (const value of ["71.12Z", "W12345", "04 67 58", "nouvelle@", "ftp://www.bidon.com"]) expect(body).toContain(`value="${value}"`);
      expect(body).toMatch(/<input class="field__input" id="champ-nafCode" name="nafCode" type="text" value="71.12Z"[^>]*aria-invalid="true"/);
      expect((await organisationRow(organisation.id)).name).toBe("COMMUNE D'EUS");
      expect(await auditEvents("organisation.identification_changed", account.id)).toHaveLength(0);
    });

    it("keeps a type and a legal form stored by an import that the lists do not hold, when another field is saved", async () => {
      const { organisation, browser, base } = await memberOf();
      await t.deps.db.updateTable("organisations").set({ entityType: "Collectivité", legalFormCode: "7999" }).where("id", "=", organisation.id).execute();
      const form = await browser.get(`${base}/identification`);
      expect(form.body).toContain('<option value="Collectivité" selected="">Collectivité</option>');
      expect(form.body).toContain('<option value="7999" selected="">Catégorie juridique 7999</option>');
      const response = await browser.post(`${base}/identification`, { ...identification, entityType: "Collectivité", legalFormCode: "7999" });
      expect(response.statusCode).toBe(303);
      expect(await organisationRow(organisation.id)).toMatchObject({ entityType: "Collectivité", legalFormCode: "7999", nafCode: "71.12A" });
      await browser.get(`${base}/identification`);
      expect((await browser.post(`${base}/identification`, { ...identification, legalFormCode: "7998" })).statusCode).toBe(422);
    });

    it("stores an RNA number with a letter (Corsica, overseas prefectures)", async () => {
      const { browser, base, organisation } = await memberOf();
      await browser.get(`${base}/identification`);
      const response = await browser.post(`${base}/identification`, { ...identification, rna: "W2A1001234" });
      expect(response.statusCode).toBe(303);
      expect(await organisationRow(organisation.id)).toMatchObject({ rna: "W2A1001234" });
    });

    it("refuses a malformed NAF code and a website that is a script", async () => {
      const { browser, base } = await memberOf();
      await browser.get(`${base}/identification`);
      const response = await browser.post(`${base}/identification`, { ...identification, nafCode: "711", website: "javascript:alert(1)" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("Le code NAF (APE) comporte 4 chiffres et une lettre, par exemple 71.12A.");
      expect(response.body).toContain("Saisissez l&#39;adresse complète du site internet");
    });
  });

  describe("the main address", () => {
    it("is changed after checking that the postal code serves the commune, and audited", async () => {
      const { organisation, account, browser, base } = await memberOf();
      const form = await browser.get(`${base}/adresse`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="1 place de la Mairie"');
      expect(form.body).toContain('value="France"');
      expect(form.body).toContain('<legend class="fieldset__legend fieldset__legend--large">Adresse principale</legend>');

      const response = await browser.post(`${base}/adresse`, { ...address, communeName: "cahors" });
      expect(response.statusCode).toBe(303);
      expect(await organisationRow(organisation.id)).toMatchObject({
        addressRecipient: "destinataire",
        addressBuilding: "batiment",
        addressStreet: "n° voie",
        addressDistribution: "mention BP",
        postalCode: "46000",
        communeInseeCode: "46042",
        communeName: "Cahors",
        country: null,
        updatedBy: account.id,
      });
      const [event] = await auditEvents("organisation.address_changed", account.id);
      expect(event?.details).toEqual({
        organisationId: organisation.id,
        fields: ["addressRecipient", "addressBuilding", "addressStreet", "addressDistribution", "postalCode", "communeInseeCode", "communeName"],
      });
      const page = await browser.get(base);
      expect(page.body).toContain("L&#39;adresse de la structure a bien été enregistrée.");
      expect(page.body).toContain("<p>destinataire<br/>batiment<br/>n° voie<br/>mention BP<br/>46000 CAHORS<br/>FRANCE</p>");
    });

    it("refuses a postal code that does not match the commune, with 422 and the values typed", async () => {
      const { organisation, browser, base } = await memberOf();
      await browser.get(`${base}/adresse`);
      const response = await browser.post(`${base}/adresse`, { ...address, communeName: "Auch" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-communeName">Commune : La commune ne correspond pas au code postal 46000. Communes de ce code postal : Cahors.</a>');
      expect(response.body).toContain('value="Auch"');
      expect(response.body).toContain('value="mention BP"');
      expect((await organisationRow(organisation.id)).communeName).toBe("Eus");
    });

    it("refuses a missing street and an unknown postal code", async () => {
      const { browser, base } = await memberOf();
      await browser.get(`${base}/adresse`);
      const response = await browser.post(`${base}/adresse`, { ...address, addressStreet: "", postalCode: "00000" });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('<a href="#champ-addressStreet">Numéro et voie : Saisissez le numéro et le libellé de la voie.</a>');
      expect(response.body).toContain('<a href="#champ-postalCode">Code postal : Ce code postal n&#39;existe pas : vérifiez-le.</a>');
    });

    it("takes an address abroad with its postal code and locality as written", async () => {
      const { organisation, browser, base } = await memberOf();
      await browser.get(`${base}/adresse`);
      const response = await browser.post(`${base}/adresse`, { ...address, postalCode: "1000", communeName: "Bruxelles", country: "Belgique" });
      expect(response.statusCode).toBe(303);
      expect(await organisationRow(organisation.id)).toMatchObject({ postalCode: "1000", communeName: "Bruxelles", communeInseeCode: null, country: "Belgique" });
      expect((await browser.get(base)).body).toContain("1000 BRUXELLES<br/>BELGIQUE</p>");
    });
  });

  describe("the representatives", () => {
    it("are created with their own address and phones, the organisation marked changed, and audited", async () => {
      const { organisation, account, browser, base } = await memberOf();
      const form = await browser.get(`${base}/representants/nouveau`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain("<h1>Créer un nouveau représentant</h1>");
      expect(form.body).toContain('<legend class="fieldset__legend">Civilité</legend>');
      expect(form.body).toContain("Adresse du représentant (facultative)");

      const response = await browser.post(`${base}/representants/nouveau`, representative);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`${base}#representants`);
      const [stored] = await representativesOf(organisation.id);
      expect(stored).toMatchObject({
        civility: "Mme",
        lastName: "Association",
        firstName: "Nouvelle",
        function: "Présidente",
        isLegalRepresentative: true,
        addressRecipient: "appart",
        addressStreet: "n° voie",
        postalCode: "32000",
        communeInseeCode: "32013",
        communeName: "Auch",
        country: null,
        phone: "+33467589663",
        mobile: "+33625896585",
        fax: "+33457896312",
        email: "nouvelle@association.com",
      });
      expect((await organisationRow(organisation.id)).updatedBy).toBe(account.id);
      const [event] = await auditEvents("organisation.representative_created", account.id);
      expect(event?.details).toEqual({ organisationId: organisation.id, representativeId: stored?.id, legalRepresentative: true, legalFlagTakenFrom: [] });

      const page = await browser.get(base);
      expect(page.body).toContain("Le représentant a bien été créé.");
      expect(page.body).toContain("<p>appart<br/>batiment<br/>n° voie<br/>lieu dit BP<br/>32000 AUCH<br/>FRANCE</p>");
      expect(page.body).toContain("<dt>Téléphone</dt><dd>04 67 58 96 63</dd>");
    });

    it("may have no address of their own", async () => {
      const { organisation, browser, base } = await memberOf();
      await browser.get(`${base}/representants/nouveau`);
      const noAddress = { civility: "M.", lastName: "Président", firstName: "Bidulle", function: "Président", country: "France" };
      expect((await browser.post(`${base}/representants/nouveau`, noAddress)).statusCode).toBe(303);
      expect(await representativesOf(organisation.id)).toMatchObject([{ lastName: "Président", isLegalRepresentative: false, addressStreet: null, postalCode: null, country: null }]);
    });

    it("have at most one legal representative: flagging one unflags the other, and the pages say so", async () => {
      const { organisation, account, browser, base } = await memberOf();
      const previous = await addRepresentative(organisation.id, { isLegalRepresentative: true });
      const other = await addRepresentative(organisation.id, { civility: "M.", lastName: "Président", firstName: "Bidulle", function: "Président" });

      const form = await browser.get(`${base}/representants/${other.id}`);
      expect(form.body).toContain("Madame Nouvelle ASSOCIATION l&#39;est aujourd&#39;hui : si vous cochez cette case, Madame Nouvelle ASSOCIATION ne le sera plus.");
      const response = await browser.post(`${base}/representants/${other.id}`, {
        civility: "M.",
        lastName: "Président",
        firstName: "Bidulle",
        function: "Président",
        isLegalRepresentative: "oui",
        country: "France",
      });
      expect(response.statusCode).toBe(303);
      const rows = await representativesOf(organisation.id);
      expect(rows.find((row) => row.id === previous.id)?.isLegalRepresentative).toBe(false);
      expect(rows.find((row) => row.id === other.id)?.isLegalRepresentative).toBe(true);
      const [event] = await auditEvents("organisation.representative_changed", account.id);
      expect(event?.details).toEqual({ organisationId: organisation.id, representativeId: other.id, fields: ["isLegalRepresentative"], legalFlagTakenFrom: [previous.id] });
      expect((await browser.get(base)).body).toContain("Il est désormais le représentant légal de la structure : l&#39;ancien représentant légal ne l&#39;est plus.");

      // A new legal representative takes the flag too.
      await browser.get(`${base}/representants/nouveau`);
      await browser.post(`${base}/representants/nouveau`, { ...representative, lastName: "Trésorière", firstName: "Anne" });
      const legal = (await representativesOf(organisation.id)).filter((row) => row.isLegalRepresentative);
      expect(legal.map((row) => row.lastName)).toEqual(["Trésorière"]);
    });

    it("are changed, the form showing their current values", async () => {
      const { organisation, browser, base } = await memberOf();
      const row = await addRepresentative(organisation.id, { phone: "+33467589663", addressStreet: "2 rue Haute", postalCode: "32000", communeName: "Auch" });
      const form = await browser.get(`${base}/representants/${row.id}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain("<h1>Modifier le représentant Madame Nouvelle ASSOCIATION</h1>");
      expect(form.body).toContain('value="04 67 58 96 63"');
      expect(form.body).toContain('value="2 rue Haute"');
      expect(form.body).toContain('<input type="radio" id="champ-civility-0" name="civility" value="Mme" checked=""/>');
      const response = await browser.post(`${base}/representants/${row.id}`, { ...representative, isLegalRepresentative: "", function: "Trésorière" });
      expect(response.statusCode).toBe(303);
      expect((await representativesOf(organisation.id))[0]).toMatchObject({ function: "Trésorière", postalCode: "32000", addressStreet: "n° voie", isLegalRepresentative: false });
      expect((await browser.get(base)).body).toContain("Le représentant a bien été modifié.");
    });

    it("refuse bad input with 422, French messages and the values typed", async () => {
      const { organisation, browser, base } = await memberOf();
      await browser.get(`${base}/representants/nouveau`);
      const response = await browser.post(`${base}/representants/nouveau`, {
        ...representative,
        civility: "",
        lastName: "",
        function: "",
        postalCode: "46000",
        communeName: "Auch",
        phone: "12",
        email: "nouvelle.association.com",
      });
      expect(response.statusCode).toBe(422);
      const body = response.body;
      expect(body).toContain('<a href="#champ-civility">Civilité : Indiquez la civilité du représentant.</a>');
      expect(body).toContain('<a href="#champ-lastName">Nom : Saisissez le nom du représentant.</a>');
      expect(body).toContain("Fonction : Saisissez la fonction du représentant, par exemple Président ou Maire.");
      expect(body).toContain("Commune : La commune ne correspond pas au code postal 46000.");
      expect(body).toContain('<a href="#champ-phone">Téléphone : Saisissez un numéro de téléphone français à 10 chiffres');
      expect(body).toContain("Adresse électronique : Saisissez une adresse électronique valide");
      expect(body).toContain('value="nouvelle.association.com"');
      expect(body).toContain('value="Nouvelle"');
      expect(body).toMatch(/id="champ-isLegalRepresentative" name="isLegalRepresentative" value="oui" checked=""/);
      expect(await representativesOf(organisation.id)).toHaveLength(0);
    });

    it("are deleted after a confirmation page, and audited", async () => {
      const { organisation, account, browser, base } = await memberOf();
      const row = await addRepresentative(organisation.id, { isLegalRepresentative: true });
      const confirmation = await browser.get(`${base}/representants/${row.id}/supprimer`);
      expect(confirmation.statusCode).toBe(200);
      expect(confirmation.body).toContain("<h1>Supprimer le représentant Madame Nouvelle ASSOCIATION ?</h1>");
      expect(confirmation.body).toContain("C&#39;est le représentant légal de la structure");
      expect(await representativesOf(organisation.id)).toHaveLength(1);

      const response = await browser.post(`${base}/representants/${row.id}/supprimer`, {});
      expect(response.statusCode).toBe(303);
      expect(await representativesOf(organisation.id)).toHaveLength(0);
      const [event] = await auditEvents("organisation.representative_deleted", account.id);
      expect(event?.details).toEqual({ organisationId: organisation.id, representativeId: row.id, wasLegalRepresentative: true });
      expect((await browser.get(base)).body).toContain("Le représentant a bien été supprimé.");
    });

    it("of another organisation are not found (404), even for a member of both", async () => {
      const { organisation, account, browser, base } = await memberOf();
      const elsewhere = await buildOrganisation(t.deps.db);
      await addMember(t.deps.db, elsewhere, account);
      const foreign = await addRepresentative(elsewhere.id);
      for (const path of [`${base}/representants/${foreign.id}`, `${base}/representants/${foreign.id}/supprimer`, `${base}/representants/${randomUUID()}`, `${base}/representants/abc`]) {
        expect((await browser.get(path)).statusCode, path).toBe(404);
      }
      await browser.get(base);
      expect((await browser.post(`${base}/representants/${foreign.id}`, representative)).statusCode).toBe(404);
      expect((await browser.post(`${base}/representants/${foreign.id}/supprimer`, {})).statusCode).toBe(404);
      expect(await representativesOf(elsewhere.id)).toMatchObject([{ id: foreign.id, function: "Présidente" }]);
      expect(await representativesOf(organisation.id)).toHaveLength(0);
    });
  });

  describe("my coordinates within the organisation", () => {
    it("change my phone number on its own page, stored normalised and audited", async () => {
      const { organisation, account, browser, base, membership } = await memberOf();
      const form = await browser.get(`${base}/mes-coordonnees/telephone`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain("<h1>Modifier mon numéro de téléphone</h1>");
      expect(form.body).toContain("Annuler");
      const response = await browser.post(`${base}/mes-coordonnees/telephone`, { phone: "07 08 09 10 11" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`${base}#mes-coordonnees`);
      const stored = await t.deps.db.selectFrom("memberships").selectAll().where("id", "=", membership.id).executeTakeFirstOrThrow();
      expect(stored.phone).toBe("+33708091011");
      const [event] = await auditEvents("membership.phone_changed", account.id);
      expect(event?.details).toEqual({ organisationId: organisation.id, membershipId: membership.id, emptied: false });
      const page = await browser.get(base);
      expect(page.body).toContain("Votre numéro de téléphone au sein de la structure a bien été modifié.");
      expect(page.body).toContain("<dt>Téléphone</dt><dd>07 08 09 10 11</dd>");
      expect((await browser.get(`${base}/mes-coordonnees/telephone`)).body).toContain('value="07 08 09 10 11"');
    });

    it("change my e-mail address and my function, each on its own", async () => {
      const { account, browser, base, membership } = await memberOf({ phone: "+33708091011" });
      await browser.get(`${base}/mes-coordonnees/courriel`);
      expect((await browser.post(`${base}/mes-coordonnees/courriel`, { email: "Secretariat@Mairie-Eus.fr", phone: "" })).statusCode).toBe(303);
      const fnForm = await browser.get(`${base}/mes-coordonnees/fonction`);
      expect(fnForm.body).toContain("La fonction au sein de la structure est obligatoire pour accéder à certains services");
      expect(fnForm.body).toContain('<option value="Maire">Maire</option>');
      expect((await browser.post(`${base}/mes-coordonnees/fonction`, { function: "Maire", functionOther: "" })).statusCode).toBe(303);
      const stored = await t.deps.db.selectFrom("memberships").selectAll().where("id", "=", membership.id).executeTakeFirstOrThrow();
      // Each page changes its own coordinate only.
      expect(stored).toMatchObject({ email: "secretariat@mairie-eus.fr", function: "Maire", phone: "+33708091011" });
      expect(await auditEvents("membership.email_changed", account.id)).toHaveLength(1);
      expect(await auditEvents("membership.function_changed", account.id)).toHaveLength(1);
      expect((await browser.get(base)).body).toContain("Votre fonction au sein de la structure a bien été modifiée.");
    });

    it("take a function written by the person after choosing Autre, and show it back that way", async () => {
      const { browser, base, membership } = await memberOf();
      await browser.get(`${base}/mes-coordonnees/fonction`);
      const missing = await browser.post(`${base}/mes-coordonnees/fonction`, { function: "Autre", functionOther: "" });
      expect(missing.statusCode).toBe(422);
      expect(missing.body).toContain('<a href="#champ-functionOther">Autre fonction : Précisez votre fonction.</a>');
      expect((await browser.post(`${base}/mes-coordonnees/fonction`, { function: "Autre", functionOther: "Archiviste" })).statusCode).toBe(303);
      const stored = await t.deps.db.selectFrom("memberships").select("function").where("id", "=", membership.id).executeTakeFirstOrThrow();
      expect(stored.function).toBe("Archiviste");
      const form = await browser.get(`${base}/mes-coordonnees/fonction`);
      expect(form.body).toContain('<option value="Autre" selected="">');
      expect(form.body).toContain('value="Archiviste"');
    });

    it("refuse a bad phone, a bad e-mail and a function off the list with 422 and the value typed", async () => {
      const { browser, base, membership } = await memberOf();
      await browser.get(`${base}/mes-coordonnees/telephone`);
      const phone = await browser.post(`${base}/mes-coordonnees/telephone`, { phone: "00070809" });
      expect(phone.statusCode).toBe(422);
      expect(phone.body).toContain('<a href="#champ-phone">Téléphone : ');
      expect(phone.body).toContain('value="00070809"');
      await browser.get(`${base}/mes-coordonnees/courriel`);
      const email = await browser.post(`${base}/mes-coordonnees/courriel`, { email: "moi@" });
      expect(email.statusCode).toBe(422);
      expect(email.body).toContain("Adresse électronique : Saisissez une adresse électronique valide, par exemple nom@exemple.fr.");
      expect(email.body).toContain('value="moi@"');
      await browser.get(`${base}/mes-coordonnees/fonction`);
      const fn = await browser.post(`${base}/mes-coordonnees/fonction`, { function: "Empereur" });
      expect(fn.statusCode).toBe(422);
      expect(fn.body).toContain("Fonction : Choisissez votre fonction dans la liste.");
      const stored = await t.deps.db.selectFrom("memberships").selectAll().where("id", "=", membership.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ phone: null, email: null, function: null });
    });

    it("may be emptied, except the function", async () => {
      const { browser, base, membership } = await memberOf({ phone: "+33708091011", email: "moi@mairie.fr" });
      await browser.get(`${base}/mes-coordonnees/telephone`);
      expect((await browser.post(`${base}/mes-coordonnees/telephone`, { phone: "" })).statusCode).toBe(303);
      await browser.get(`${base}/mes-coordonnees/courriel`);
      expect((await browser.post(`${base}/mes-coordonnees/courriel`, { email: "" })).statusCode).toBe(303);
      await browser.get(`${base}/mes-coordonnees/fonction`);
      expect((await browser.post(`${base}/mes-coordonnees/fonction`, { function: "" })).statusCode).toBe(422);
      const stored = await t.deps.db.selectFrom("memberships").selectAll().where("id", "=", membership.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ phone: null, email: null });
    });

    it("may be filled in by a pending member, without changing the organisation's date", async () => {
      const { organisation, browser, base, membership } = await memberOf({ status: "pending" });
      expect((await browser.get(`${base}/mes-coordonnees/fonction`)).statusCode).toBe(200);
      expect((await browser.post(`${base}/mes-coordonnees/fonction`, { function: "Secrétaire" })).statusCode).toBe(303);
      const stored = await t.deps.db.selectFrom("memberships").select("function").where("id", "=", membership.id).executeTakeFirstOrThrow();
      expect(stored.function).toBe("Secrétaire");
      expect((await organisationRow(organisation.id)).updatedAt).toEqual(organisation.updatedAt);
    });
  });
});
