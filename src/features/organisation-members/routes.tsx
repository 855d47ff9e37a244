import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute, refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import type { FlashKey } from "../../ui/flash.ts";
import { isUuid, organisationOfRequest } from "../../core/organisations/access.ts";
import type { MembershipDecisionDeps, MembershipDecisionInput } from "./decide-membership.ts";
import { deactivateMembership } from "./deactivate-membership.ts";
import { LastAdministratorError, MembershipDecisionError } from "../../core/organisations/member-errors.ts";
import { nameAdministrator } from "./name-administrator.ts";
import { membersUrl, type MemberAction } from "../../core/organisations/paths.ts";
import { findMember, listMembers } from "../../core/organisations/queries/members.ts";
import { reactivateMembership } from "./reactivate-membership.ts";
import { refuseMembership } from "./refuse-membership.ts";
import { removeAdministrator } from "./remove-administrator.ts";
import { canApply, whyNot } from "./transitions.ts";
import { validateMembership } from "./validate-membership.ts";
import { ConfirmDecisionPage, MembersPage, type ConfirmedAction } from "./views.tsx";

const signedIn = { preHandler: requireAccount };

type OrganisationParams = { Params: { organisationId: string } };
type MemberParams = { Params: { organisationId: string; membershipId: string } };

type Decision = (deps: MembershipDecisionDeps, input: MembershipDecisionInput & { reason?: string }) => Promise<{ memberAccountId: string }>;

/**
 * Where an action leads: back to the list with a message; `own`: elsewhere when administrators
 * take the action on themselves, as the members' page is then no longer theirs.
 */
interface After {
  flash: FlashKey;
  own?: { flash: FlashKey; location: (organisationId: string) => string };
}

/** The actions done in one click from the list. */
const oneClickActions: ({ path: MemberAction; decide: Decision } & After)[] = [
  { path: "valider", decide: validateMembership, flash: "membership-validated" },
  { path: "reactiver", decide: reactivateMembership, flash: "membership-reactivated" },
  { path: "nommer-administrateur", decide: nameAdministrator, flash: "administrator-named" },
  {
    path: "retirer-administrateur",
    decide: removeAdministrator,
    flash: "administrator-removed",
    own: { flash: "own-administrator-role-removed", location: (organisationId) => `/structures/${organisationId}` },
  },
];

/** The actions confirmed on their own page, with an optional reason told to the member. */
const confirmedActions: ({ action: ConfirmedAction; path: MemberAction; decide: Decision } & After)[] = [
  { action: "refuse", path: "refuser", decide: refuseMembership, flash: "membership-refused" },
  {
    action: "deactivate",
    path: "desactiver",
    decide: deactivateMembership,
    flash: "membership-deactivated",
    own: { flash: "own-membership-deactivated", location: () => "/" },
  },
];

/** A malformed id is an unknown page, not a database error. */
function membershipIdOf(raw: string): string {
  if (!isUuid(raw)) throw new NotFoundError();
  return raw;
}

// The reason's length is decide-membership.ts's rule (counted in characters, as the letters show it).
const reasonForm = defineForm({ reason: field.text() });

/** "Membres de la structure": an organisation's administrators validate, refuse, deactivate members and name administrators. */
export async function organisationMembersRoutes(app: FastifyInstance, deps: Deps) {
  async function membersPage(request: FastifyRequest, reply: FastifyReply, organisation: { id: string; name: string }, problem?: string) {
    const members = await listMembers(deps.db, organisation.id);
    const props = { organisation: { id: organisation.id, name: organisation.name }, members, actorId: sessionOf(request).accountId, problem };
    return renderPage(deps, request, reply, MembersPage, props, problem ? 409 : 200);
  }

  /** A decision that no longer applies is explained on the list, which shows the members as they are now. */
  const explained = [MembershipDecisionError, LastAdministratorError].map((type) =>
    refusal(type, async (error, request: FastifyRequest<MemberParams>, reply) => {
      const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
      return membersPage(request, reply, organisation, error.message);
    }),
  );

  function afterDecision(reply: FastifyReply, organisationId: string, ownMembership: boolean, after: After) {
    if (ownMembership && after.own) return redirectWithFlash(reply, after.own.location(organisationId), after.own.flash);
    return redirectWithFlash(reply, membersUrl(organisationId), after.flash);
  }

  app.get<OrganisationParams>("/structures/:organisationId/membres", signedIn, async (request, reply) => {
    const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
    return membersPage(request, reply, organisation);
  });

  for (const { path, decide, ...after } of oneClickActions) {
    app.post<MemberParams>(
      `/structures/:organisationId/membres/:membershipId/${path}`,
      signedIn,
      refusing(explained, async (request, reply) => {
        const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
        const actorId = sessionOf(request).accountId;
        const input = { organisationId: organisation.id, membershipId: membershipIdOf(request.params.membershipId), actorId, ip: request.ip };
        const { memberAccountId } = await decide(deps, input);
        return afterDecision(reply, organisation.id, memberAccountId === actorId, after);
      }),
    );
  }

  for (const { action, path, decide, ...after } of confirmedActions) {
    const url = `/structures/:organisationId/membres/:membershipId/${path}`;

    app.get<MemberParams>(url, signedIn, async (request, reply) => {
      const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
      const member = await findMember(deps.db, organisation.id, membershipIdOf(request.params.membershipId));
      if (!member) throw new NotFoundError();
      const actorId = sessionOf(request).accountId;
      // Decided since the list was shown: say so rather than ask for a confirmation that cannot apply.
      if (!canApply(action, member)) return membersPage(request, reply, organisation, whyNot(action, member, actorId));
      return renderPage(deps, request, reply, ConfirmDecisionPage, { action, organisation, member, actorId, values: {}, errors: {} });
    });

    app.post<MemberParams>(
      url,
      signedIn,
      formRoute(
        deps,
        {
          form: reasonForm,
          page: ConfirmDecisionPage,
          invalid: async (invalid, request: FastifyRequest<MemberParams>) => {
            const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
            const member = await findMember(deps.db, organisation.id, membershipIdOf(request.params.membershipId));
            if (!member) throw new NotFoundError();
            return { action, organisation, member, actorId: sessionOf(request).accountId, ...invalid };
          },
          refusals: explained,
        },
        async (request, reply, form) => {
          const organisation = await organisationOfRequest(deps, request, request.params.organisationId, { admin: true });
          const membershipId = membershipIdOf(request.params.membershipId);
          const actorId = sessionOf(request).accountId;
          const { memberAccountId } = await decide(deps, { organisationId: organisation.id, membershipId, actorId, ip: request.ip, reason: form.reason });
          return afterDecision(reply, organisation.id, memberAccountId === actorId, after);
        },
      ),
    );
  }
}
