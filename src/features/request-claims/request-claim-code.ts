import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { parseRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { generateActivationCode, hashActivationCode } from "../../core/organisations/activation-code.ts";
import { countRecoveryMail } from "../../core/accounts/queries/recovery.ts";
import { claimCodeMail } from "./mails.ts";
import { CLAIM_CODE_VALIDITY_MS, CLAIM_WINDOW_MS, MAX_CODE_REQUESTS_PER_ACCOUNT, MAX_CODES_PER_REQUEST, MAX_CODES_PER_REQUEST_AND_ACCOUNT, mayBeClaimed } from "./policies.ts";
import { countClaimsSince, expireLiveClaims, findRequestByNumber, insertClaim } from "../../core/requests/queries/claims.ts";

const claimThrottleKey = (accountId: string) => `request-claim:${accountId}`;

/**
 * "Rattacher une demande existante", first step: the person types a request's number; when it
 * names a request they may attach (policies.ts) and its address has not had its 3 codes of the
 * day, a code valid 30 minutes is mailed to the request's address, replacing this account's
 * previous code for it. Whatever the number names — nothing, a request without address, one of
 * the person's own — the caller says the same words, so the page tells nothing about requests.
 * A malformed number (wrong length, characters or check key) is a FormError on `numero`, as is
 * the account's allowance of 10 code requests per 24 hours, counted for every well-formed number
 * known or not, so that refusal says nothing about requests either.
 * Returns the compact number, for the code page's address.
 */
export async function requestClaimCode(
  deps: { db: Db; clock: Clock; mailer: Mailer; config: Config },
  input: { accountId: string; number: string; ip: string },
): Promise<{ number: string }> {
  const parsed = parseRequestNumber(input.number);
  if (!parsed.ok) throw new FormError({ numero: parsed.message });
  const number = parsed.value;
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const requests = await countRecoveryMail(trx, claimThrottleKey(input.accountId), now, CLAIM_WINDOW_MS);
    if (requests > MAX_CODE_REQUESTS_PER_ACCOUNT) {
      throw new FormError({
        numero: `Vous avez déjà demandé ${MAX_CODE_REQUESTS_PER_ACCOUNT} codes en 24 heures : réessayez demain. Si vous avez besoin d'aide, contactez-nous.`,
      });
    }
    const request = await findRequestByNumber(trx, number, { forUpdate: true });
    const record = (details: Record<string, unknown>) =>
      audit(trx, deps.clock, { event: "request.claim_code_requested", accountId: input.accountId, actorId: input.accountId, ip: input.ip, details: { number, ...details } });
    if (!request || !mayBeClaimed(request, input.accountId)) {
      await record({ requestId: request?.id ?? null, mailSent: false });
      return { number };
    }
    const since = new Date(now.getTime() - CLAIM_WINDOW_MS);
    if (
      (await countClaimsSince(trx, request.id, since, input.accountId)) >= MAX_CODES_PER_REQUEST_AND_ACCOUNT ||
      (await countClaimsSince(trx, request.id, since)) >= MAX_CODES_PER_REQUEST
    ) {
      await record({ requestId: request.id, mailSent: false, limit: "request" });
      return { number };
    }
    await expireLiveClaims(trx, { requestId: request.id, accountId: input.accountId, now });
    const code = generateActivationCode();
    const claim = await insertClaim(trx, {
      requestId: request.id,
      accountId: input.accountId,
      codeHash: hashActivationCode(code),
      now,
      expiresAt: new Date(now.getTime() + CLAIM_CODE_VALIDITY_MS),
    });
    await deps.mailer.queue(trx, request.applicantEmail, await claimCodeMail(deps.config, { number, title: request.title, code }));
    await record({ requestId: request.id, claimId: claim.id, mailSent: true });
    return { number };
  });
}
