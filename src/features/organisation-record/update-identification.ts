import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { valid, type Check } from "../../platform/french/check.ts";
import { checkRna } from "../../platform/french/rna.ts";
import { FormError, NotFoundError } from "../../platform/http/errors.ts";
import { findOrganisation } from "../../core/organisations/queries/organisations.ts";
import { checkChoice, checkEmail, checkOptionalPhone, checkText, checkWebsite, collectChecks } from "./fields.ts";
import { isLegalFormCode } from "./legal-forms.ts";
import { checkNafCode } from "./naf.ts";
import { updateOrganisation } from "./queries.ts";
import { isEntityType } from "./reference.ts";

export const IDENTIFICATION_FIELDS = ["name", "entityType", "nafCode", "legalFormCode", "rna", "phone", "mobile", "fax", "email", "website"] as const;

export type IdentificationForm = Record<(typeof IDENTIFICATION_FIELDS)[number], string>;

/** Who changes the record, from where: every change is audited with them. */
export interface RecordActor {
  organisationId: string;
  accountId: string;
  ip: string;
}

function checkOptionalNaf(value: string): Check<string | null> {
  if (value === "") return valid(null);
  const naf = checkNafCode(value);
  return naf.ok ? valid(naf.value.code) : naf;
}

function checkOptionalRna(value: string): Check<string | null> {
  if (value === "") return valid(null);
  const rna = checkRna(value);
  if (!rna.ok) return rna;
  return valid(rna.value);
}

/**
 * Checks the identification form; the values are those to store. A type or legal form stored
 * before (by an import, or a category newer than our list) stays acceptable as it is, so that
 * saving another field never drops it.
 */
export function checkIdentification(form: IdentificationForm, current: { entityType: string | null; legalFormCode: string | null }) {
  const keeps = (stored: string | null, isListed: (value: string) => boolean) => (value: string) => isListed(value) || value === stored;
  return collectChecks({
    name: checkText(form.name, { required: "Saisissez le nom de la structure.", what: "Le nom de la structure" }),
    entityType: checkChoice(form.entityType, keeps(current.entityType, isEntityType), "Choisissez le type de tiers dans la liste."),
    nafCode: checkOptionalNaf(form.nafCode),
    legalFormCode: checkChoice(form.legalFormCode, keeps(current.legalFormCode, isLegalFormCode), "Choisissez la forme juridique dans la liste."),
    rna: checkOptionalRna(form.rna),
    phone: checkOptionalPhone(form.phone),
    mobile: checkOptionalPhone(form.mobile),
    fax: checkOptionalPhone(form.fax),
    email: checkEmail(form.email, { required: null }),
    website: checkWebsite(form.website),
  });
}

/**
 * Changes the organisation's identification (name, type, NAF, legal form, RNA, phones, e-mail,
 * website). SIRET and client number are not among them: they come from the operator's register.
 * Audited with the names of the fields changed, never their values.
 */
export async function updateIdentification(deps: { db: Db; clock: Clock }, actor: RecordActor, form: IdentificationForm): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const organisation = await findOrganisation(trx, actor.organisationId);
    if (!organisation) throw new NotFoundError();
    const { errors, values } = checkIdentification(form, organisation);
    if (!values) throw new FormError(errors);
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((field) => organisation[field] !== values[field]);
    await updateOrganisation(trx, actor.organisationId, { ...values, updatedAt: deps.clock.now(), updatedBy: actor.accountId });
    await audit(trx, deps.clock, {
      event: "organisation.identification_changed",
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, fields: changed },
    });
  });
}
