import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs } from "../../../test/builders.ts";
import { checkDeskFields, type DeskFields } from "./desk-input.ts";
import { deleteAllDesks, insertDesks, listDesks } from "./queries.ts";

const HEADER = "nom;adresse;code_postal;commune;horaires;telephone;services;latitude;longitude";
const GOOD_LINES = [
  "Guichet de Toulouse;1 rue A;31000;Toulouse;du lundi au vendredi;05 36 49 00 01;Aide aux démarches|Logement;43,6045;1,4440",
  "Guichet de Blagnac;2 rue B;31700;Blagnac;le mardi;;;43.6370;1.3900",
  'Guichet de Bordeaux;"3 rue C, bâtiment D";33000;Bordeaux;le jeudi;05 36 49 00 11;;44.8378;-0.5792',
];
const BROKEN_LINES = [
  GOOD_LINES[0]!,
  "Guichet de Blagnac;2 rue B;31700;Toulouse;le mardi;12;;43.6370;",
  GOOD_LINES[2]!,
  "Guichet de Toulouse;9 rue Z;31000;Toulouse;;;;;",
];

const placed = (fields: Partial<DeskFields>): DeskFields => ({
  name: "",
  address: "1 rue de l'Essai",
  postalCode: "",
  commune: "",
  openingHours: "du lundi au vendredi, de 9 h à 17 h",
  phone: "",
  services: "Aide aux démarches en ligne",
  latitude: "",
  longitude: "",
  ...fields,
});

/** Toulouse, Blagnac, Saint-Gaudens and Bordeaux placed; Muret without a position. */
const searchDesks = [
  placed({ name: "Guichet de Saint-Gaudens", postalCode: "31800", commune: "Saint-Gaudens", latitude: "43.1081", longitude: "0.7233" }),
  placed({ name: "Guichet de Bordeaux", postalCode: "33000", commune: "Bordeaux", latitude: "44.8378", longitude: "-0.5792" }),
  placed({ name: "Guichet de Blagnac", postalCode: "31700", commune: "Blagnac", latitude: "43.6370", longitude: "1.3900", phone: "05 36 49 00 02" }),
  placed({ name: "Guichet de Toulouse <Capitole>", postalCode: "31000", commune: "Toulouse", latitude: "43.6045", longitude: "1.4440" }),
  placed({ name: "Guichet de Muret", postalCode: "31600", commune: "Muret" }),
];

function deskInput(fields: DeskFields) {
  const checked = checkDeskFields(fields);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.desk;
}

/** A multipart form as a browser sends it: the CSRF token first, then the file. */
function multipartForm(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = `----guichet${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.from(file.content), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const main = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
const deskNames = (html: string) => [...main(html).matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]);

describe("reception desks", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function adminBrowser() {
    const admin = await buildAccount(t.deps.db, { role: "platform_admin" });
    const browser = new TestBrowser(t.app);
    await logInAs(browser, admin);
    return { browser, admin };
  }

  async function upload(browser: TestBrowser, file?: { name: string; content: string }) {
    await browser.get("/administration/guichets-d-accueil/import");
    const form = multipartForm({ _csrf: browser.csrfToken() }, file);
    const cookie = ["guichet_session", "guichet_csrf"].flatMap((name) => (browser.cookie(name) ? [`${name}=${browser.cookie(name)}`] : [])).join("; ");
    const response = await t.app.inject({
      method: "POST",
      url: "/administration/guichets-d-accueil/import",
      remoteAddress: browser.ip,
      headers: { cookie, "content-type": form.contentType },
      payload: form.payload,
    });
    browser.lastPage = response.body;
    return response;
  }

  const auditEvents = (event: string) => t.deps.db.selectFrom("auditEvents").select(["event", "actorId", "details"]).where("event", "=", event).orderBy("id").execute();

  describe("Trouver un guichet d'accueil", () => {
    beforeEach(async () => {
      await deleteAllDesks(t.deps.db);
      await insertDesks(t.deps.db, searchDesks.map(deskInput), t.clock.now());
    });

    it("offers anyone a search form that works without JavaScript (GET, labelled, with an example)", async () => {
      const response = await new TestBrowser(t.app).get("/guichets-d-accueil");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<h1>Trouver un guichet d&#39;accueil</h1>");
      expect(response.body).toContain('<form method="get" action="/guichets-d-accueil" role="search"');
      expect(response.body).toContain('<label class="field__label" for="champ-q">Commune ou code postal</label>');
      expect(deskNames(response.body)).toEqual([]);
    });

    it("lists the desks nearest a postal code first, with their distance in km, the unplaced ones last", async () => {
      const response = await new TestBrowser(t.app).get("/guichets-d-accueil?q=31000");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("<title>Guichets d&#39;accueil près de Toulouse (31) - Guichet</title>");
      expect(deskNames(response.body)).toEqual(["Guichet de Toulouse &lt;Capitole&gt;", "Guichet de Blagnac", "Guichet de Saint-Gaudens", "Guichet de Bordeaux", "Guichet de Muret"]);
      const distances = [...main(response.body).matchAll(/<p class="desk__distance">([^<]+)<\/p>/g)].map((match) => match[1]);
      // Blagnac 5.5 km, Saint-Gaudens 80 km, Bordeaux 212 km from Toulouse's desk.
      expect(distances).toEqual(["à moins de 1 km", "à 6 km", "à 80 km", "à 212 km", "Distance inconnue"]);
      expect(response.body).toContain("Distances à vol d&#39;oiseau depuis les guichets de votre commune.");
      expect(response.body).toContain('<a href="tel:+33536490002">05 36 49 00 02</a>');
      expect(response.body).toContain("<li>Aide aux démarches en ligne</li>");
    });

    it("finds the commune by its name, accents and case ignored, estimating its position from its département's desks", async () => {
      const response = await new TestBrowser(t.app).get(`/guichets-d-accueil?q=${encodeURIComponent("COLOMIERS")}`);
      expect(response.statusCode).toBe(200);
      expect(main(response.body)).toContain("Guichets d&#39;accueil les plus proches de Colomiers (31)");
      expect(response.body).toContain("Distances approximatives");
      expect(deskNames(response.body)[0]).toBe("Guichet de Blagnac");
      expect(response.body).toContain('value="COLOMIERS"');
    });

    it("lets the visitor choose among the communes of an ambiguous postal code, each a plain link", async () => {
      const browser = new TestBrowser(t.app);
      const response = await browser.get("/guichets-d-accueil?q=31290");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("Le code postal 31290 dessert plusieurs communes : choisissez la vôtre.");
      const link = /<a href="(\/guichets-d-accueil\?commune=31582)">Villefranche-de-Lauragais \(31\)<\/a>/.exec(response.body);
      expect(link).not.toBeNull();
      const chosen = await browser.get(link![1]!);
      expect(main(chosen.body)).toContain("les plus proches de Villefranche-de-Lauragais (31)");
      expect(chosen.body).toContain("Distances approximatives");
      expect(deskNames(chosen.body)).toHaveLength(5);
    });

    it("says when no desk is known in the département, and points to the other ways of getting help", async () => {
      const response = await new TestBrowser(t.app).get("/guichets-d-accueil?q=29200");
      expect(response.statusCode).toBe(200);
      expect(main(response.body)).toContain("Aucun guichet d&#39;accueil n&#39;est connu dans votre département.");
      expect(main(response.body)).toContain('<a href="/contact">nous poser votre question</a>');
    });

    it.each([
      ["3100", "Un code postal comporte 5 chiffres"],
      ["99999", "Aucune commune n&#39;a le code postal 99999"],
      ['"Toulouse" OR 1=1', "Aucune commune de ce nom"],
      ["x".repeat(1000), "Votre recherche est trop longue"],
    ])("answers %j with status 422, the error linked to the field and what was typed kept", async (typed, message) => {
      const response = await new TestBrowser(t.app).get(`/guichets-d-accueil?q=${encodeURIComponent(typed)}`);
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain("<title>Erreur : Trouver un guichet d&#39;accueil - Guichet</title>");
      expect(response.body).toContain('<a href="#champ-q">');
      expect(response.body).toContain(message);
      expect(response.body).toContain('aria-invalid="true"');
      expect(response.body).toContain(`value="${typed.slice(0, 200).replaceAll('"', "&quot;")}"`);
    });

    it("ignores repeated parameters rather than failing", async () => {
      const response = await new TestBrowser(t.app).get("/guichets-d-accueil?q=31000&q=33000");
      expect(response.statusCode).toBe(200);
    });
  });

  describe("administration", () => {
    beforeEach(() => deleteAllDesks(t.deps.db));

    it("is hidden from anyone but a platform admin", async () => {
      const anonymous = new TestBrowser(t.app);
      expect((await anonymous.get("/administration/guichets-d-accueil")).headers.location).toBe("/connexion?retour=%2Fadministration%2Fguichets-d-accueil");
      const applicant = new TestBrowser(t.app);
      await logInAs(applicant, await buildAccount(t.deps.db));
      for (const url of ["/administration/guichets-d-accueil", "/administration/guichets-d-accueil/nouveau", "/administration/guichets-d-accueil/import"]) {
        expect((await applicant.get(url)).statusCode).toBe(404);
      }
      await applicant.get("/mon-compte");
      const post = await applicant.post("/administration/guichets-d-accueil/nouveau", { name: "Intrus", address: "1 rue", postalCode: "31000", commune: "Toulouse", openingHours: "9 h" });
      expect(post.statusCode).toBe(404);
      expect(await listDesks(t.deps.db)).toEqual([]);
    });

    it("is listed among the administration tools", async () => {
      const { browser } = await adminBrowser();
      expect((await browser.get("/administration")).body).toContain('<a href="/administration/guichets-d-accueil">Guichets d&#39;accueil</a>');
    });

    it("lets an admin add, edit and delete a desk, each recorded in the audit trail", async () => {
      const { browser, admin } = await adminBrowser();
      const invalid = await browser.submit("/administration/guichets-d-accueil/nouveau", { name: "Guichet de Muret", address: "", postalCode: "31600", commune: "Toulouse", openingHours: "le lundi", phone: "06", services: "", latitude: "43,46", longitude: "" });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.body).toContain('<a href="#champ-address">Adresse (numéro et voie) : Saisissez l&#39;adresse (numéro et voie).</a>');
      expect(invalid.body).toContain("La commune ne correspond pas au code postal 31600");
      expect(invalid.body).toContain('<a href="#champ-longitude">');
      expect(invalid.body).toContain('value="Guichet de Muret"');
      expect(await listDesks(t.deps.db)).toEqual([]);

      const created = await browser.post("/administration/guichets-d-accueil/nouveau", { name: "Guichet de Muret", address: "8 avenue A", postalCode: "31600", commune: "muret", openingHours: "le lundi", phone: "05 36 49 00 03", services: "Logement\nAide", latitude: "43,4615", longitude: "1,3267" });
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe("/administration/guichets-d-accueil");
      const list = await browser.get("/administration/guichets-d-accueil");
      expect(list.body).toContain("Le guichet d&#39;accueil a bien été ajouté.");
      expect(list.body).toContain("31600 Muret (31)");
      const [desk] = await listDesks(t.deps.db);
      expect(desk).toMatchObject({ name: "Guichet de Muret", communeCode: "31395", phone: "+33536490003", services: "Logement\nAide", latitude: 43.4615 });

      const edit = await browser.get(`/administration/guichets-d-accueil/${desk!.id}/modifier`);
      expect(edit.body).toContain('value="05 36 49 00 03"');
      expect(edit.body).toContain('value="43,4615"');
      const updated = await browser.post(`/administration/guichets-d-accueil/${desk!.id}/modifier`, { name: "Maison des services de Muret", address: "8 avenue A", postalCode: "31600", commune: "Muret", openingHours: "le mardi", phone: "", services: "", latitude: "", longitude: "" });
      expect(updated.statusCode).toBe(303);
      expect((await listDesks(t.deps.db))[0]).toMatchObject({ name: "Maison des services de Muret", phone: null, latitude: null, openingHours: "le mardi" });
      const invalidEdit = await browser.post(`/administration/guichets-d-accueil/${desk!.id}/modifier`, { name: "", address: "8 avenue A", postalCode: "31600", commune: "Muret", openingHours: "le mardi" });
      expect(invalidEdit.statusCode).toBe(422);
      expect(invalidEdit.body).toContain(`action="/administration/guichets-d-accueil/${desk!.id}/modifier"`);

      const confirm = await browser.get(`/administration/guichets-d-accueil/${desk!.id}/supprimer`);
      expect(confirm.body).toContain("Cette suppression est définitive.");
      const deleted = await browser.post(`/administration/guichets-d-accueil/${desk!.id}/supprimer`, {});
      expect(deleted.statusCode).toBe(303);
      expect(await listDesks(t.deps.db)).toEqual([]);
      expect((await browser.post(`/administration/guichets-d-accueil/${desk!.id}/supprimer`, {})).statusCode).toBe(404);
      expect((await browser.get("/administration/guichets-d-accueil/pas-un-identifiant/modifier")).statusCode).toBe(404);

      for (const event of ["reception_desk.created", "reception_desk.updated", "reception_desk.deleted"]) {
        expect(await auditEvents(event)).toEqual([expect.objectContaining({ actorId: admin.id, details: expect.objectContaining({ deskId: desk!.id }) })]);
      }
    });

    it("refuses a form posted without its CSRF token", async () => {
      const { browser } = await adminBrowser();
      await browser.get("/administration/guichets-d-accueil/nouveau");
      const response = await browser.post("/administration/guichets-d-accueil/nouveau", { name: "X" }, { csrf: null });
      expect(response.statusCode).toBe(403);
    });

    it("loads nothing from a CSV with broken lines, reporting each with its line number and reasons; the fixed file replaces the list", async () => {
      const { browser, admin } = await adminBrowser();
      await insertDesks(t.deps.db, [deskInput(searchDesks[4]!)], t.clock.now());

      const broken = await upload(browser, { name: "guichets.csv", content: `\uFEFF${HEADER}\r\n${BROKEN_LINES.join("\r\n")}\r\n` });
      expect(broken.statusCode).toBe(422);
      expect(broken.body).toContain("Aucun guichet n&#39;a été chargé");
      expect(broken.body).toContain("2 lignes sont incorrectes sur 4 lignes lues");
      const rows = [...broken.body.matchAll(/<tr><th scope="row"[^>]*>(\d+)<\/th><td[^>]*>([^<]*)<\/td><td[^>]*><ul>(.*?)<\/ul><\/td><\/tr>/g)].map((match) => [match[1], match[2], match[3]]);
      expect(rows.map((row) => [row[0], row[1]])).toEqual([["3", "Guichet de Blagnac"], ["5", "Guichet de Toulouse"]]);
      expect(rows[0]![2]).toContain("commune : La commune ne correspond pas au code postal 31700");
      expect(rows[0]![2]).toContain("telephone : ");
      expect(rows[0]![2]).toContain("longitude : Saisissez aussi la longitude");
      expect(rows[1]![2]).toContain("horaires : Saisissez les horaires");
      expect((await listDesks(t.deps.db)).map((desk) => desk.name)).toEqual(["Guichet de Muret"]);

      const fixed = await upload(browser, { name: "guichets.csv", content: `${HEADER}\n${GOOD_LINES.join("\n")}\n` });
      expect(fixed.statusCode).toBe(200);
      expect(fixed.body).toContain("Les guichets sont chargés");
      expect(fixed.body).toContain("3 guichets chargés, qui remplacent les 1 guichet précédent.");
      const desks = await listDesks(t.deps.db);
      expect(desks.map((desk) => desk.name)).toEqual(["Guichet de Blagnac", "Guichet de Toulouse", "Guichet de Bordeaux"]);
      expect(desks.find((desk) => desk.communeName === "Bordeaux")).toMatchObject({ address: "3 rue C, bâtiment D", longitude: -0.5792 });
      expect(desks.find((desk) => desk.communeName === "Toulouse")).toMatchObject({ services: "Aide aux démarches\nLogement", latitude: 43.6045 });
      expect(await auditEvents("reception_desk.imported")).toEqual([expect.objectContaining({ actorId: admin.id, details: { desks: 3, replaced: 1, fileName: "guichets.csv" } })]);
    });

    it("explains a file it cannot read, and a missing file, without loading anything", async () => {
      const { browser } = await adminBrowser();
      const noColumns = await upload(browser, { name: "guichets.csv", content: "nom;adresse\nA;B\n" });
      expect(noColumns.statusCode).toBe(422);
      expect(noColumns.body).toContain("il manque : code_postal, commune, horaires");
      expect(noColumns.body).toContain('<a href="#champ-fichier">');
      const headerOnly = await upload(browser, { name: "guichets.csv", content: `${HEADER}\n` });
      expect(headerOnly.statusCode).toBe(422);
      expect(headerOnly.body).toContain("ne contient aucun guichet");
      const none = await upload(browser);
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain("Choisissez le fichier CSV des guichets à charger.");
      expect(await listDesks(t.deps.db)).toEqual([]);
    });
  });
});
