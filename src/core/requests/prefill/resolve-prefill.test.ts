import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/database.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import { buildPerson } from "../../../../test/query-fixtures.ts";
import type { ProcedureDefinition } from "../../procedures/definition/schema.ts";
import { prefilledAnswers, prefillNotes, withLockedInputs } from "./apply-prefill.ts";
import { resolvePrefill } from "./resolve-prefill.ts";

const definition: ProcedureDefinition = {
  slug: "essai-prefill",
  titre: "Essai",
  thème: "Essais",
  description: "Essai.",
  déposant: { type: "membre-structure" },
  préfixe_numéro: "EP",
  groupes_instructeurs: ["Instructeurs"],
  informations_minimales: ["siret"],
  étapes: [
    {
      id: "structure",
      titre: "Structure",
      champs: [
        { id: "siret", type: "siret", libellé: "Siret", préremplissage: { source: "structure.siret", verrouillé: true } },
        { id: "client", type: "texte-court", libellé: "Numéro client", préremplissage: { source: "structure.numéro-client", verrouillé: true } },
        { id: "fonction", type: "texte-court", libellé: "Fonction", préremplissage: { source: "membre.fonction" } },
        { id: "nom", type: "texte-court", libellé: "Nom", préremplissage: { source: "compte.nom", verrouillé: true } },
        { id: "naissance", type: "commune", libellé: "Commune de naissance", préremplissage: { source: "compte.commune-naissance" } },
      ],
    },
  ],
};

describe("the prefill sources of a request", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const context = (applicantId: string, organisationId: string | null) => ({ definition, procedureId: "00000000-0000-4000-8000-000000000000", applicantId, organisationId, today: "2026-03-02" });

  it("read the organisation's record, the membership and the account, locking the identity only when verified", async () => {
    const organisation = await buildOrganisation(database.db);
    const person = await buildPerson(database.db, { lastName: "Durand", birthCommuneCode: "66074" });
    await addMember(database.db, organisation, person, { function: "Gérante" });
    const resolved = await resolvePrefill(database.db, context(person.id, organisation.id));
    expect(prefilledAnswers(resolved)).toEqual({
      siret: organisation.siret,
      client: organisation.clientNumber,
      fonction: "Gérante",
      nom: "Durand",
      naissance: { code: "66074", nom: "Eus", departement: "66" },
    });
    expect([...resolved].filter(([, entry]) => entry.locked).map(([id]) => id)).toEqual(["siret", "client"]);
    const notes = prefillNotes(resolved, { ...prefilledAnswers(resolved), fonction: "Trésorière" }, { organisationId: organisation.id, requestWord: "demande" });
    expect(Object.keys(notes)).toEqual(["siret", "client", "nom", "naissance"]);
    expect(withLockedInputs(definition.étapes[0]!.champs, { siret: "", client: "999", fonction: "x", "siret.autre": "y" }, resolved, {})).toEqual({ fonction: "x", siret: expect.stringMatching(/^\d{3} \d{3} \d{3} \d{5}$/), client: organisation.clientNumber });
  });

  it("never read the record of an organisation the applicant is not an active member of", async () => {
    const organisation = await buildOrganisation(database.db);
    const outsider = await buildPerson(database.db);
    const pending = await buildPerson(database.db);
    await addMember(database.db, organisation, pending, { status: "pending", function: "Gérant" });
    for (const person of [outsider, pending]) {
      const resolved = await resolvePrefill(database.db, context(person.id, organisation.id));
      expect(prefilledAnswers(resolved)).toEqual({ nom: "Martin" });
      // A locked field whose record cannot be read keeps what was stored, whatever is posted.
      expect(withLockedInputs(definition.étapes[0]!.champs, { siret: "", client: "999" }, resolved, { siret: "73282932000074" })).toEqual({ siret: "732 829 320 00074" });
    }
  });
});
