import type { FastifyInstance } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { readForm } from "../../platform/http/forms.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { isValidRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { attachRequest } from "./attach-request.ts";
import { requestClaimCode } from "./request-claim-code.ts";
import { ClaimCodePage, ClaimNumberPage, claimPaths, CODE_REFUSED } from "./views.tsx";

const signedIn = { preHandler: requireAccount };

/**
 * "Rattacher une demande existante" (seed 003, § 4): a number, then the code mailed to the
 * request's address. These static paths win over the requests' `/demandes/:id` routes.
 */
export async function requestClaimRoutes(app: FastifyInstance, deps: Deps) {
  app.get(claimPaths.number, signedIn, (request, reply) => renderPage(deps, request, reply, ClaimNumberPage, {}));

  app.post(claimPaths.number, signedIn, async (request, reply) => {
    const form = readForm(request.body, ["numero"]);
    try {
      const { number } = await requestClaimCode(deps, { accountId: sessionOf(request).accountId, number: form.numero, ip: request.ip });
      return reply.redirect(claimPaths.codeOf(number), 303);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, ClaimNumberPage, { values: form, errors: error.errors }, 422);
    }
  });

  app.get<{ Querystring: { numero?: string } }>(claimPaths.code, signedIn, async (request, reply) => {
    const number = typeof request.query.numero === "string" ? request.query.numero : "";
    // The number comes from our own redirect, compact and checked; anything else starts over.
    if (!isValidRequestNumber(number)) return reply.redirect(claimPaths.number, 303);
    return renderPage(deps, request, reply, ClaimCodePage, { number });
  });

  app.post(claimPaths.code, signedIn, async (request, reply) => {
    const form = readForm(request.body, ["numero", "code"]);
    if (!isValidRequestNumber(form.numero)) return reply.redirect(claimPaths.number, 303);
    try {
      const outcome = await attachRequest(deps, { accountId: sessionOf(request).accountId, number: form.numero, code: form.code, ip: request.ip });
      if (outcome.attached) return redirectWithFlash(reply, claimPaths.myRequests, "request-attached");
      return renderPage(deps, request, reply, ClaimCodePage, { number: form.numero, values: { code: form.code }, errors: { code: CODE_REFUSED } }, 422);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return renderPage(deps, request, reply, ClaimCodePage, { number: form.numero, values: { code: form.code }, errors: error.errors }, 422);
    }
  });
}
