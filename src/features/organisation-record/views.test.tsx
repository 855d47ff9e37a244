import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount } from "../../../test/builders.ts";
import { createTestDatabase } from "../../../test/database.ts";
import { camille, testPageContext } from "../../../test/page-context.ts";
import { addMember, buildOrganisation } from "../../../test/organisations.ts";
import { findMembershipWithOrganisation } from "../../core/organisations/queries/organisations.ts";
import { describeOrganisationRecord } from "./describe-organisation-record.ts";
import { formatLongDate, OrganisationRecordPage } from "./views.tsx";

describe("the record page component", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const ctx = testPageContext({ account: camille, path: "/structures/x" });

  async function record(fields: Parameters<typeof addMember>[3] = {}) {
    const organisation = await buildOrganisation(database.db);
    const account = await buildAccount(database.db);
    await addMember(database.db, organisation, account, fields);
    const membership = await findMembershipWithOrganisation(database.db, organisation.id, account.id, ["pending", "active"]);
    if (!membership) throw new Error("membership not found");
    return { organisation, membership, props: await describeOrganisationRecord({ db: database.db }, membership) };
  }

  it("shows the administrator-by-post block it is given, under the title and before the record", async () => {
    const { props } = await record();
    const html = (await OrganisationRecordPage({ ...props, ctx, adminBlock: <p id="bloc-administrateur">Devenir administrateur</p> }).toString()) as string;
    const block = html.indexOf('<p id="bloc-administrateur">Devenir administrateur</p>');
    expect(block).toBeGreaterThan(html.indexOf("<h1>"));
    expect(block).toBeLessThan(html.indexOf('<h2 id="identification">'));
  });

  it("shows nothing in that place without a block", async () => {
    const { props } = await record();
    const html = (await OrganisationRecordPage({ ...props, ctx }).toString()) as string;
    expect(html).toMatch(/<\/h1><section aria-labelledby="identification">/);
  });

  it("shows a website stored by other means as text unless it is an http(s) address", async () => {
    const { membership } = await record();
    const html = (await OrganisationRecordPage({ ...(await describeOrganisationRecord({ db: database.db }, { ...membership, website: "javascript:alert(1)" })), ctx }).toString()) as string;
    expect(html).toContain("<dt>Site internet</dt><dd>javascript:alert(1)</dd>");
    expect(html).not.toContain('href="javascript');
  });

  it("writes dates as seed 000 does", () => {
    expect(formatLongDate(new Date("2019-10-03T10:00:00Z"))).toBe("3 octobre 2019");
    expect(formatLongDate(new Date("2026-05-01T10:00:00Z"))).toBe("1er mai 2026");
  });
});
