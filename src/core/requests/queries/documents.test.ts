import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../platform/clock.ts";
import type { Db } from "../../../platform/db/database.ts";
import { createTestDatabase } from "../../../../test/database.ts";
import { loadTestProcedures, type TestProcedure } from "../../../../test/instruction.ts";
import { buildRequestRow, type QueryTestDatabase } from "../../../../test/query-fixtures.ts";
import { findLatestDecision, listRequestsWithOfficialForm } from "./documents.ts";

describe("the request documents' queries", () => {
  const clock = fixedClock();
  let database: QueryTestDatabase;
  let db: Db;
  let procedures: { aid: TestProcedure; essai: TestProcedure };
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    procedures = await loadTestProcedures({ db, clock });
  });
  afterAll(() => database.drop());

  const event = (requestId: string, name: string, occurredAt: string, reason: string | null) =>
    db.insertInto("requestEvents").values({ requestId, occurredAt: new Date(occurredAt), actorId: null, event: name, fromStatus: "in_instruction", toStatus: "refused", reason }).execute();

  it("finds the latest decision of a request with its reason, and none before a decision", async () => {
    const request = await buildRequestRow(db, { procedure: procedures.essai, status: "refused" });
    const other = await buildRequestRow(db, { procedure: procedures.essai, status: "refused" });
    expect(await findLatestDecision(db, request.id)).toBeUndefined();
    await event(request.id, "request.refused", "2026-03-05T10:00:00Z", "Dossier incomplet.");
    await event(request.id, "message.to_applicant", "2026-03-06T10:00:00Z", "Un message");
    await event(other.id, "request.accepted", "2026-03-07T10:00:00Z", "Pour l'autre demande");
    expect(await findLatestDecision(db, request.id)).toEqual({ event: "request.refused", reason: "Dossier incomplet.", occurredAt: new Date("2026-03-05T10:00:00Z") });
    await event(request.id, "request.accepted", "2026-03-08T10:00:00Z", null);
    expect(await findLatestDecision(db, request.id)).toEqual({ event: "request.accepted", reason: null, occurredAt: new Date("2026-03-08T10:00:00Z") });
  });

  it("lists, among the given requests, those whose procedure version describes an official form", async () => {
    const aid = await buildRequestRow(db, { procedure: procedures.aid });
    const essai = await buildRequestRow(db, { procedure: procedures.essai });
    expect(await listRequestsWithOfficialForm(db, [aid.id, essai.id])).toEqual(new Set([aid.id]));
    expect(await listRequestsWithOfficialForm(db, [])).toEqual(new Set());
  });
});
