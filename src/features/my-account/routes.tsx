import type { FastifyInstance } from "fastify";
import { requireAccount, sessionCookieName, sessionCookieOptions, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { NotFoundError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { loadPanels } from "../../ui/panels.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { findCivilIdentity } from "../../core/accounts/civil-identity.ts";
import { changePassword } from "./change-password.ts";
import { confirmEmailChange } from "./confirm-email-change.ts";
import { deleteMyAccount } from "./delete-my-account.ts";
import { describeMyAccount } from "./describe-my-account.ts";
import { endOtherSessions } from "./end-other-sessions.ts";
import { exportMyData } from "./export-my-data.ts";
import { requestEmailChange } from "./request-email-change.ts";
import { updateIdentity } from "./update-identity.ts";
import { identityFormValues, IdentityPage } from "./identity-views.tsx";
import type { MyAccountPanels } from "./panels.ts";
import { DeletionPage, EmailChangePage, EmailChangeProblemPage, MyAccountPage, PasswordChangePage } from "./views.tsx";

const signedIn = { preHandler: requireAccount };

// Each answer needs the account (its identity rules are registration's, a password is verified
// and counted), so the messages stay in the use cases; the forms say what they read.
const identityForm = defineForm({
  civility: field.text(),
  lastName: field.text(),
  firstName: field.text(),
  birthDay: field.text({ max: 10 }),
  birthMonth: field.text({ max: 10 }),
  birthYear: field.text({ max: 10 }),
  birthPlace: field.text({ max: 20 }),
  birthCommune: field.text({ max: 100 }),
  birthCountry: field.text({ max: 10 }),
  sex: field.text({ max: 10 }),
  nir: field.text({ max: 40 }),
});
const emailChangeForm = defineForm({ newEmail: field.text(), newEmailConfirmation: field.text(), password: field.password() });
const passwordChangeForm = defineForm({ currentPassword: field.password(), newPassword: field.password(), newPasswordConfirmation: field.password() });
const deletionForm = defineForm({ password: field.password(), confirmation: field.text() });

/** The identity FranceConnect verified, shown locked on the form; null when the person may edit it all. */
async function lockedIdentity(deps: Deps, accountId: string) {
  const identity = await findCivilIdentity(deps.db, accountId);
  return identity?.verified ? identity : null;
}

/** Mon compte: the person's information, address, password, sessions, data and deletion. */
export const myAccountRoutes = (panels: MyAccountPanels) => (app: FastifyInstance, deps: Deps) => {
  app.get("/mon-compte", signedIn, async (request, reply) => {
    const session = sessionOf(request);
    const [account, sections] = await Promise.all([describeMyAccount(deps, session), loadPanels(panels.sections, deps.db, { accountId: session.accountId })]);
    return renderPage(deps, request, reply, MyAccountPage, { ...account, sections });
  });

  app.get("/mon-compte/mes-informations", signedIn, async (request, reply) => {
    const identity = await findCivilIdentity(deps.db, sessionOf(request).accountId);
    if (!identity) throw new NotFoundError();
    return renderPage(deps, request, reply, IdentityPage, { values: identityFormValues(identity), errors: {}, locked: identity.verified ? identity : null });
  });

  app.post(
    "/mon-compte/mes-informations",
    signedIn,
    formRoute(deps, { form: identityForm, page: IdentityPage, invalid: async (invalid, request) => ({ ...invalid, locked: await lockedIdentity(deps, sessionOf(request).accountId) }) }, async (request, reply, form) => {
      await updateIdentity(deps, sessionOf(request).accountId, form, { ip: request.ip });
      return redirectWithFlash(reply, "/mon-compte", "identity-updated");
    }),
  );

  app.get("/mon-compte/adresse-electronique", signedIn, (request, reply) =>
    renderPage(deps, request, reply, EmailChangePage, { currentEmail: sessionOf(request).email, values: {}, errors: {} }),
  );

  app.post(
    "/mon-compte/adresse-electronique",
    signedIn,
    formRoute(
      deps,
      { form: emailChangeForm, page: EmailChangePage, invalid: (invalid, request) => ({ currentEmail: sessionOf(request).email, ...invalid }) },
      async (request, reply, form) => {
        await requestEmailChange(deps, sessionOf(request).accountId, form, { ip: request.ip });
        return redirectWithFlash(reply, "/mon-compte", "email-change-requested");
      },
    ),
  );

  // Reached from a mail, signed in or not: the link itself is the proof.
  app.get<{ Querystring: { jeton?: unknown } }>("/mon-compte/confirmer-adresse-electronique", async (request, reply) => {
    const token = typeof request.query.jeton === "string" ? request.query.jeton : "";
    const result = await confirmEmailChange(deps, token, { ip: request.ip });
    if (result.status !== "changed") {
      const status = result.status === "unknown" ? 404 : result.status === "taken" ? 409 : 410;
      return renderPage(deps, request, reply, EmailChangeProblemPage, { problem: result.status }, status);
    }
    const own = request.currentSession?.accountId === result.accountId;
    return redirectWithFlash(reply, own ? "/mon-compte" : request.currentSession ? "/" : "/connexion", "email-changed");
  });

  app.get("/mon-compte/mot-de-passe", signedIn, (request, reply) => renderPage(deps, request, reply, PasswordChangePage, { errors: {} }));

  app.post(
    "/mon-compte/mot-de-passe",
    signedIn,
    formRoute(deps, { form: passwordChangeForm, page: PasswordChangePage, invalid: ({ errors }) => ({ errors }) }, async (request, reply, form) => {
      await changePassword(deps, sessionOf(request), form, { ip: request.ip });
      return redirectWithFlash(reply, "/mon-compte", "password-changed");
    }),
  );

  app.post("/mon-compte/sessions/fermer-les-autres", signedIn, async (request, reply) => {
    await endOtherSessions(deps, sessionOf(request), { ip: request.ip });
    return redirectWithFlash(reply, "/mon-compte", "sessions-ended");
  });

  app.get("/mon-compte/mes-donnees.json", signedIn, async (request, reply) => {
    const { identifier, data } = await exportMyData(deps, sessionOf(request).accountId, { ip: request.ip });
    // Identifiers are letters, digits, ".", "_" and "-" only: safe inside the quoted file name.
    return reply
      .header("content-type", "application/json; charset=utf-8")
      .header("content-disposition", `attachment; filename="mes-donnees-${identifier}.json"`)
      .header("cache-control", "no-store")
      .send(JSON.stringify(data, null, 2));
  });

  app.get("/mon-compte/supprimer", signedIn, (request, reply) => renderPage(deps, request, reply, DeletionPage, { values: {}, errors: {} }));

  app.post(
    "/mon-compte/supprimer",
    signedIn,
    formRoute(deps, { form: deletionForm, page: DeletionPage, invalid: (invalid) => invalid }, async (request, reply, form) => {
      await deleteMyAccount(deps, sessionOf(request).accountId, form, { ip: request.ip });
      reply.clearCookie(sessionCookieName(deps.config), sessionCookieOptions(deps.config));
      return redirectWithFlash(reply, "/", "account-deleted");
    }),
  );
};
