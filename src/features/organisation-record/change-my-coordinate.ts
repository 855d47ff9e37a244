import { audit } from "../../platform/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/database.ts";
import { invalid, valid, type Check } from "../../platform/french/check.ts";
import { FormError } from "../../platform/http/errors.ts";
import { checkEmail, checkOptionalPhone, checkText } from "./fields.ts";
import { updateMemberCoordinates } from "./queries.ts";
import { isListedFunction, OTHER_FUNCTION } from "./reference.ts";
import type { RecordActor } from "./update-identification.ts";

/** The three coordinates a member changes, each on its own page (seed 001). */
export type Coordinate = "phone" | "email" | "function";

export interface CoordinateForm {
  phone: string;
  email: string;
  function: string;
  /** The function written by the person when they chose "Autre". */
  functionOther: string;
}

/** The function chosen in the list, or written after "Autre". */
export function checkMemberFunction(choice: string, other: string): Check<string> {
  if (choice === "") return invalid("Choisissez votre fonction dans la liste.");
  if (choice === OTHER_FUNCTION) {
    const written = checkText(other, { required: "Précisez votre fonction.", max: 100, what: "La fonction" });
    return written;
  }
  return isListedFunction(choice) ? valid(choice) : invalid("Choisissez votre fonction dans la liste.");
}

function checkCoordinate(coordinate: Coordinate, form: CoordinateForm): Check<string | null> {
  switch (coordinate) {
    case "phone":
      return checkOptionalPhone(form.phone);
    case "email":
      return checkEmail(form.email, { required: null });
    case "function":
      return checkMemberFunction(form.function, form.functionOther);
  }
}

/**
 * Changes the member's phone, e-mail or function within the organisation. Phone and e-mail may
 * be emptied (mails then go to the account's address); the function may not, since some
 * services require it. Pending members may fill theirs in too. These are the member's own
 * coordinates, not the organisation's record: its "Modifié le" does not move.
 */
export async function changeMyCoordinate(
  deps: { db: Db; clock: Clock },
  actor: RecordActor & { membershipId: string },
  coordinate: Coordinate,
  form: CoordinateForm,
): Promise<void> {
  const check = checkCoordinate(coordinate, form);
  if (!check.ok) {
    // The missing precision after "Autre" belongs to its own field, so the summary links there.
    const field = coordinate === "function" && form.function === OTHER_FUNCTION ? "functionOther" : coordinate;
    throw new FormError({ [field]: check.message });
  }

  await deps.db.transaction().execute(async (trx) => {
    await updateMemberCoordinates(trx, actor.membershipId, { [coordinate]: check.value });
    await audit(trx, deps.clock, {
      event: `membership.${coordinate}_changed`,
      accountId: actor.accountId,
      actorId: actor.accountId,
      ip: actor.ip,
      details: { organisationId: actor.organisationId, membershipId: actor.membershipId, emptied: check.value === null },
    });
  });
}
