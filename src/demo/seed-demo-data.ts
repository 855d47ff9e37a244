import type { Clock } from "../platform/clock.ts";
import { seedDemoNotices } from "./seed-demo-notices.ts";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import type { Jobs } from "../platform/jobs.ts";
import type { Mailer } from "../platform/mail/mailer.ts";
import type { AccountRole, Civility } from "../platform/db/schema.ts";
import { hashPassword } from "../platform/security/passwords.ts";
import { normalizeLogin } from "../core/accounts/identifiers.ts";
import * as accounts from "../core/accounts/queries/accounts.ts";
import { hasAnyProcedure } from "./queries.ts";
import { seedDemoOrganisations } from "./seed-demo-organisations.ts";
import { PORTAL_PROCEDURES_DIRECTORY } from "../core/procedures/directory.ts";
import { publishProcedure } from "../core/procedures/publish-procedure.ts";
import { seedDemoRequests } from "./seed-demo-requests.ts";
import { seedDemoHousing } from "./seed-demo-housing.ts";
import { seedDemoSupport } from "./seed-demo-support.ts";
import { seedDemoHelp } from "./seed-demo-help.ts";
import { seedDemoReceptionDesks } from "./seed-demo-reception-desks.ts";
import { seedDemoAidPayments } from "./seed-demo-payments.ts";

export interface DemoAccount {
  identifier: string;
  password: string;
  /** The role as the interface names it. */
  role: string;
}

/** Known passwords, printed at every development start; each satisfies the policy (tested). */
export const demoAccounts = [
  {
    identifier: "demo.usager",
    password: "Usager-Demo-2026!",
    role: "applicant",
    civility: "Mme",
    lastName: "Martin",
    firstName: "Camille",
    email: "camille.martin@exemple.fr",
  },
  {
    identifier: "demo.structure",
    password: "Structure-Demo-2026!",
    role: "applicant",
    civility: "M.",
    lastName: "Testo",
    firstName: "Paul",
    email: "paul.testo@mairie-eus.fr",
  },
  {
    identifier: "demo.instructeur",
    password: "Instructeur-Demo-2026!",
    role: "agent",
    civility: "Mme",
    lastName: "Lefèvre",
    firstName: "Sophie",
    email: "sophie.lefevre@exemple.fr",
  },
  {
    identifier: "demo.admin",
    password: "Admin-Demo-2026!",
    role: "platform_admin",
    civility: "M.",
    lastName: "Bernard",
    firstName: "Julien",
    email: "julien.bernard@exemple.fr",
  },
  {
    identifier: "demo.support",
    password: "Support-Demo-2026!",
    role: "agent",
    civility: "M.",
    lastName: "Morel",
    firstName: "Thomas",
    email: "thomas.morel@exemple.fr",
  },
] as const satisfies readonly { role: AccountRole; civility: Civility; [key: string]: string }[];

/**
 * A landlord's partner account (seed 004), with a known identifier: LOG + 012345 + its check
 * letter (012345 mod 23 = 17, "U"). It logs in as any partner does, however the identifier is typed.
 */
export const demoPartner = {
  identifier: "LOG012345U",
  password: "Bailleur-Demo-2026!",
  role: "Bailleur (compte partenaire)",
  userNumber: "B0012345",
  civility: "M." as Civility,
  lastName: "Garcia",
  firstName: "Antoine",
  email: "antoine.garcia@exemple.fr",
  postalStreet: "8 avenue du Canigou",
  postalCode: "66500",
  postalCommune: "Prades",
};

const roleLabels: Record<AccountRole, string> = { applicant: "Usager", platform_admin: "Administrateur du portail", agent: "Instructeur" };
/** demo.structure administers the demo commune and opens the demo partner service; demo.support answers /contact. */
const specialLabels: Record<string, string> = { "demo.structure": "Administrateur d'une structure", "demo.support": "Agent du support (questions des usagers)" };
const labelOf = (demo: (typeof demoAccounts)[number]) => specialLabels[demo.identifier] ?? roleLabels[demo.role];

/**
 * Development only (start.ts checks): creates the demo accounts that are missing, active and ready
 * to log in, with the demo organisations, loan service and partner (seed-demo-organisations.ts),
 * the demo procedures, a case worker and a filed request (seed-demo-requests.ts, first start only),
 * and returns the accounts for printing. Existing accounts are left as they are, so a
 * restart changes nothing.
 */
export async function seedDemoData(deps: { db: Db; clock: Clock; config: Config; mailer: Mailer; jobs: Jobs }): Promise<DemoAccount[]> {
  for (const demo of demoAccounts) {
    if (await accounts.findAccountByIdentifier(deps.db, normalizeLogin(demo.identifier))) continue;
    const passwordHash = await hashPassword(demo.password);
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (db) => {
      const account = await accounts.insertAccount(db, {
        identifier: demo.identifier,
        email: demo.email,
        civility: demo.civility,
        lastName: demo.lastName,
        firstName: demo.firstName,
        passwordHash,
        role: demo.role,
        status: "active",
        termsAcceptedAt: now,
        activatedAt: now,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      // Null when the address was taken meanwhile (another process starting): nothing to add.
      if (account) await accounts.insertPasswordHistory(db, account.id, passwordHash, now);
    });
  }
  await seedDemoPartner(deps);
  const structure = await accounts.findAccountByIdentifier(deps.db, "demo.structure");
  const landlord = await accounts.findAccountByIdentifier(deps.db, normalizeLogin(demoPartner.identifier));
  if (structure) await seedDemoOrganisations(deps, { administrator: structure.id, landlord: landlord?.id });
  await seedDemoProcedures(deps);
  await seedDemoHousing(deps);
  await seedDemoSupport(deps);
  await seedDemoHelp(deps);
  await seedDemoNotices(deps);
  await seedDemoReceptionDesks(deps);
  return demoAccountList();
}

/** The demo's accounts, as `npm start` prints them. */
export function demoAccountList(): DemoAccount[] {
  return [
    ...demoAccounts.map((demo) => ({ identifier: demo.identifier, password: demo.password, role: labelOf(demo) })),
    { identifier: demoPartner.identifier, password: demoPartner.password, role: demoPartner.role },
  ];
}

/** Whether an earlier start seeded the demo: all its accounts are there (one query). */
export async function demoSeeded(db: Db): Promise<boolean> {
  const identifiers = [...demoAccounts, demoPartner].map((demo) => normalizeLogin(demo.identifier));
  return (await accounts.countAccountsWithIdentifiers(db, identifiers)) === identifiers.length;
}

/** The demo landlord, active with a password already chosen (no letter to wait for). */
async function seedDemoPartner(deps: { db: Db; clock: Clock }) {
  if (await accounts.findAccountByIdentifier(deps.db, normalizeLogin(demoPartner.identifier))) return;
  const passwordHash = await hashPassword(demoPartner.password);
  const now = deps.clock.now();
  const { password: _password, role: _role, ...fields } = demoPartner;
  await deps.db.transaction().execute(async (db) => {
    const account = await accounts.insertAccount(db, {
      ...fields,
      kind: "partner",
      passwordHash,
      status: "active",
      termsAcceptedAt: now,
      activatedAt: now,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (account) await accounts.insertPasswordHistory(db, account.id, passwordHash, now);
  });
}

/**
 * The four demo procedures of procedures/, loaded and published the first time only, with the
 * demo case worker attached to them and demo.usager's filed housing request.
 */
async function seedDemoProcedures(deps: { db: Db; clock: Clock; config: Config; mailer: Mailer; jobs: Jobs }) {
  // Later starts leave procedures to their admins (and skip validating the files: start-up time).
  if (await hasAnyProcedure(deps.db)) return;
  const { loadProceduresFromDirectory } = await import("../core/procedures/load-from-directory.ts");
  const report = await loadProceduresFromDirectory(deps, PORTAL_PROCEDURES_DIRECTORY, { via: "cli" }, "procedures");
  const published: string[] = [];
  for (const procedure of report.procedures) {
    if (procedure.outcome !== "new") continue;
    await publishProcedure(deps, { slug: procedure.slug }, { actorId: null });
    published.push(procedure.slug);
  }
  const agent = await accounts.findAccountByIdentifier(deps.db, "demo.instructeur");
  const applicant = await accounts.findAccountByIdentifier(deps.db, "demo.usager");
  if (agent && applicant) await seedDemoRequests(deps, { agentId: agent.id, applicant, procedureSlugs: published });
  // demo.structure's accepted aid request, its advance paid and its balance planned (issue 12).
  const structure = await accounts.findAccountByIdentifier(deps.db, "demo.structure");
  if (agent && structure && published.includes("aide-associations")) await seedDemoAidPayments(deps, { agentId: agent.id, applicant: structure });
}
