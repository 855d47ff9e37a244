import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Service } from "../../platform/db/schema.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { insertTermsAcceptance } from "../../core/organisations/queries/services.ts";

export const TERMS_CHECKBOX = "J'ai lu et j'accepte les conditions particulières d'utilisation";

/**
 * The person accepts the version of a service's terms they were shown. When another version was
 * published since the page was displayed, nothing is recorded: they must read the new one.
 * Throws FormError when the box is not ticked or the version changed.
 */
export async function acceptTerms(
  deps: { db: Db; clock: Clock },
  input: { accountId: string; service: Service; form: { accept: string; version: string }; ip: string },
) {
  const { service } = input;
  if (!service.active) throw new NotFoundError();
  if (input.form.accept !== "oui") throw new FormError({ accept: "Cochez la case pour accepter les conditions particulières d'utilisation." });
  if (input.form.version !== String(service.termsVersion))
    throw new FormError({ accept: "Une nouvelle version des conditions a été publiée entre-temps : lisez-la ci-dessous avant de l'accepter." });
  await deps.db.transaction().execute(async (trx) => {
    const recorded = await insertTermsAcceptance(trx, { accountId: input.accountId, serviceId: service.id, termsVersion: service.termsVersion, now: deps.clock.now() });
    // A second acceptance of the same version (back button, two tabs) is not a new event.
    if (recorded)
      await audit(trx, deps.clock, {
        event: "terms.accepted",
        accountId: input.accountId,
        actorId: input.accountId,
        ip: input.ip,
        details: { serviceId: service.id, termsVersion: service.termsVersion },
      });
  });
}
