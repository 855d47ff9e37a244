import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/app.ts";
import { buildAccount } from "../../../../test/builders.ts";
import { buildOrganisation } from "../../../../test/organisations.ts";
import * as queries from "./administrators.ts";

describe("administrators queries", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const now = new Date("2026-03-02T10:00:00Z");
  const later = new Date("2026-03-17T10:00:00Z");

  /** A letter to send the code with (the code's row points at it). */
  async function letter() {
    return t.deps.letters.queue(t.deps.db, {
      to: { name: "Mairie de Lac", street: "1 place de la Mairie", postalCode: "31400", commune: "Toulouse" },
      subject: "Mot de passe de l'administrateur de votre structure",
      body: [{ type: "paragraph", text: "Madame, Monsieur," }],
    });
  }

  it("keeps a code with its letter, live until it expires", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const account = await buildAccount(t.deps.db);
    const { id: letterId } = await letter();
    await queries.insertActivationCode(t.deps.db, { organisationId: organisation.id, accountId: account.id, codeHash: "empreinte", letterId, now, expiresAt: later });
    const row = await t.deps.db.selectFrom("adminActivationCodes").selectAll().where("organisationId", "=", organisation.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ accountId: account.id, codeHash: "empreinte", letterId, attempts: 0, createdAt: now, expiresAt: later, usedAt: null, cancelledAt: null });
  });

  it("finds another person's posted temporary password while it can be used, and nobody's own nor an ordinary code", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const [first, second, third] = [await buildAccount(t.deps.db), await buildAccount(t.deps.db), await buildAccount(t.deps.db)];
    const asked = (accountId: string, at = now) => queries.hasLivePostalPasswordOfAnother(t.deps.db, { organisationId: organisation.id, accountId, now: at });
    const code = async (accountId: string, codeHash: string) =>
      queries.insertActivationCode(t.deps.db, { organisationId: organisation.id, accountId, codeHash, letterId: (await letter()).id, now, expiresAt: later });

    await code(third.id, "code-ordinaire");
    expect(await asked(second.id)).toBe(false);
    await code(first.id, `${queries.POSTAL_PASSWORD_MARK}empreinte`);
    expect(await asked(second.id)).toBe(true);
    expect(await asked(first.id)).toBe(false);
    expect(await asked(second.id, later)).toBe(false);
    const other = await buildOrganisation(t.deps.db);
    expect(await queries.hasLivePostalPasswordOfAnother(t.deps.db, { organisationId: other.id, accountId: second.id, now })).toBe(false);

    await t.deps.db.updateTable("adminActivationCodes").set({ usedAt: now }).where("accountId", "=", first.id).execute();
    expect(await asked(second.id)).toBe(false);
  });

  it("no longer finds a cancelled posted password", async () => {
    const organisation = await buildOrganisation(t.deps.db);
    const [first, second] = [await buildAccount(t.deps.db), await buildAccount(t.deps.db)];
    await queries.insertActivationCode(t.deps.db, { organisationId: organisation.id, accountId: first.id, codeHash: `${queries.POSTAL_PASSWORD_MARK}x`, letterId: (await letter()).id, now, expiresAt: later });
    await queries.cancelLiveCodes(t.deps.db, { organisationId: organisation.id, now, by: second.id });
    expect(await queries.hasLivePostalPasswordOfAnother(t.deps.db, { organisationId: organisation.id, accountId: second.id, now })).toBe(false);
  });
});
