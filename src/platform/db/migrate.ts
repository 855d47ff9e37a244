import { Migrator, sql, type Migration, type MigrationProvider } from "kysely";
import type { Db } from "./database.ts";
import * as m0001 from "./migrations/0001_accounts.ts";
import * as m0002 from "./migrations/0002_letters.ts";
import * as m0003 from "./migrations/0003_organisations_register.ts";
import * as m0004 from "./migrations/0004_organisations.ts";
import * as m0005 from "./migrations/0005_services.ts";
import * as m0006 from "./migrations/0006_procedures.ts";
import * as m0007 from "./migrations/0007_requests.ts";
import * as m0008 from "./migrations/0008_requests_indexes.ts";
import * as m0009 from "./migrations/0009_requests_search.ts";
import * as m0010 from "./migrations/0010_account_identity.ts";
import * as m0011 from "./migrations/0011_partner_accounts.ts";
import * as m0012 from "./migrations/0012_captcha_waits.ts";
import * as m0013 from "./migrations/0013_home_notices.ts";
import * as m0014 from "./migrations/0014_help_articles.ts";
import * as m0015 from "./migrations/0015_support.ts";
import * as m0016 from "./migrations/0016_reception_desks.ts";
import * as m0017 from "./migrations/0017_social_housing.ts";
import * as m0018 from "./migrations/0018_request_renewal.ts";
import * as m0019 from "./migrations/0019_request_payments.ts";
import * as m0020 from "./migrations/0020_agents_worklist.ts";
import * as m0021 from "./migrations/0021_request_exports.ts";
import * as m0022 from "./migrations/0022_request_statistics.ts";
import * as m0023 from "./migrations/0023_partner_api.ts";
import * as m0024 from "./migrations/0024_rate_limit_counters.ts";
import * as m0025 from "./migrations/0025_services_changed.ts";
import * as m0026 from "./migrations/0026_request_exports_filters.ts";
import * as m0027 from "./migrations/0027_request_name_words.ts";
import * as m0028 from "./migrations/0028_statistics_skip_drafts.ts";
import * as m0029 from "./migrations/0029_dashboard_version.ts";
import * as m0030 from "./migrations/0030_sessions_changed.ts";
import * as m0031 from "./migrations/0031_request_news_index.ts";
import * as m0032 from "./migrations/0032_request_name_pairs.ts";

/** Migrations are listed here in order, so the bundle needs no file-system scan. */
const migrations: Record<string, Migration> = {
  "0001_accounts": m0001,
  "0002_letters": m0002,
  "0003_organisations_register": m0003,
  "0004_organisations": m0004,
  "0005_services": m0005,
  "0006_procedures": m0006,
  "0007_requests": m0007,
  "0008_requests_indexes": m0008,
  "0009_requests_search": m0009,
  "0010_account_identity": m0010,
  "0011_partner_accounts": m0011,
  "0012_captcha_waits": m0012,
  "0013_home_notices": m0013,
  "0014_help_articles": m0014,
  "0015_support": m0015,
  "0016_reception_desks": m0016,
  "0017_social_housing": m0017,
  "0018_request_renewal": m0018,
  "0019_request_payments": m0019,
  "0020_agents_worklist": m0020,
  "0021_request_exports": m0021,
  "0022_request_statistics": m0022,
  "0023_partner_api": m0023,
  "0024_rate_limit_counters": m0024,
  "0025_services_changed": m0025,
  "0026_request_exports_filters": m0026,
  "0027_request_name_words": m0027,
  "0028_statistics_skip_drafts": m0028,
  "0029_dashboard_version": m0029,
  "0030_sessions_changed": m0030,
  "0031_request_news_index": m0031,
  "0032_request_name_pairs": m0032,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations; called at start and by the test helpers. */
export async function migrateToLatest(db: Db): Promise<void> {
  if (await isUpToDate(db)) return;
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`, { cause: error });
  }
}

/**
 * One query instead of the migrator's table checks and lock: start-up on an existing database
 * is on the "first page in 2 s" budget, and the migrator costs most of a second on PGlite.
 */
async function isUpToDate(db: Db): Promise<boolean> {
  const latest = Object.keys(migrations).at(-1);
  try {
    const result = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
    return result.rows[0]?.name === latest;
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}
