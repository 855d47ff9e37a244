import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { buildDefinition } from "../../../test/procedures.ts";
import type { QueryTestDatabase } from "../../../test/query-fixtures.ts";
import { applicantSentence, frenchDay, parisToday, procedureOpenness } from "./catalogue.ts";
import { validateDefinition } from "./definition/validate-definition.ts";
import { loadProcedures } from "./load-procedures.ts";
import { publishProcedure } from "./publish-procedure.ts";
import { closeProcedure } from "./close-procedure.ts";
import { findCatalogueProcedure, listOpenProcedures } from "./queries.ts";
import type { ProcedureDefinition } from "./definition/schema.ts";

describe("the catalogue's rules", () => {
  it("reads today in Paris, whatever the server's time zone", () => {
    expect(parisToday(fixedClock(new Date("2026-03-10T22:59:59Z")))).toBe("2026-03-10");
    expect(parisToday(fixedClock(new Date("2026-03-10T23:00:00Z")))).toBe("2026-03-11");
    expect(parisToday(fixedClock(new Date("2026-07-10T21:59:59Z")))).toBe("2026-07-10"); // summer time
  });

  it("keeps a procedure open until the end of its deadline, and never when it is closed", () => {
    expect(procedureOpenness("published", {}, "2026-03-10")).toEqual({ open: true });
    expect(procedureOpenness("published", { date_limite: "2026-03-10" }, "2026-03-10")).toEqual({ open: true });
    expect(procedureOpenness("published", { date_limite: "2026-03-10" }, "2026-03-11")).toEqual({ open: false, reason: "deadline", deadline: "2026-03-10" });
    expect(procedureOpenness("closed", { date_limite: "2027-01-01" }, "2026-03-11")).toEqual({ open: false, reason: "closed" });
  });

  it("writes days and who may file in French", () => {
    expect(frenchDay("2027-09-30")).toBe("30 septembre 2027");
    expect(applicantSentence({ type: "personne" })).toContain("Toute personne");
    expect(applicantSentence({ type: "membre-structure", service: "prets" }, "Mes prêts en ligne")).toContain("« Mes prêts en ligne »");
  });

  it("accepts a definition with a summary and a deadline, and refuses a deadline badly written or not in the calendar", () => {
    expect(validateDefinition(buildDefinition({ résumé: "Court.", date_limite: "2027-02-28" })).ok).toBe(true);
    const problems = (definition: Partial<ProcedureDefinition>) => {
      const check = validateDefinition(buildDefinition(definition));
      return check.ok ? [] : check.problems;
    };
    expect(problems({ date_limite: "30/09/2027" })).toEqual([{ path: "date_limite", message: expect.stringContaining("la date limite s'écrit AAAA-MM-JJ") }]);
    expect(problems({ date_limite: "2027-02-30" })).toEqual([{ path: "date_limite", message: "le 2027-02-30 n'existe pas : indiquez un jour du calendrier, par exemple « 2027-06-30 »" }]);
    expect(problems({ résumé: "x".repeat(301) })[0]?.path).toBe("résumé");
    expect(problems({ résumé: "   " })).toEqual([{ path: "résumé", message: "le résumé est vide : écrivez une phrase ou retirez la clé" }]);
  });
});

describe("the catalogue's queries", () => {
  let database: QueryTestDatabase;
  let db: Db;
  const clock = fixedClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    const deps = { db, clock };
    const definitions = [
      buildDefinition({ slug: "cat-ouverte", titre: "B ouverte", thème: "Thème 1", description: "Longue description." }),
      buildDefinition({ slug: "cat-limite", titre: "A limite", thème: "Thème 1", résumé: "Résumé court.", date_limite: "2026-03-10", déposant: { type: "membre-structure", service: "prets" } }),
      buildDefinition({ slug: "cat-fermee", titre: "Fermée", thème: "Thème 0" }),
      buildDefinition({ slug: "cat-brouillon", titre: "Brouillon", thème: "Thème 0" }),
    ];
    await loadProcedures(deps, definitions.map((definition) => ({ name: `procedures/${definition.slug}.json`, content: JSON.stringify(definition) })), { via: "cli" });
    for (const slug of ["cat-ouverte", "cat-limite", "cat-fermee"]) await publishProcedure(deps, { slug }, { actorId: null });
    await closeProcedure(deps, { slug: "cat-fermee" }, { actorId: null });
  });
  afterAll(() => database.drop());

  it("listOpenProcedures lists the published procedures not past their deadline, by theme then title, with their sentence and applicant", async () => {
    expect(await listOpenProcedures(db, "2026-03-10")).toEqual([
      { slug: "cat-limite", title: "A limite", theme: "Thème 1", summary: "Résumé court.", deadline: "2026-03-10", applicantType: "membre-structure", applicantService: "prets" },
      { slug: "cat-ouverte", title: "B ouverte", theme: "Thème 1", summary: "Longue description.", deadline: null, applicantType: "personne", applicantService: null },
    ]);
    expect((await listOpenProcedures(db, "2026-03-11")).map((procedure) => procedure.slug)).toEqual(["cat-ouverte"]);
  });

  it("findCatalogueProcedure gives a published or closed procedure's status and definition, nothing for a draft or an unknown slug", async () => {
    expect(await findCatalogueProcedure(db, "cat-limite")).toMatchObject({ status: "published", closedAt: null, definition: { slug: "cat-limite", date_limite: "2026-03-10" } });
    expect(await findCatalogueProcedure(db, "cat-fermee")).toMatchObject({ status: "closed", definition: { titre: "Fermée" } });
    expect(await findCatalogueProcedure(db, "cat-brouillon")).toBeUndefined();
    expect(await findCatalogueProcedure(db, "cat-inconnue")).toBeUndefined();
  });
});
