import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { listActiveSessions } from "../../platform/sessions/sessions.ts";
import * as queries from "../../core/accounts/queries/accounts.ts";
import { findCivilIdentity } from "../../core/accounts/civil-identity.ts";
import { describeUserAgent } from "./user-agent.ts";

/** What "Mon compte" shows: the person's information and their live sessions, this one marked. */
export async function describeMyAccount(deps: { db: Db; clock: Clock }, session: { accountId: string; sessionId: string }) {
  const account = await queries.findAccountById(deps.db, session.accountId);
  if (!account) throw new NotFoundError();
  const [sessions, identity] = await Promise.all([listActiveSessions(deps, account.id), findCivilIdentity(deps.db, account.id)]);
  if (!identity) throw new NotFoundError();
  return {
    account: {
      identifier: account.identifier,
      email: account.email,
      civility: account.civility,
      lastName: account.lastName,
      firstName: account.firstName,
    },
    identity,
    /** Partner accounts (seed 004): the user number and the address their letters go to. */
    partner:
      account.kind === "partner"
        ? {
            userNumber: account.userNumber ?? "",
            address: [account.postalDetail, account.postalComplement, account.postalStreet, account.postalDistribution, `${account.postalCode ?? ""} ${account.postalCommune ?? ""}`, account.postalCountry].filter(
              (line): line is string => Boolean(line?.trim()),
            ),
          }
        : null,
    sessions: sessions.map((live) => ({
      id: live.id,
      createdAt: live.createdAt,
      lastSeenAt: live.lastSeenAt,
      ip: live.ip,
      browser: describeUserAgent(live.userAgent),
      current: live.id === session.sessionId,
    })),
  };
}

export type MyAccount = Awaited<ReturnType<typeof describeMyAccount>>;
