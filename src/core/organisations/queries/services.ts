import type { Db } from "../../../platform/db/database.ts";
import type { Grant, GrantStatus, ServicesTable } from "../../../platform/db/schema.ts";
import { sql, type Insertable, type Updateable } from "kysely";

/** Services, access grants (habilitations) and terms acceptances: every query of the feature. */

// ——— Services ———

/** The whole catalogue, active or not, for platform admins. */
export async function listServices(db: Db) {
  return db.selectFrom("services").selectAll().orderBy("name").orderBy("id").execute();
}

/** "Voir tous les services": what people may ask for. */
export async function listActiveServices(db: Db) {
  return db.selectFrom("services").selectAll().where("active", "=", true).orderBy("name").orderBy("id").execute();
}

/** The id must already be a valid uuid. */
export async function findServiceById(db: Db, id: string) {
  return db.selectFrom("services").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findServiceBySlug(db: Db, slug: string) {
  return db.selectFrom("services").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function lockService(db: Db, id: string) {
  return db.selectFrom("services").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Whether another service already uses this address name. */
export async function isSlugTaken(db: Db, slug: string, exceptServiceId?: string) {
  let query = db.selectFrom("services").select("id").where("slug", "=", slug);
  if (exceptServiceId) query = query.where("id", "<>", exceptServiceId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertService(db: Db, service: Insertable<ServicesTable>) {
  return db.insertInto("services").values(service).returningAll().executeTakeFirstOrThrow();
}

export async function updateService(db: Db, id: string, changes: Updateable<ServicesTable>) {
  return db.updateTable("services").set(changes).where("id", "=", id).returningAll().executeTakeFirst();
}

/**
 * Replaces the terms and raises their version, only if nobody published another version since
 * the admin opened the form; undefined otherwise.
 */
export async function publishTermsVersion(db: Db, id: string, input: { termsText: string; expectedVersion: number; now: Date }) {
  return db
    .updateTable("services")
    .set((eb) => ({ termsText: input.termsText, termsVersion: eb("termsVersion", "+", 1), termsUpdatedAt: input.now, updatedAt: input.now }))
    .where("id", "=", id)
    .where("termsVersion", "=", input.expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

// ——— Grants ———

type GrantContext = { serviceId: string; accountId: string; organisationId: string | null };

function inContext(db: Db, context: GrantContext) {
  const query = db.selectFrom("grants").selectAll().where("serviceId", "=", context.serviceId).where("accountId", "=", context.accountId);
  return context.organisationId ? query.where("organisationId", "=", context.organisationId) : query.where("organisationId", "is", null);
}

/** The person's grant for a service in one organisation (or none for services that need none). */
export async function findGrantInContext(db: Db, context: GrantContext) {
  return inContext(db, context).executeTakeFirst();
}

export async function lockGrantInContext(db: Db, context: GrantContext) {
  return inContext(db, context).forUpdate().executeTakeFirst();
}

/**
 * A first request; undefined when one already exists (two requests at once: the unique index
 * keeps one, and the caller handles the other as a second request).
 */
export async function insertGrant(db: Db, grant: GrantContext & { status: "pending" | "granted"; now: Date; decidedBy: string | null }) {
  return db
    .insertInto("grants")
    .values({
      serviceId: grant.serviceId,
      accountId: grant.accountId,
      organisationId: grant.organisationId,
      status: grant.status,
      requestedAt: grant.now,
      decidedAt: grant.status === "granted" ? grant.now : null,
      decidedBy: grant.status === "granted" ? grant.decidedBy : null,
      reason: null,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** A refused or revoked grant asked for again: a new request, the previous decision forgotten. */
export async function renewGrantRequest(db: Db, id: string, input: { status: "pending" | "granted"; now: Date; decidedBy: string | null }) {
  return db
    .updateTable("grants")
    .set({
      status: input.status,
      requestedAt: input.now,
      decidedAt: input.status === "granted" ? input.now : null,
      decidedBy: input.status === "granted" ? input.decidedBy : null,
      reason: null,
    })
    .where("id", "=", id)
    .where("status", "in", ["refused", "revoked"])
    .returningAll()
    .executeTakeFirstOrThrow();
}

function grantForDecision(db: Db, grantId: string) {
  return db
    .selectFrom("grants")
    .innerJoin("services", "services.id", "grants.serviceId")
    .innerJoin("accounts", "accounts.id", "grants.accountId")
    .leftJoin("organisations", "organisations.id", "grants.organisationId")
    .leftJoin("memberships", (join) =>
      join.onRef("memberships.organisationId", "=", "grants.organisationId").onRef("memberships.accountId", "=", "grants.accountId"),
    )
    .selectAll("grants")
    .select([
      "services.name as serviceName",
      "services.slug as serviceSlug",
      "services.grantedBy",
      "accounts.civility",
      "accounts.firstName",
      "accounts.lastName",
      "accounts.email as accountEmail",
      "memberships.email as memberEmail",
      "organisations.name as organisationName",
    ])
    .where("grants.id", "=", grantId);
}

/** A grant with what a decision needs: its service, the person and where to write to them. The id must be a valid uuid. */
export async function findGrantForDecision(db: Db, grantId: string) {
  return grantForDecision(db, grantId).executeTakeFirst();
}

/** The same, locked until the end of the transaction so two administrators cannot decide at once. */
export async function lockGrantForDecision(db: Db, grantId: string) {
  return grantForDecision(db, grantId).forUpdate("grants").executeTakeFirst();
}

export type GrantForDecision = NonNullable<Awaited<ReturnType<typeof lockGrantForDecision>>>;

/** Moves a grant from one of the expected statuses to the decided one; false when it had moved on. */
export async function setGrantDecision(
  db: Db,
  id: string,
  input: { from: readonly GrantStatus[]; to: GrantStatus; decidedBy: string; now: Date; reason: string | null },
) {
  const result = await db
    .updateTable("grants")
    .set({ status: input.to, decidedAt: input.now, decidedBy: input.decidedBy, reason: input.reason })
    .where("id", "=", id)
    .where("status", "in", input.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every grant of the person, with its service, for the catalogue and the dashboard. */
export async function listGrantsOfAccount(db: Db, accountId: string) {
  return db.selectFrom("grants").selectAll().where("accountId", "=", accountId).execute();
}

function grantsWithPeople(db: Db) {
  return db
    .selectFrom("grants")
    .innerJoin("services", "services.id", "grants.serviceId")
    .innerJoin("accounts", "accounts.id", "grants.accountId")
    .leftJoin("organisations", "organisations.id", "grants.organisationId")
    .leftJoin("memberships", (join) =>
      join.onRef("memberships.organisationId", "=", "grants.organisationId").onRef("memberships.accountId", "=", "grants.accountId"),
    )
    .select([
      "grants.id",
      "grants.status",
      "grants.requestedAt",
      "grants.decidedAt",
      "grants.reason",
      "services.name as serviceName",
      "accounts.civility",
      "accounts.firstName",
      "accounts.lastName",
      "accounts.email as accountEmail",
      "memberships.email as memberEmail",
      "memberships.function as memberFunction",
      "memberships.status as membershipStatus",
      "organisations.name as organisationName",
      "organisations.siret as organisationSiret",
    ])
    .where("grants.status", "in", ["pending", "granted"])
    .orderBy("grants.requestedAt")
    .orderBy("grants.id");
}

/** Pending requests and current grants of an organisation's members, for the services its administrators decide on. */
export async function listOrganisationGrants(db: Db, organisationId: string) {
  return grantsWithPeople(db).where("grants.organisationId", "=", organisationId).where("services.grantedBy", "=", "organisation_admin").execute();
}

/** Pending requests and current grants for the services platform admins decide on. */
export async function listPlatformGrants(db: Db) {
  return grantsWithPeople(db).where("services.grantedBy", "=", "platform_admin").execute();
}

export type GrantRow = Awaited<ReturnType<typeof listOrganisationGrants>>[number];

/** The person's own pending requests in an organisation for services its administrators decide on, locked. */
export async function lockOwnPendingOrganisationRequests(db: Db, input: { organisationId: string; accountId: string }) {
  return db
    .selectFrom("grants")
    .innerJoin("services", "services.id", "grants.serviceId")
    .select(["grants.id", "grants.serviceId", "services.name as serviceName", "services.slug as serviceSlug"])
    .where("grants.organisationId", "=", input.organisationId)
    .where("grants.accountId", "=", input.accountId)
    .where("grants.status", "=", "pending")
    .where("services.grantedBy", "=", "organisation_admin")
    .orderBy("grants.requestedAt")
    .forUpdate("grants")
    .execute();
}

/** Platform admins, who decide on requests for the services that say so. */
export async function listPlatformAdmins(db: Db) {
  return db
    .selectFrom("accounts")
    .select(["id", "civility", "firstName", "lastName", "email"])
    .where("role", "=", "platform_admin")
    .where("status", "=", "active")
    .orderBy("createdAt")
    .execute();
}

// ——— Context of a request ———

/** The person's membership of the organisation they act for, with the number of its administrators. */
export async function findRequestContext(db: Db, input: { accountId: string; organisationId: string }) {
  return db
    .selectFrom("memberships")
    .innerJoin("organisations", "organisations.id", "memberships.organisationId")
    .innerJoin("accounts", "accounts.id", "memberships.accountId")
    .select((eb) => [
      "organisations.id as organisationId",
      "organisations.name as organisationName",
      "memberships.status",
      "memberships.isAdmin",
      "memberships.function",
      "memberships.email as memberEmail",
      "accounts.email as accountEmail",
      eb
        .selectFrom("memberships as administrators")
        .select((inner) => inner.fn.countAll<number>().as("count"))
        .whereRef("administrators.organisationId", "=", "organisations.id")
        .where("administrators.isAdmin", "=", true)
        .where("administrators.status", "=", "active")
        .as("administratorCount"),
    ])
    .where("memberships.organisationId", "=", input.organisationId)
    .where("memberships.accountId", "=", input.accountId)
    .where("memberships.status", "in", ["pending", "active"])
    .executeTakeFirst();
}

/**
 * What the dashboard needs beyond the session and the services, in one round trip: the person's
 * membership of the organisation they act for (pending or active, with the organisation), and
 * each of their grants with the latest version of its service's terms they accepted.
 */
export async function findDashboardState(db: Db, input: { accountId: string; organisationId: string | null }) {
  const { rows } = await sql<
    Partial<Grant> & {
      grantOrganisationId: string | null;
      acceptedTermsVersion: number | null;
      organisationId: string | null;
      organisationName: string | null;
      siret: string | null;
      clientNumber: string | null;
      membershipStatus: "pending" | "active" | null;
      memberFunction: string | null;
    }
  >`
    select o.id as organisation_id, o.name as organisation_name, o.siret, o.client_number,
      m.status as membership_status, m.function as member_function,
      g.id, g.service_id, g.account_id, g.organisation_id as grant_organisation_id, g.status, g.requested_at, g.decided_at, g.decided_by, g.reason,
      (select max(t.terms_version) from terms_acceptances t where t.account_id = g.account_id and t.service_id = g.service_id) as accepted_terms_version
    from (values (1)) as one
    left join memberships m on m.account_id = ${input.accountId} and m.organisation_id = ${input.organisationId}::uuid and m.status in ('pending', 'active')
    left join organisations o on o.id = m.organisation_id
    left join grants g on g.account_id = ${input.accountId}
    order by g.requested_at, g.id`.execute(db);
  const first = rows[0];
  const membership =
    first?.organisationId && first.organisationName && first.siret && first.membershipStatus
      ? { id: first.organisationId, name: first.organisationName, siret: first.siret, clientNumber: first.clientNumber, status: first.membershipStatus, function: first.memberFunction }
      : null;
  const grants = rows
    .filter((row) => row.id)
    .map((row) => ({
      grant: {
        id: row.id!,
        serviceId: row.serviceId!,
        accountId: row.accountId!,
        organisationId: row.grantOrganisationId,
        status: row.status!,
        requestedAt: row.requestedAt!,
        decidedAt: row.decidedAt ?? null,
        decidedBy: row.decidedBy ?? null,
        reason: row.reason ?? null,
      } satisfies Grant,
      acceptedTermsVersion: row.acceptedTermsVersion,
    }));
  return { membership, grants };
}

export async function findPerson(db: Db, accountId: string) {
  return db.selectFrom("accounts").select(["id", "civility", "firstName", "lastName", "email"]).where("id", "=", accountId).executeTakeFirst();
}

// ——— Terms ———

export async function findTermsAcceptance(db: Db, input: { accountId: string; serviceId: string; termsVersion: number }) {
  return db
    .selectFrom("termsAcceptances")
    .select("acceptedAt")
    .where("accountId", "=", input.accountId)
    .where("serviceId", "=", input.serviceId)
    .where("termsVersion", "=", input.termsVersion)
    .executeTakeFirst();
}

/** Records the acceptance; accepting the same version twice keeps the first date. */
export async function insertTermsAcceptance(db: Db, input: { accountId: string; serviceId: string; termsVersion: number; now: Date }) {
  const inserted = await db
    .insertInto("termsAcceptances")
    .values({ accountId: input.accountId, serviceId: input.serviceId, termsVersion: input.termsVersion, acceptedAt: input.now })
    .onConflict((conflict) => conflict.doNothing())
    .returning("acceptedAt")
    .executeTakeFirst();
  return inserted !== undefined;
}
