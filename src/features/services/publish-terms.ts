import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Service } from "../../platform/db/schema.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import type { FieldErrors } from "../../ui/context.ts";
import { TermsVersionChangedError } from "./errors.ts";
import { findServiceById, publishTermsVersion } from "../../core/organisations/queries/services.ts";
import { checkTermsText } from "./service-form.ts";
import { changeServices } from "../../core/organisations/service-catalogue.ts";

/** A terms version as the form sends it: a whole number that fits PostgreSQL's integer. */
const VERSION_PATTERN = /^\d{1,9}$/;

export interface PublishTermsForm {
  termsText: string;
  confirmation: string;
  /** The version the admin started from, so two admins cannot publish over each other. */
  version: string;
}

/**
 * "Publier une nouvelle version des conditions": replaces a service's terms and raises their
 * version, so that everyone accepts them again before their next use. Throws FormError for
 * invalid input, TermsVersionChangedError when another version was published meanwhile (or the
 * form's version is not a version at all).
 */
export async function publishTerms(deps: { db: Db; clock: Clock }, serviceId: string, form: PublishTermsForm, context: { actorId: string; ip: string }): Promise<Service> {
  // A hidden field: what is not a version cannot be the one the page showed.
  if (!VERSION_PATTERN.test(form.version)) throw new TermsVersionChangedError();
  const errors: FieldErrors = {};
  const termsError = checkTermsText(form.termsText);
  if (termsError) errors.termsText = termsError;
  if (form.confirmation !== "oui")
    errors.confirmation = "Confirmez que toutes les personnes habilitées devront accepter à nouveau les conditions.";
  if (Object.keys(errors).length > 0) throw new FormError(errors);
  return changeServices(deps.db, async (trx) => {
    const service = await publishTermsVersion(trx, serviceId, { termsText: form.termsText, expectedVersion: Number(form.version), now: deps.clock.now() });
    if (!service) {
      if (!(await findServiceById(trx, serviceId))) throw new NotFoundError();
      throw new TermsVersionChangedError();
    }
    await audit(trx, deps.clock, {
      event: "service.terms_published",
      actorId: context.actorId,
      ip: context.ip,
      details: { serviceId, termsVersion: service.termsVersion },
    });
    return service;
  });
}
