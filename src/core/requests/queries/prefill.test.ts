import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { addMember, buildOrganisation } from "../../../../test/organisations.ts";
import { buildPerson, buildRequestRow, publishedProcedure } from "../../../../test/query-fixtures.ts";
import type { TestProcedure } from "../../../../test/instruction.ts";
import { findLastFiledAnswers } from "./prefill.ts";

describe("the last filed request's answers", () => {
  let t: TestApp;
  let procedure: TestProcedure;
  let other: TestProcedure;
  beforeAll(async () => {
    t = await createTestApp();
    procedure = await publishedProcedure(t.deps, "precedente");
    other = await publishedProcedure(t.deps, "precedente-autre");
  });
  afterAll(() => t.close());

  it("are the person's latest filed request of the procedure, never a draft, an abandoned one or another procedure's", async () => {
    const person = await buildPerson(t.deps.db);
    expect(await findLastFiledAnswers(t.deps.db, { procedureId: procedure.id, applicantId: person.id, organisationId: null })).toBeUndefined();
    await buildRequestRow(t.deps.db, { procedure, applicant: person, answers: { mois: "01" }, filedAt: new Date("2026-02-01T10:00:00Z") });
    const latest = await buildRequestRow(t.deps.db, { procedure, applicant: person, answers: { mois: "02" }, filedAt: new Date("2026-03-01T10:00:00Z") });
    await buildRequestRow(t.deps.db, { procedure, applicant: person, status: "draft", answers: { mois: "03" } });
    await buildRequestRow(t.deps.db, { procedure, applicant: person, status: "abandoned", answers: { mois: "04" }, filedAt: new Date("2026-04-01T10:00:00Z") });
    await buildRequestRow(t.deps.db, { procedure: other, applicant: person, answers: { mois: "05" }, filedAt: new Date("2026-05-01T10:00:00Z") });
    await buildRequestRow(t.deps.db, { procedure, answers: { mois: "06" }, filedAt: new Date("2026-06-01T10:00:00Z") });
    expect(await findLastFiledAnswers(t.deps.db, { procedureId: procedure.id, applicantId: person.id, organisationId: null })).toEqual({
      id: latest.id,
      filedAt: new Date("2026-03-01T10:00:00Z"),
      answers: { mois: "02" },
    });
    expect((await findLastFiledAnswers(t.deps.db, { procedureId: procedure.id, applicantId: person.id, organisationId: null, exceptRequestId: latest.id }))?.answers).toEqual({ mois: "01" });
  });

  it("are, for an organisation, its latest request whichever member filed it, never another organisation's", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const elsewhere = await buildOrganisation(t.deps.db);
    const first = await buildPerson(t.deps.db);
    const second = await buildPerson(t.deps.db);
    await addMember(t.deps.db, organisation, first);
    await addMember(t.deps.db, organisation, second);
    const filed = await buildRequestRow(t.deps.db, { procedure, applicant: first, organisationId: organisation.id, answers: { mois: "07" }, filedAt: new Date("2026-07-01T10:00:00Z") });
    await buildRequestRow(t.deps.db, { procedure, applicant: second, organisationId: elsewhere.id, answers: { mois: "08" }, filedAt: new Date("2026-08-01T10:00:00Z") });
    expect((await findLastFiledAnswers(t.deps.db, { procedureId: procedure.id, applicantId: second.id, organisationId: organisation.id }))?.id).toBe(filed.id);
  });
});
