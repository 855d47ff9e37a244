import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { FormError } from "../../platform/http/errors.ts";
import type { Mailer } from "../../platform/mail/mailer.ts";
import { CODE_LENGTH, hashActivationCode, normaliseActivationCode } from "../../core/organisations/activation-code.ts";
import { insertEvent } from "../../core/requests/queries/requests.ts";
import { requestDetachedMail } from "./mails.ts";
import { CLAIM_CODE_MAX_ATTEMPTS, mayBeClaimed } from "./policies.ts";
import { expireLiveClaims, findAccountAddressee, findLiveClaim, findRequestByNumber, markClaimUsed, moveRequestToAccount, recordWrongAttempt } from "../../core/requests/queries/claims.ts";

export type AttachOutcome = { attached: true; requestId: string } | { attached: false };

/**
 * "Rattacher une demande existante", second step: the person types the code mailed to the
 * request's address. With this account's live code for the request (not used, not replaced,
 * under 30 minutes old, fewer than 5 wrong attempts), the request becomes this account's: the
 * previous account loses it (and is told by mail), the other accounts' pending codes for it die,
 * and the change is written to the request's history and to the audit trail.
 *
 * Every refusal is the same `{ attached: false }` — wrong code, dead code, no code because the
 * number names no request — so this step tells no more about a number than the first one.
 * Wrong codes are counted in a committed transaction: the outcome is returned, not thrown.
 * Throws FormError on `code` only for its shape (empty, wrong length), which says nothing.
 */
export async function attachRequest(deps: { db: Db; clock: Clock; mailer: Mailer; config: Config }, input: { accountId: string; number: string; code: string; ip: string }): Promise<AttachOutcome> {
  const typed = normaliseActivationCode(input.code);
  if (typed === "") throw new FormError({ code: "Saisissez le code reçu par courriel." });
  if (typed.length !== CODE_LENGTH) throw new FormError({ code: `Le code comporte ${CODE_LENGTH} caractères, lettres et chiffres : recopiez-le tel qu'il figure dans le courriel.` });
  return deps.db.transaction().execute(async (trx): Promise<AttachOutcome> => {
    const now = deps.clock.now();
    const request = await findRequestByNumber(trx, input.number, { forUpdate: true });
    if (!request) return { attached: false };
    const claim = await findLiveClaim(trx, { requestId: request.id, accountId: input.accountId, now, maxAttempts: CLAIM_CODE_MAX_ATTEMPTS });
    if (!claim) return { attached: false };
    if (claim.codeHash !== hashActivationCode(typed)) {
      const attempts = await recordWrongAttempt(trx, claim.id);
      await audit(trx, deps.clock, {
        event: "request.claim_code_failed",
        accountId: input.accountId,
        actorId: input.accountId,
        ip: input.ip,
        details: { requestId: request.id, claimId: claim.id, attempts },
      });
      return { attached: false };
    }
    // The request may have changed since the code was sent (attached elsewhere, moved to an organisation).
    if (!mayBeClaimed(request, input.accountId)) return { attached: false };

    await markClaimUsed(trx, claim.id, now);
    await moveRequestToAccount(trx, { requestId: request.id, accountId: input.accountId, now });
    await expireLiveClaims(trx, { requestId: request.id, now });
    const previousApplicantId = request.applicantId;
    await insertEvent(trx, { requestId: request.id, occurredAt: now, actorId: input.accountId, event: "request.attached", details: { previousApplicantId, claimId: claim.id } });
    await audit(trx, deps.clock, {
      event: "request.attached",
      accountId: input.accountId,
      actorId: input.accountId,
      ip: input.ip,
      details: { requestId: request.id, number: request.number, previousApplicantId, claimId: claim.id },
    });
    const previous = previousApplicantId ? await findAccountAddressee(trx, previousApplicantId) : undefined;
    if (previousApplicantId && previous) {
      await deps.mailer.queue(trx, previous.email, await requestDetachedMail(deps.config, { ...previous, number: input.number, title: request.title, attachedAt: now }));
      await audit(trx, deps.clock, {
        event: "request.detached",
        accountId: previousApplicantId,
        actorId: input.accountId,
        ip: input.ip,
        details: { requestId: request.id, number: request.number, newApplicantId: input.accountId },
      });
    }
    return { attached: true, requestId: request.id };
  });
}
