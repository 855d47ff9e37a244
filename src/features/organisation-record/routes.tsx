import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute, type InvalidForm } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import type { OrganisationRepresentative } from "../../platform/db/schema.ts";
import type { FlashKey } from "../../ui/flash.ts";
import { isUuid, organisationOfRequest } from "../../core/organisations/access.ts";
import { AdministratorBlock } from "./administrator-block.tsx";
import { describeAdministratorRole } from "../../core/organisations/describe-administrator-role.ts";
import type { MembershipWithOrganisation } from "../../core/organisations/queries/organisations.ts";
import { changeMyCoordinate, type Coordinate } from "./change-my-coordinate.ts";
import { createRepresentative } from "./create-representative.ts";
import { deleteRepresentative } from "./delete-representative.ts";
import { describeOrganisationRecord } from "./describe-organisation-record.ts";
import { AddressPage, DeleteRepresentativePage, IdentificationPage, MyEmailPage, MyFunctionPage, MyPhonePage, RepresentativePage } from "./edit-views.tsx";
import { ADDRESS_FIELDS, addressFormValues, formatPhone } from "./fields.ts";
import { findLegalRepresentative } from "../../core/organisations/queries/record.ts";
import { findRepresentative } from "./queries.ts";
import { isListedFunction, OTHER_FUNCTION, normaliseEntityType } from "./reference.ts";
import { REPRESENTATIVE_FIELDS } from "./representative-form.ts";
import { IDENTIFICATION_FIELDS, updateIdentification, type RecordActor } from "./update-identification.ts";
import { updateAddress } from "./update-address.ts";
import { updateRepresentative } from "./update-representative.ts";
import { OrganisationRecordPage } from "./views.tsx";

type OrganisationRoute = { Params: { organisationId: string } };
type RepresentativeRoute = { Params: { organisationId: string; representativeId: string } };

const signedIn = { preHandler: requireAccount };

function actorOf(request: FastifyRequest, membership: MembershipWithOrganisation): RecordActor {
  return { organisationId: membership.id, accountId: sessionOf(request).accountId, ip: request.ip };
}

// The record's rules cross fields (an address, a function "Autre", one legal representative) and
// the reference lists: the use cases check them and throw FormError, answered with the 422 page.
const identificationForm = defineForm(field.texts(IDENTIFICATION_FIELDS));
const addressForm = defineForm(field.texts(ADDRESS_FIELDS));
const representativeForm = defineForm(field.texts(REPRESENTATIVE_FIELDS));
const coordinateForm = defineForm(field.texts(["phone", "email", "function", "functionOther"]));

/** One of the organisation's representatives, or 404 (another organisation's, or an unknown one). */
async function representativeOf(deps: Deps, membership: MembershipWithOrganisation, representativeId: string) {
  if (!isUuid(representativeId)) throw new NotFoundError();
  const representative = await findRepresentative(deps.db, membership.id, representativeId);
  if (!representative) throw new NotFoundError();
  return representative;
}

/** The legal representative, when it is someone else than `representativeId`. */
async function otherLegalRepresentative(deps: Deps, organisationId: string, representativeId?: string) {
  const legal = await findLegalRepresentative(deps.db, organisationId);
  return legal && legal.id !== representativeId ? legal : undefined;
}

const coordinatePages: Record<Coordinate, { path: string; page: typeof MyPhonePage; flash: FlashKey }> = {
  phone: { path: "telephone", page: MyPhonePage, flash: "member-phone-updated" },
  email: { path: "courriel", page: MyEmailPage, flash: "member-email-updated" },
  function: { path: "fonction", page: MyFunctionPage, flash: "member-function-updated" },
};

const phoneValue = (stored: string | null) => (stored ? formatPhone(stored) : "");

/** The identification form filled with what is stored, phones grouped as people write them. */
function identificationValues(organisation: MembershipWithOrganisation): Record<string, string> {
  return {
    name: organisation.name,
    // An older database may hold the label ("Commune"): the form selects the list's entry (reference.ts).
    entityType: organisation.entityType ? normaliseEntityType(organisation.entityType) : "",
    nafCode: organisation.nafCode ?? "",
    legalFormCode: organisation.legalFormCode ?? "",
    rna: organisation.rna ?? "",
    phone: phoneValue(organisation.phone),
    mobile: phoneValue(organisation.mobile),
    fax: phoneValue(organisation.fax),
    email: organisation.email ?? "",
    website: organisation.website ?? "",
  };
}

function representativeValues(representative: OrganisationRepresentative): Record<string, string> {
  return {
    civility: representative.civility,
    lastName: representative.lastName,
    firstName: representative.firstName,
    function: representative.function,
    isLegalRepresentative: representative.isLegalRepresentative ? "oui" : "",
    ...addressFormValues(representative),
    phone: phoneValue(representative.phone),
    mobile: phoneValue(representative.mobile),
    fax: phoneValue(representative.fax),
    email: representative.email ?? "",
  };
}

/** A function off the list was written after "Autre": the form shows it that way. */
function coordinateValues(membership: MembershipWithOrganisation): Record<string, string> {
  const fn = membership.memberFunction ?? "";
  return {
    phone: phoneValue(membership.memberPhone),
    email: membership.memberEmail ?? "",
    function: fn === "" || isListedFunction(fn) ? fn : OTHER_FUNCTION,
    functionOther: fn === "" || isListedFunction(fn) ? "" : fn,
  };
}

/**
 * "Ma structure": the organisation record (seed 000 "Mes informations") and the member's own
 * coordinates within it (seed 001). Anyone who does not belong to the organisation gets 404;
 * pending members see the record and fill in their own coordinates; only active members change
 * the record.
 */
export async function organisationRecordRoutes(app: FastifyInstance, deps: Deps) {
  app.get<OrganisationRoute>("/structures/:organisationId", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, {});
    const role = await describeAdministratorRole(deps, {
      organisationId: membership.id,
      accountId: sessionOf(request).accountId,
      isAdmin: membership.isAdmin,
      active: membership.membershipStatus === "active",
    });
    const adminBlock = <AdministratorBlock organisationId={membership.id} role={role} />;
    return renderPage(deps, request, reply, OrganisationRecordPage, { ...(await describeOrganisationRecord(deps, membership)), adminBlock });
  });

  app.get<OrganisationRoute>("/structures/:organisationId/identification", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    return renderPage(deps, request, reply, IdentificationPage, { organisation: membership, values: identificationValues(membership), errors: {} });
  });

  /** The organisation whose record an active member changes, for a form's page shown again. */
  const activeOrganisation = async (invalid: InvalidForm, request: FastifyRequest<OrganisationRoute>) => ({
    organisation: await organisationOfRequest(deps, request, request.params.organisationId, { active: true }),
    ...invalid,
  });

  app.post<OrganisationRoute>(
    "/structures/:organisationId/identification",
    signedIn,
    formRoute(deps, { form: identificationForm, page: IdentificationPage, invalid: activeOrganisation }, async (request, reply, form) => {
      const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
      await updateIdentification(deps, actorOf(request, membership), form);
      return redirectWithFlash(reply, `/structures/${membership.id}`, "organisation-identification-updated");
    }),
  );

  app.get<OrganisationRoute>("/structures/:organisationId/adresse", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    return renderPage(deps, request, reply, AddressPage, { organisation: membership, values: { ...addressFormValues(membership) }, errors: {} });
  });

  app.post<OrganisationRoute>(
    "/structures/:organisationId/adresse",
    signedIn,
    formRoute(deps, { form: addressForm, page: AddressPage, invalid: activeOrganisation }, async (request, reply, form) => {
      const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
      await updateAddress(deps, actorOf(request, membership), form);
      return redirectWithFlash(reply, `/structures/${membership.id}`, "organisation-address-updated");
    }),
  );

  app.get<OrganisationRoute>("/structures/:organisationId/representants/nouveau", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    return renderPage(deps, request, reply, RepresentativePage, {
      organisation: membership,
      values: { country: "France" },
      errors: {},
      otherLegalRepresentative: await otherLegalRepresentative(deps, membership.id),
    });
  });

  app.post<OrganisationRoute>(
    "/structures/:organisationId/representants/nouveau",
    signedIn,
    formRoute(
      deps,
      {
        form: representativeForm,
        page: RepresentativePage,
        invalid: async (invalid, request: FastifyRequest<OrganisationRoute>) => {
          const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
          return { organisation: membership, ...invalid, otherLegalRepresentative: await otherLegalRepresentative(deps, membership.id) };
        },
      },
      async (request, reply, form) => {
        const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
        const { tookLegalFlag } = await createRepresentative(deps, actorOf(request, membership), form);
        return redirectWithFlash(reply, `/structures/${membership.id}#representants`, tookLegalFlag ? "representative-now-legal" : "representative-created");
      },
    ),
  );

  app.get<RepresentativeRoute>("/structures/:organisationId/representants/:representativeId", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    const representative = await representativeOf(deps, membership, request.params.representativeId);
    return renderPage(deps, request, reply, RepresentativePage, {
      organisation: membership,
      representative,
      values: representativeValues(representative),
      errors: {},
      otherLegalRepresentative: await otherLegalRepresentative(deps, membership.id, representative.id),
    });
  });

  app.post<RepresentativeRoute>(
    "/structures/:organisationId/representants/:representativeId",
    signedIn,
    formRoute(
      deps,
      {
        form: representativeForm,
        page: RepresentativePage,
        invalid: async (invalid, request: FastifyRequest<RepresentativeRoute>) => {
          const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
          const representative = await representativeOf(deps, membership, request.params.representativeId);
          return { organisation: membership, representative, ...invalid, otherLegalRepresentative: await otherLegalRepresentative(deps, membership.id, representative.id) };
        },
      },
      async (request, reply, form) => {
        const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
        const representative = await representativeOf(deps, membership, request.params.representativeId);
        const { tookLegalFlag } = await updateRepresentative(deps, actorOf(request, membership), representative.id, form);
        return redirectWithFlash(reply, `/structures/${membership.id}#representants`, tookLegalFlag ? "representative-now-legal" : "representative-updated");
      },
    ),
  );

  app.get<RepresentativeRoute>("/structures/:organisationId/representants/:representativeId/supprimer", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    const representative = await representativeOf(deps, membership, request.params.representativeId);
    return renderPage(deps, request, reply, DeleteRepresentativePage, { organisation: membership, representative });
  });

  app.post<RepresentativeRoute>("/structures/:organisationId/representants/:representativeId/supprimer", signedIn, async (request, reply) => {
    const membership = await organisationOfRequest(deps, request, request.params.organisationId, { active: true });
    if (!isUuid(request.params.representativeId)) throw new NotFoundError();
    await deleteRepresentative(deps, actorOf(request, membership), request.params.representativeId);
    return redirectWithFlash(reply, `/structures/${membership.id}#representants`, "representative-deleted");
  });

  // The member's own coordinates: pending members may fill them in while they wait.
  for (const [coordinate, { path, page, flash }] of Object.entries(coordinatePages) as [Coordinate, (typeof coordinatePages)[Coordinate]][]) {
    const url = `/structures/:organisationId/mes-coordonnees/${path}`;

    app.get<OrganisationRoute>(url, signedIn, async (request, reply) => {
      const membership = await organisationOfRequest(deps, request, request.params.organisationId, {});
      return renderPage(deps, request, reply, page, { organisation: membership, values: coordinateValues(membership), errors: {} });
    });

    app.post<OrganisationRoute>(
      url,
      signedIn,
      formRoute(
        deps,
        {
          form: coordinateForm,
          page,
          invalid: async (invalid, request: FastifyRequest<OrganisationRoute>) => ({
            organisation: await organisationOfRequest(deps, request, request.params.organisationId, {}),
            ...invalid,
          }),
        },
        async (request, reply, form) => {
          const membership = await organisationOfRequest(deps, request, request.params.organisationId, {});
          const actor = { ...actorOf(request, membership), membershipId: membership.membershipId };
          await changeMyCoordinate(deps, actor, coordinate, form);
          return redirectWithFlash(reply, `/structures/${membership.id}#mes-coordonnees`, flash);
        },
      ),
    );
  }
}
