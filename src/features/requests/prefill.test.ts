import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestBrowser, type TestApp } from "../../../test/app.ts";
import { buildAccount, logInAs, signedInAccount } from "../../../test/builders.ts";
import { attachAgent } from "../instruction/attach-agent.ts";
import { buildOrganisation, randomSiret } from "../../../test/organisations.ts";
import { signedInMember } from "../../../test/services.ts";
import { loadProcedures } from "../../core/procedures/load-procedures.ts";
import { loadProceduresFromDirectory } from "../../core/procedures/load-from-directory.ts";
import { publishProcedure } from "../../core/procedures/publish-procedure.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import type { Organisation } from "../../platform/db/schema.ts";
import { formatSiret } from "../../platform/french/siret.ts";

const requestIdOf = (location: string) => /^\/demandes\/([0-9a-f-]{36})\//.exec(location)![1]!;

/** A small organisation procedure: a locked SIRET and RNA, an editable phone, nothing else required. */
const lockedDefinition: ProcedureDefinition = {
  slug: "fiche-structure",
  titre: "Mise à jour de la fiche",
  thème: "Essais",
  description: "Une démarche pour les tests du préremplissage.",
  déposant: { type: "membre-structure" },
  préfixe_numéro: "FS",
  groupes_instructeurs: ["Instructeurs"],
  informations_minimales: ["siret"],
  étapes: [
    {
      id: "structure",
      titre: "Structure",
      champs: [
        { id: "siret", type: "siret", libellé: "Siret", obligatoire: true, préremplissage: { source: "structure.siret", verrouillé: true } },
        { id: "rna", type: "rna", libellé: "Numéro RNA", préremplissage: { source: "structure.rna", verrouillé: true } },
        { id: "telephone", type: "telephone", libellé: "Téléphone", préremplissage: { source: "structure.telephone" } },
      ],
    },
  ],
};

describe("prefilled requests (dites-le-nous une fois)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadProceduresFromDirectory(t.deps, "procedures", { via: "cli" });
    await loadProcedures(t.deps, [{ name: "procedures/fiche-structure.json", content: JSON.stringify(lockedDefinition) }], { via: "cli" });
    for (const slug of ["aide-associations", "declaration-loyers", "logement-social", "fiche-structure"]) await publishProcedure(t.deps, { slug }, { actorId: null });
  });
  afterAll(() => t.close());

  const answersOf = async (requestId: string) => {
    const row = await t.deps.db.selectFrom("requests").select((eb) => eb.cast<string>("answers", "text").as("answers")).where("id", "=", requestId).executeTakeFirstOrThrow();
    return JSON.parse(row.answers) as Record<string, unknown>;
  };

  /** An association with its record filled in ("Ma structure") and a legal representative. */
  async function association(): Promise<Organisation> {
    const organisation = await buildOrganisation(t.deps.db, { name: "LES AMIS DU CANIGOU", addressLine: "4 rue du Canigou", postalCode: "66500", communeName: "Eus" });
    await t.deps.db.updateTable("organisations").set({ rna: "W661001234", phone: "+33468000000", email: "contact@amis-canigou.fr", addressBuilding: "Bâtiment B" }).where("id", "=", organisation.id).execute();
    await t.deps.db
      .insertInto("organisationRepresentatives")
      .values({ organisationId: organisation.id, civility: "Mme", lastName: "Martin", firstName: "Claire", function: "Présidente", isLegalRepresentative: true, addressRecipient: null, addressBuilding: null, addressStreet: null, addressDistribution: null, postalCode: null, communeInseeCode: null, communeName: null, country: null, phone: null, mobile: null, fax: null, email: null, createdAt: t.clock.now(), updatedAt: t.clock.now() })
      .execute();
    return organisation;
  }

  async function start(browser: TestBrowser, slug: string) {
    await browser.get("/demarches");
    const started = await browser.post(`/demarches/${slug}/commencer`, {});
    expect(started.statusCode).toBe(303);
    const location = started.headers.location as string;
    return { requestId: requestIdOf(location), stepUrl: location };
  }

  it("starts an organisation's aid request filled from its record, each answer saying where it came from", async () => {
    const organisation = await association();
    await buildOrganisation(t.deps.db, { name: "UNE AUTRE ASSOCIATION" });
    const member = await signedInMember(t, organisation);
    const { requestId, stepUrl } = await start(member.browser, "aide-associations");
    expect(await answersOf(requestId)).toEqual({
      siret: organisation.siret,
      rna: "W661001234",
      "representant-nom": "Claire Martin",
      "representant-fonction": "Présidente",
      "adresse-association": { ligne: "4 rue du Canigou", complément: "Bâtiment B", codePostal: "66500", commune: "Eus", codeInsee: "66074" },
      "telephone-association": "+33468000000",
      "email-association": "contact@amis-canigou.fr",
    });
    const page = await member.browser.get(stepUrl);
    expect(page.statusCode).toBe(200);
    // Locked: the value as text with where to change it, a hidden input for the page's conditions, no field to type in.
    expect(page.body).toContain(formatSiret(organisation.siret));
    expect(page.body).toContain(`<input type="hidden" name="siret" value="${formatSiret(organisation.siret)}"/>`);
    expect(page.body.match(/name="siret"/g)).toHaveLength(1);
    expect(page.body).toContain(`Prérempli depuis la fiche de votre structure. Ce champ ne peut pas être modifié ici. <a href="/structures/${organisation.id}">Modifier dans Ma structure</a>`);
    // Editable: an input with the value, and the sentence read with it.
    expect(page.body).toContain('value="Claire Martin"');
    expect(page.body).toContain('aria-describedby="champ-representant-nom-prefill"');
    expect(page.body).toContain('<p class="prefill-note" id="champ-representant-nom-prefill">Prérempli depuis la fiche de votre structure.</p>');
    expect(page.body).not.toContain("UNE AUTRE ASSOCIATION");
  });

  it("keeps an editable answer the applicant changes, and the source's value of a locked field whatever is posted", async () => {
    const organisation = await association();
    const member = await signedInMember(t, organisation);
    const { requestId, stepUrl } = await start(member.browser, "aide-associations");
    await member.browser.get(stepUrl);
    const form = {
      siret: formatSiret(randomSiret()),
      rna: "W123456789",
      "representant-nom": "Claire Martin-Durand",
      "representant-fonction": "Présidente",
      "adresse-association.ligne": "4 rue du Canigou",
      "adresse-association.complement": "",
      "adresse-association.code_postal": "66500",
      "adresse-association.commune": "Eus",
      "telephone-association": "04 68 11 22 33",
      "email-association": "contact@amis-canigou.fr",
    };
    const saved = await member.browser.post(stepUrl, { ...form, action: "plus-tard" });
    expect(saved.statusCode).toBe(303);
    expect(await answersOf(requestId)).toMatchObject({
      siret: organisation.siret,
      rna: "W661001234",
      "representant-nom": "Claire Martin-Durand",
      "telephone-association": "+33468112233",
      "adresse-association": { complément: "" },
    });
    // The script's autosave goes through the same door.
    await member.browser.get(stepUrl);
    const autosaved = await member.browser.post(stepUrl, { ...form, siret: "", rna: "", action: "autosave" });
    expect(autosaved.statusCode).toBe(200);
    expect(await answersOf(requestId)).toMatchObject({ siret: organisation.siret, rna: "W661001234" });
    // A changed answer is the applicant's: it no longer says it came from the record.
    const page = await member.browser.get(stepUrl);
    expect(page.body).not.toContain('id="champ-representant-nom-prefill"');
    expect(page.body).not.toContain('id="champ-telephone-association-prefill"');
    expect(page.body).toContain('id="champ-representant-fonction-prefill"');
  });

  it("reads locked answers again at filing, so the request files what the record says then", async () => {
    const organisation = await association();
    const member = await signedInMember(t, organisation);
    const { requestId, stepUrl } = await start(member.browser, "fiche-structure");
    expect(await answersOf(requestId)).toEqual({ siret: organisation.siret, rna: "W661001234", telephone: "+33468000000" });
    await t.deps.db.updateTable("organisations").set({ rna: "W661009999" }).where("id", "=", organisation.id).execute();
    const page = await member.browser.get(stepUrl);
    expect(page.body).toContain("W661009999");
    const filed = await member.browser.post(stepUrl, { siret: formatSiret(randomSiret()), rna: "W123456789", telephone: "04 68 00 00 00", action: "deposer" });
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toBe(`/demandes/${requestId}/deposee`);
    const row = await t.deps.db.selectFrom("requests").select("status").where("id", "=", requestId).executeTakeFirstOrThrow();
    expect(row.status).toBe("filed");
    expect(await answersOf(requestId)).toEqual({ siret: organisation.siret, rna: "W661009999", telephone: "+33468000000" });
  });

  it("keeps a locked field to its source in a contribution for modification too", async () => {
    const organisation = await association();
    const member = await signedInMember(t, organisation);
    const { requestId, stepUrl } = await start(member.browser, "fiche-structure");
    await member.browser.get(stepUrl);
    expect((await member.browser.post(stepUrl, { telephone: "04 68 00 00 00", action: "deposer" })).statusCode).toBe(303);
    const agent = await buildAccount(t.deps.db, { role: "agent" });
    await attachAgent(t.deps, { agentId: agent.id, procedureSlug: "fiche-structure" }, { actorId: null });
    await t.deps.db.updateTable("requests").set({ status: "in_instruction", assignedAgentId: agent.id, takenAt: t.clock.now() }).where("id", "=", requestId).execute();
    const agentBrowser = new TestBrowser(t.app);
    await logInAs(agentBrowser, agent);
    const askUrl = `/instruction/fiche-structure/${requestId}/demander-modification`;
    await agentBrowser.get(askUrl);
    expect((await agentBrowser.post(askUrl, { message: "Vérifiez le téléphone.", etapes: "structure" })).statusCode).toBe(303);

    const contributionUrl = `/demandes/${requestId}/contribution/structure`;
    const page = await member.browser.get(contributionUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Ce champ ne peut pas être modifié ici.");
    expect(page.body.match(/name="siret"/g)).toHaveLength(1);
    const saved = await member.browser.post(contributionUrl, { siret: formatSiret(randomSiret()), rna: "W123456789", telephone: "04 68 11 22 33", action: "enregistrer" });
    expect(saved.statusCode).toBe(303);
    const ask = await t.deps.db.selectFrom("requestAsks").select(sql<string>`answer::text`.as("answer")).where("requestId", "=", requestId).executeTakeFirstOrThrow();
    expect(JSON.parse(ask.answer).draft).toEqual({ siret: organisation.siret, rna: "W661001234", telephone: "+33468112233" });
  });

  it("takes nothing from the record of an organisation the applicant does not act for", async () => {
    const mine = await association();
    const theirs = await association();
    await t.deps.db.updateTable("organisations").set({ phone: "+33468999999" }).where("id", "=", theirs.id).execute();
    const member = await signedInMember(t, mine);
    const { requestId } = await start(member.browser, "fiche-structure");
    expect(await answersOf(requestId)).toEqual({ siret: mine.siret, rna: "W661001234", telephone: "+33468000000" });
  });

  it("starts the monthly rent declaration from the tenants of the organisation's last one, without last month's payments", async () => {
    const landlord = await buildOrganisation(t.deps.db, { name: "SCI DES LILAS" });
    const first = await signedInMember(t, landlord);
    const january = await start(first.browser, "declaration-loyers");
    expect(await answersOf(january.requestId)).toEqual({ siret: landlord.siret });
    await first.browser.get(january.stepUrl);
    await first.browser.post(january.stepUrl, { mois: "01", annee: "2026", siret: formatSiret(landlord.siret), action: "suivant" });
    const tenantsUrl = `/demandes/${january.requestId}/locataires`;
    await first.browser.get(tenantsUrl);
    const tenant = (index: number, name: string, paid: boolean) => ({
      [`locataires[${index}].numero-allocataire`]: `12345${index}`,
      [`locataires[${index}].nom`]: name,
      [`locataires[${index}].prenom`]: "Léa",
      [`locataires[${index}].adresse-logement.ligne`]: `${index + 1} rue des Lilas`,
      [`locataires[${index}].adresse-logement.complement`]: "",
      [`locataires[${index}].adresse-logement.code_postal`]: "66500",
      [`locataires[${index}].adresse-logement.commune`]: "Eus",
      [`locataires[${index}].loyer`]: "650,50",
      [`locataires[${index}].charges`]: "40",
      [`locataires[${index}].loyer-paye`]: paid ? "oui" : "non",
      ...(paid ? {} : { [`locataires[${index}].montant-impaye`]: "100" }),
    });
    const filed = await first.browser.post(tenantsUrl, { ...tenant(0, "Durand", true), ...tenant(1, "Petit", false), action: "deposer" });
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toBe(`/demandes/${january.requestId}/deposee`);

    // Another member of the same organisation declares February.
    const second = await signedInMember(t, landlord);
    const february = await start(second.browser, "declaration-loyers");
    const carried = (await answersOf(february.requestId)).locataires as Record<string, unknown>[];
    expect(carried).toEqual([
      { "numero-allocataire": "123450", nom: "Durand", prenom: "Léa", "adresse-logement": expect.objectContaining({ ligne: "1 rue des Lilas" }), loyer: 65050, charges: 4000 },
      { "numero-allocataire": "123451", nom: "Petit", prenom: "Léa", "adresse-logement": expect.objectContaining({ ligne: "2 rue des Lilas" }), loyer: 65050, charges: 4000 },
    ]);
    const page = await second.browser.get(`/demandes/${february.requestId}/locataires`);
    expect(page.body).toContain("Repris de votre déclaration du 2 mars 2026.");
    expect(page.body).toContain('value="Petit"');
    expect(page.body).not.toMatch(/name="locataires\[0\]\.loyer-paye" value="oui" checked/);

    // The month's answers given, the list is still the one carried over.
    await second.browser.post(`/demandes/${february.requestId}/locataires`, { ...tenant(0, "Durand", true), ...tenant(1, "Petit", true), action: "plus-tard" });
    expect((await second.browser.get(`/demandes/${february.requestId}/locataires`)).body).toContain("Repris de votre déclaration du 2 mars 2026.");

    // Another landlord starts empty.
    const stranger = await signedInMember(t, await buildOrganisation(t.deps.db));
    const elsewhere = await start(stranger.browser, "declaration-loyers");
    expect((await answersOf(elsewhere.requestId)).locataires).toBeUndefined();
  });

  it("fills the housing request from the account, locking the identity only once FranceConnect verified it", async () => {
    const typed = await signedInAccount(t, { lastName: "Durand", firstName: "Léa", birthDate: "1990-05-12", nir: "290057505612384" });
    const draft = await start(typed.browser, "logement-social");
    expect(await answersOf(draft.requestId)).toMatchObject({ "nom-usage": "Durand", "nom-naissance": "Durand", prenom: "Léa", "date-naissance": "1990-05-12", nir: "290057505612384" });
    const page = await typed.browser.get(draft.stepUrl);
    expect(page.body).toContain('<p class="prefill-note" id="champ-prenom-prefill">Prérempli depuis votre compte.</p>');
    expect(page.body).toMatch(/name="prenom"[^>]*value="Léa"/);
    await typed.browser.post(draft.stepUrl, { "commune-souhaitee": "Rouen", "nom-usage": "Durand", prenom: "Léna", nir: "2 90 05 75 056 123 84", "date-naissance": "12/05/1990", action: "plus-tard" });
    expect(await answersOf(draft.requestId)).toMatchObject({ prenom: "Léna" });

    const verified = await signedInAccount(t, { lastName: "Martin", firstName: "Camille", birthDate: "1985-03-27", identityVerifiedAt: new Date("2026-03-01T09:00:00Z") });
    const locked = await start(verified.browser, "logement-social");
    const lockedPage = await verified.browser.get(locked.stepUrl);
    expect(lockedPage.body).toContain("Identité vérifiée par FranceConnect : ce champ ne peut pas être modifié.");
    expect(lockedPage.body).toContain('<input type="hidden" name="prenom" value="Camille"/>');
    expect(lockedPage.body).toContain("27 mars 1985");
    await verified.browser.post(locked.stepUrl, { "commune-souhaitee": "Rouen", "nom-usage": "Dupont", "nom-naissance": "Dupont", prenom: "Camilla", "date-naissance": "01/01/2000", action: "plus-tard" });
    expect(await answersOf(locked.requestId)).toMatchObject({ "nom-usage": "Dupont", "nom-naissance": "Martin", prenom: "Camille", "date-naissance": "1985-03-27" });
  });
});
