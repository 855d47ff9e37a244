import type { FastifyInstance } from "fastify";
import { requireAccount, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { FormError } from "../../platform/http/errors.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute } from "../../ui/form-route.ts";
import { redirectWithFlash, renderPage } from "../../ui/render.ts";
import { isValidRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { attachRequest } from "./attach-request.ts";
import { requestClaimCode } from "./request-claim-code.ts";
import { ClaimCodePage, ClaimNumberPage, claimPaths, CODE_REFUSED } from "./views.tsx";

const signedIn = { preHandler: requireAccount };

// The number's and the code's rules need the request (its number, its code's attempts): the use cases check them.
const numberForm = defineForm({ numero: field.text() });
const codeForm = defineForm({ numero: field.text(), code: field.text() });

/**
 * "Rattacher une demande existante" (seed 003, § 4): a number, then the code mailed to the
 * request's address. These static paths win over the requests' `/demandes/:id` routes.
 */
export async function requestClaimRoutes(app: FastifyInstance, deps: Deps) {
  app.get(claimPaths.number, signedIn, (request, reply) => renderPage(deps, request, reply, ClaimNumberPage, {}));

  app.post(
    claimPaths.number,
    signedIn,
    formRoute(deps, { form: numberForm, page: ClaimNumberPage, invalid: (invalid) => invalid }, async (request, reply, form) => {
      const { number } = await requestClaimCode(deps, { accountId: sessionOf(request).accountId, number: form.numero, ip: request.ip });
      return reply.redirect(claimPaths.codeOf(number), 303);
    }),
  );

  app.get<{ Querystring: { numero?: string } }>(claimPaths.code, signedIn, async (request, reply) => {
    const number = typeof request.query.numero === "string" ? request.query.numero : "";
    // The number comes from our own redirect, compact and checked; anything else starts over.
    if (!isValidRequestNumber(number)) return reply.redirect(claimPaths.number, 303);
    return renderPage(deps, request, reply, ClaimCodePage, { number });
  });

  app.post(
    claimPaths.code,
    signedIn,
    formRoute(
      deps,
      { form: codeForm, page: ClaimCodePage, invalid: ({ values, errors }) => ({ number: values.numero ?? "", values: { code: values.code ?? "" }, errors }) },
      async (request, reply, form) => {
        if (!isValidRequestNumber(form.numero)) return reply.redirect(claimPaths.number, 303);
        const outcome = await attachRequest(deps, { accountId: sessionOf(request).accountId, number: form.numero, code: form.code, ip: request.ip });
        if (!outcome.attached) throw new FormError({ code: CODE_REFUSED });
        return redirectWithFlash(reply, claimPaths.myRequests, "request-attached");
      },
    ),
  );
}
