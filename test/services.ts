import type { Insertable } from "kysely";
import { randomBytes } from "node:crypto";
import type { TestApp } from "./app.ts";
import { TestBrowser } from "./app.ts";
import { buildAccount, logInAs } from "./builders.ts";
import { addMember } from "./organisations.ts";
import type { Db } from "../src/platform/db/database.ts";
import type { GrantStatus, NewAccount, ServicesTable } from "../src/platform/db/schema.ts";

/** Test data for the services feature (tests only). */

const CREATED_AT = new Date("2026-03-01T09:00:00Z");

/** A service of the catalogue, active, granted by the organisation's administrator unless told. */
export async function buildService(db: Db, overrides: Partial<Insertable<ServicesTable>> = {}) {
  const suffix = randomBytes(3).toString("hex");
  return db
    .insertInto("services")
    .values({
      slug: `demande-de-prets-${suffix}`,
      name: "Demande de prêts",
      tileLabel: "Mes prêts en ligne",
      description: "Déposer et suivre vos demandes de prêt.",
      url: "https://prets.exemple.fr/",
      requiresOrganisation: true,
      requiresFunction: false,
      grantedBy: "organisation_admin",
      termsText: "Article 1.\n\nLe service est réservé aux collectivités.",
      termsVersion: 1,
      termsUpdatedAt: CREATED_AT,
      active: true,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A grant as a decision would have left it. */
export async function buildGrant(
  db: Db,
  input: { service: { id: string }; account: { id: string }; organisation: { id: string } | null; status: GrantStatus; reason?: string },
) {
  return db
    .insertInto("grants")
    .values({
      serviceId: input.service.id,
      accountId: input.account.id,
      organisationId: input.organisation?.id ?? null,
      status: input.status,
      requestedAt: CREATED_AT,
      decidedAt: input.status === "pending" ? null : CREATED_AT,
      decidedBy: null,
      reason: input.reason ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function acceptTermsDirectly(db: Db, input: { service: { id: string; termsVersion: number }; account: { id: string } }) {
  await db
    .insertInto("termsAcceptances")
    .values({ accountId: input.account.id, serviceId: input.service.id, termsVersion: input.service.termsVersion, acceptedAt: CREATED_AT })
    .execute();
}

/**
 * A person who belongs to the organisation (membership first, so the session acts for it) and a
 * browser logged in as them.
 */
export async function signedInMember(
  t: Pick<TestApp, "app" | "deps">,
  organisation: { id: string } | null,
  membership: Parameters<typeof addMember>[3] = {},
  account: Partial<NewAccount> = {},
) {
  const built = await buildAccount(t.deps.db, account);
  if (organisation) await addMember(t.deps.db, organisation, built, membership);
  const browser = new TestBrowser(t.app);
  await logInAs(browser, built);
  return { account: built, browser };
}

export async function grantOf(db: Db, service: { id: string }, account: { id: string }) {
  return db.selectFrom("grants").selectAll().where("serviceId", "=", service.id).where("accountId", "=", account.id).executeTakeFirst();
}

export async function eventsOf(db: Db, event: string) {
  return db.selectFrom("auditEvents").selectAll().where("event", "=", event).orderBy("id").execute();
}
