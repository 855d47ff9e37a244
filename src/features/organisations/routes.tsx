import type { FastifyInstance, FastifyRequest } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { refusal, refusing } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { organisationOfRequest, isUuid } from "../../core/organisations/access.ts";
import { AdministratorRolePage } from "./administrator-views.tsx";
import { attachOrganisation } from "../../core/organisations/attach-organisation.ts";
import { describeAdministratorRole } from "../../core/organisations/describe-administrator-role.ts";
import { detachOrganisation } from "./detach-organisation.ts";
import { enterAdministratorCode } from "./enter-administrator-code.ts";
import { AdministratorRoleUnavailable } from "./errors.ts";
import { findOrganisationToAttach, type AttachBy } from "../../core/organisations/find-organisation-to-attach.ts";
import { lookupsBlockedMessage, lookupsBlockedUntil, recordFailedLookup } from "../../core/organisations/lookup-throttle.ts";
import { findRegisterEntry, listMembershipsOfAccount } from "../../core/organisations/queries/organisations.ts";
import { requestAdministratorLetter } from "./request-administrator-letter.ts";
import { switchOrganisation } from "./switch-organisation.ts";
import { AttachPage, ConfirmAttachPage, DetachPage, MyOrganisationsPage } from "./views.tsx";

type WithOrganisation = { Params: { organisationId: string } };
const signedIn = { preHandler: requireAccount };

/** "Gérer mes structures", "Ajouter une structure", "Supprimer une structure", and the administrator's role by post. */
export async function organisationsRoutes(app: FastifyInstance, deps: Deps) {
  app.get("/structures", signedIn, async (request, reply) => {
    const memberships = await listMembershipsOfAccount(deps.db, sessionOf(request).accountId);
    return renderPage(deps, request, reply, MyOrganisationsPage, { memberships });
  });

  const attachPage = { brandOrganisation: deps.config.brand.organisation };
  app.get("/structures/ajouter", signedIn, async (request, reply) =>
    renderPage(deps, request, reply, AttachPage, { ...attachPage, values: {}, errors: {} }),
  );

  app.post("/structures/ajouter", signedIn, async (request, reply) => {
    const form = readForm(request.body, ["par", "numero"]);
    const by: AttachBy | null = form.par === "client" || form.par === "siret" ? form.par : null;
    if (!by) return renderPage(deps, request, reply, AttachPage, { ...attachPage, values: form, errors: { par: "Choisissez le numéro avec lequel vous vous rattachez." } }, 422);
    const accountId = sessionOf(request).accountId;
    const blockedUntil = await lookupsBlockedUntil(deps, { accountId });
    if (blockedUntil) {
      return renderPage(deps, request, reply, AttachPage, { ...attachPage, values: form, errors: { numero: lookupsBlockedMessage(blockedUntil) } }, 429);
    }
    const found = await findOrganisationToAttach(deps.db, by, form.numero);
    if (!found.ok) {
      await recordFailedLookup(deps, { accountId });
      return renderPage(deps, request, reply, AttachPage, { ...attachPage, values: form, errors: { numero: found.message } }, 422);
    }
    return renderPage(deps, request, reply, ConfirmAttachPage, { entry: found.entry });
  });

  app.post("/structures/ajouter/confirmer", signedIn, async (request, reply) => {
    const { structure } = readForm(request.body, ["structure"]);
    if (!isUuid(structure)) throw new NotFoundError();
    const entry = await findRegisterEntry(deps.db, structure);
    if (!entry) throw new NotFoundError();
    const session = sessionOf(request);
    const { organisationId, outcome } = await attachOrganisation(deps, { accountId: session.accountId, sessionId: session.sessionId, entry, ip: request.ip });
    if (outcome === "first") return redirectWithFlash(reply, `/structures/${organisationId}/administrateur`, "organisation-attached-first");
    return redirectWithFlash(reply, `/structures/${organisationId}`, outcome === "pending" ? "organisation-join-requested" : "organisation-already-attached");
  });

  app.post<WithOrganisation>("/structures/:organisationId/choisir", signedIn, async (request, reply) => {
    if (!isUuid(request.params.organisationId)) throw new NotFoundError();
    const session = sessionOf(request);
    await switchOrganisation(deps, { accountId: session.accountId, sessionId: session.sessionId, organisationId: request.params.organisationId });
    return redirectWithFlash(reply, "/tableau-de-bord", "organisation-switched");
  });

  app.get<WithOrganisation>("/structures/:organisationId/supprimer", signedIn, async (request, reply) => {
    const organisation = await organisationOfRequest(deps, request, request.params.organisationId);
    return renderPage(deps, request, reply, DetachPage, { organisation });
  });

  app.post<WithOrganisation>("/structures/:organisationId/supprimer", signedIn, async (request, reply) => {
    const organisation = await organisationOfRequest(deps, request, request.params.organisationId);
    await detachOrganisation(deps, { accountId: sessionOf(request).accountId, organisationId: organisation.id, ip: request.ip });
    return redirectWithFlash(reply, "/structures", "organisation-detached");
  });

  const rolePage = async (request: FastifyRequest<WithOrganisation>) => {
    const organisation = await organisationOfRequest(deps, request, request.params.organisationId);
    const role = await describeAdministratorRole(deps, {
      organisationId: organisation.id,
      accountId: sessionOf(request).accountId,
      isAdmin: organisation.isAdmin,
      active: organisation.membershipStatus === "active",
    });
    return { organisation, role };
  };

  app.get<WithOrganisation>("/structures/:organisationId/administrateur", signedIn, async (request, reply) =>
    renderPage(deps, request, reply, AdministratorRolePage, await rolePage(request)),
  );

  app.post<WithOrganisation>(
    "/structures/:organisationId/administrateur/courrier",
    signedIn,
    refusing(
      [
        refusal(AdministratorRoleUnavailable, async (error, request: FastifyRequest<WithOrganisation>, reply) =>
          renderPage(deps, request, reply, AdministratorRolePage, { ...(await rolePage(request)), problem: error.message }, 409),
        ),
      ],
      async (request, reply) => {
        const organisation = await organisationOfRequest(deps, request, request.params.organisationId);
        await requestAdministratorLetter(deps, { accountId: sessionOf(request).accountId, organisationId: organisation.id, ip: request.ip });
        return redirectWithFlash(reply, `/structures/${organisation.id}/administrateur`, "administrator-letter-requested");
      },
    ),
  );

  app.post<WithOrganisation>("/structures/:organisationId/administrateur/code", signedIn, async (request, reply) => {
    const organisation = await organisationOfRequest(deps, request, request.params.organisationId);
    const { code } = readForm(request.body, ["code"]);
    const outcome = await enterAdministratorCode(deps, { accountId: sessionOf(request).accountId, organisationId: organisation.id, code, ip: request.ip });
    if (outcome.ok) return redirectWithFlash(reply, `/structures/${organisation.id}`, "administrator-activated");
    const page = await rolePage(request);
    const stillTyping = page.role.kind === "open" && page.role.latest?.live && !page.role.latest.expired && page.role.latest.attemptsLeft > 0;
    // Once the code cannot be typed any more, its field is gone: the message stands on its own.
    return renderPage(
      deps,
      request,
      reply,
      AdministratorRolePage,
      stillTyping ? { ...page, values: { code }, errors: { code: outcome.message } } : { ...page, problem: outcome.message },
      422,
    );
  });
}
