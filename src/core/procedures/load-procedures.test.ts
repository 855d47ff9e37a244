import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/database.ts";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { closeProcedure } from "./close-procedure.ts";
import { InvalidProcedureFiles, ProcedureStateError, UnknownProcedure } from "./errors.ts";
import { loadProceduresFromDirectory, PORTAL_PROCEDURES_DIRECTORY } from "./load-from-directory.ts";
import { loadProcedures, type ProcedureFile } from "./load-procedures.ts";
import { publishProcedure } from "./publish-procedure.ts";
import { findProcedureWithVersions, findPublishedDefinition, findVersion, listProcedures, listPublishedProcedures } from "./queries.ts";
import { buildDefinition, copy } from "../../../test/procedures.ts";

// Definitions are edited here as raw JSON, to make them invalid in ways their type forbids.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = Record<string, any>;

const cli = { via: "cli" as const };
const admin = { actorId: null };
const fileOf = (definition: unknown, name = "procedures/essai.json"): ProcedureFile => ({ name, content: JSON.stringify(definition, null, 2) });

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof InvalidProcedureFiles)) throw new Error(`expected InvalidProcedureFiles, got ${String(error)}`);
  return error.problems;
}

describe("loading procedure definitions", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const clock = fixedClock();
  const deps = () => ({ db, clock });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await db.updateTable("procedures").set({ currentVersionId: null, status: "draft" }).execute();
    await db.deleteFrom("procedureVersions").execute();
    await db.deleteFrom("procedures").execute();
  });

  it("loads a new procedure as a draft with version 1, and reloading the same file does nothing", async () => {
    const first = await loadProcedures(deps(), [fileOf(buildDefinition())], cli);
    expect(first).toEqual({ procedures: [{ slug: "essai", title: "Démarche d'essai", file: "procedures/essai.json", number: 1, outcome: "new" }], notes: [] });
    const [summary] = await listProcedures(db);
    expect(summary).toMatchObject({ slug: "essai", status: "draft", latestNumber: 1, currentNumber: null, title: "Démarche d'essai", theme: "Essais" });

    // The same definition reformatted (other indentation, keys in another order) is unchanged.
    const reordered = Object.fromEntries(Object.entries(buildDefinition()).reverse());
    const again = await loadProcedures(deps(), [{ name: "procedures/essai.json", content: JSON.stringify(reordered) }], cli);
    expect(again.procedures[0]).toMatchObject({ number: 1, outcome: "unchanged" });
    expect((await findProcedureWithVersions(db, "essai"))?.versions).toHaveLength(1);
    const events = await db.selectFrom("auditEvents").select(["event", "details"]).where("event", "=", "procedure.version_loaded").execute();
    expect(events).toHaveLength(1);
  });

  it("makes a changed file the next version, and never alters the versions before it", async () => {
    await loadProcedures(deps(), [fileOf(buildDefinition())], cli);
    await publishProcedure(deps(), { slug: "essai" }, admin);
    const changed = buildDefinition({ titre: "Démarche d'essai, deuxième version" });
    const report = await loadProcedures(deps(), [fileOf(changed)], cli);
    expect(report.procedures[0]).toMatchObject({ number: 2, outcome: "version" });

    expect((await findVersion(db, "essai", 1))?.definition).toEqual(buildDefinition());
    expect((await findVersion(db, "essai", 2))?.definition).toEqual(changed);
    // Requests keep being filed under version 1 until version 2 is published.
    expect((await findPublishedDefinition(db, "essai"))?.number).toBe(1);
    await publishProcedure(deps(), { slug: "essai", expectedNumber: 2 }, admin);
    expect((await findPublishedDefinition(db, "essai"))?.definition.titre).toBe("Démarche d'essai, deuxième version");
    expect((await findVersion(db, "essai", 1))?.definition).toEqual(buildDefinition());
  });

  it("loads nothing when any file is invalid, and lists every problem of every file with its path", async () => {
    const bad = copy(buildDefinition({ slug: "cassee" })) as RawJson;
    bad.étapes[0].champs[1].type = "nombre-entier";
    bad.étapes[0].champs[0].condition = { champ: "situation", égal: "salarie" };
    const problems = await problemsOf(
      loadProcedures(deps(), [fileOf(buildDefinition()), fileOf(bad, "procedures/cassee.json"), { name: "procedures/vide.json", content: "{" }], cli),
    );
    expect(problems).toEqual([
      "procedures/cassee.json, étapes[0].champs[1].type : type de champ inconnu « nombre-entier » ; types possibles : texte-court, texte-long, nombre, montant, date, choix-unique, liste-deroulante, cases-a-cocher, oui-non, email, telephone, adresse, commune, siret, nir, rna, iban, explication, groupe",
      "procedures/vide.json : ce fichier n'est pas du JSON valide (le fichier s'arrête avant la fin) : vérifiez les guillemets, les virgules et les accolades",
    ]);
    expect(await listProcedures(db)).toEqual([]);
  });

  it("refuses a file not named after its slug, and two files with the same slug", async () => {
    const problems = await problemsOf(loadProcedures(deps(), [fileOf(buildDefinition(), "procedures/autre.json"), fileOf(buildDefinition(), "ailleurs/essai.json")], cli));
    expect(problems).toEqual([
      "procedures/autre.json, slug : le fichier d'une démarche porte le nom de son slug : renommez-le « essai.json » ou corrigez le slug",
      "ailleurs/essai.json, slug : le slug « essai » est déjà celui de procedures/autre.json",
    ]);
  });

  it("refuses a field id that changes type from the previous version, and rolls back the whole load", async () => {
    await loadProcedures(deps(), [fileOf(buildDefinition())], cli);
    const changed = copy(buildDefinition()) as RawJson;
    changed.étapes[0].champs[0] = { id: "commune", type: "texte-court", libellé: "Commune" };
    const other = buildDefinition({ slug: "autre" });
    const problems = await problemsOf(loadProcedures(deps(), [fileOf(other, "procedures/autre.json"), fileOf(changed)], cli));
    expect(problems).toEqual([
      "procedures/essai.json, étapes[0].champs[0].type : le champ « commune » était de type commune dans la version 1 et devient texte court : un identifiant garde son type d'une version à l'autre (les réponses déjà données y sont rangées) ; donnez un nouvel identifiant à ce champ",
    ]);
    expect((await listProcedures(db)).map((procedure) => procedure.slug)).toEqual(["essai"]);
    expect((await findProcedureWithVersions(db, "essai"))?.versions).toHaveLength(1);
  });

  it("notes a service that does not exist yet, without refusing the file", async () => {
    const loan = buildDefinition({ déposant: { type: "membre-structure", service: "prets-en-ligne" } });
    const report = await loadProcedures(deps(), [fileOf(loan)], cli);
    expect(report.notes).toEqual([
      "procedures/essai.json : le service « prets-en-ligne » n'existe pas encore ; créez-le avant de publier la démarche, sans quoi personne ne pourra la déposer.",
    ]);
  });

  it("publishes the latest version, closes, and reopens by publishing, refusing what makes no sense", async () => {
    const start = clock.now();
    await loadProcedures(deps(), [fileOf(buildDefinition())], cli);
    await expect(closeProcedure(deps(), { slug: "essai" }, admin)).rejects.toThrow("Cette démarche n'a jamais été publiée : il n'y a rien à clore.");
    expect(await findPublishedDefinition(db, "essai")).toBeUndefined();

    expect(await publishProcedure(deps(), { slug: "essai" }, admin)).toEqual({ number: 1 });
    await expect(publishProcedure(deps(), { slug: "essai" }, admin)).rejects.toThrow(new ProcedureStateError("La version 1 de cette démarche est déjà publiée."));

    await loadProcedures(deps(), [fileOf(buildDefinition({ titre: "Nouveau titre" }))], cli);
    await expect(publishProcedure(deps(), { slug: "essai", expectedNumber: 1 }, admin)).rejects.toThrow("Une version 2 a été chargée depuis l'affichage de la page : vérifiez-la avant de la publier.");

    await closeProcedure(deps(), { slug: "essai" }, admin);
    expect((await listProcedures(db))[0]).toMatchObject({ status: "closed", currentNumber: 1 });
    expect(await findPublishedDefinition(db, "essai")).toBeUndefined();
    await expect(closeProcedure(deps(), { slug: "essai" }, admin)).rejects.toThrow("Cette démarche est déjà close.");

    expect(await listPublishedProcedures(db)).toEqual([]);

    await publishProcedure(deps(), { slug: "essai", expectedNumber: 2 }, admin);
    expect((await listProcedures(db))[0]).toMatchObject({ status: "published", currentNumber: 2, latestNumber: 2 });
    expect(await listPublishedProcedures(db)).toEqual([{ slug: "essai", title: "Nouveau titre", theme: "Essais", description: "Une démarche pour les tests." }]);
    await expect(publishProcedure(deps(), { slug: "inconnue" }, admin)).rejects.toThrow(UnknownProcedure);

    const events = await db.selectFrom("auditEvents").select("event").where("event", "in", ["procedure.published", "procedure.closed"]).where("occurredAt", ">=", start).orderBy("occurredAt").execute();
    expect(events.map((event) => event.event)).toEqual(["procedure.published", "procedure.closed", "procedure.published"]);
  });

  describe("from a directory", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "guichet-procedures-"));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("loads the four demo procedures of the repository", async () => {
      const report = await loadProceduresFromDirectory(deps(), PORTAL_PROCEDURES_DIRECTORY, cli, "procedures");
      expect(report.procedures.map((loaded) => [loaded.file, loaded.outcome])).toEqual([
        ["procedures/aide-associations.json", "new"],
        ["procedures/declaration-loyers.json", "new"],
        ["procedures/demande-de-pret.json", "new"],
        ["procedures/logement-social.json", "new"],
      ]);
    });

    it("reads only its .json files, and says when there are none or the directory is missing", async () => {
      await writeFile(path.join(dir, "LISEZMOI.txt"), "pas une démarche");
      expect(await problemsOf(loadProceduresFromDirectory(deps(), dir, cli, "mes-demarches"))).toEqual([
        "mes-demarches : ce dossier ne contient aucun fichier .json de définition de démarche.",
      ]);
      await writeFile(path.join(dir, "essai.json"), JSON.stringify(buildDefinition()));
      expect((await loadProceduresFromDirectory(deps(), dir, cli)).procedures).toHaveLength(1);
      expect(await problemsOf(loadProceduresFromDirectory(deps(), path.join(dir, "absent"), cli, "absent"))).toEqual(["absent : ce dossier ne peut pas être lu (dossier introuvable)."]);
    });
  });
});
