import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../platform/http/deps.ts";
import { FormError } from "../platform/http/errors.ts";
import { parseForm, type FormDefinition, type FormValues } from "../platform/http/forms.ts";
import { renderPage, type PageComponent } from "./render.ts";

/**
 * A domain error a route answers with a page of its own (a refused transition, a decision that
 * no longer applies…) rather than the error page. Declared beside the route, matched here: the
 * one `instanceof` of all the routes that use it.
 */
export interface Refusal<R extends FastifyRequest = FastifyRequest> {
  matches(error: unknown): boolean;
  /** `sent`: what a form route's body held (secrets removed), for a page that shows it again. */
  answer(error: unknown, request: R, reply: FastifyReply, sent: Record<string, string>): unknown;
}

export function refusal<E extends Error, R extends FastifyRequest = FastifyRequest>(
  type: abstract new (...args: never[]) => E,
  answer: (error: E, request: R, reply: FastifyReply, sent: Record<string, string>) => unknown,
): Refusal<R> {
  return { matches: (error) => error instanceof type, answer: (error, request, reply, sent) => answer(error as E, request, reply, sent) };
}

async function answeringRefusals<R extends FastifyRequest>(
  refusals: readonly Refusal<R>[],
  request: R,
  reply: FastifyReply,
  sent: Record<string, string>,
  run: () => Promise<unknown>,
) {
  try {
    return await run();
  } catch (error) {
    const matching = refusals.find((candidate) => candidate.matches(error));
    if (!matching) throw error;
    return matching.answer(error, request, reply, sent);
  }
}

/** A handler whose listed domain errors are answered by their pages; any other goes to the error handler. */
export function refusing<R extends FastifyRequest>(refusals: readonly Refusal<R>[], handler: (request: R, reply: FastifyReply) => Promise<unknown>) {
  return (request: R, reply: FastifyReply) => answeringRefusals(refusals, request, reply, {}, () => handler(request, reply));
}

/** What was sent (secrets removed) and the messages, for the page shown again with status 422. */
export interface InvalidForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * A form's POST handler: reads the body against the declared form, and answers an invalid one —
 * by its declaration, or by a `FormError` its use case throws — with `page` again, status 422.
 * The handler itself only authorises, calls its use case with typed values and renders or
 * redirects.
 */
export function formRoute<D extends FormDefinition, P, R extends FastifyRequest = FastifyRequest>(
  deps: Deps,
  spec: {
    form: D;
    page: PageComponent<P>;
    /** The page's props from what was sent; may load what the page shows besides the form. */
    invalid: (invalid: InvalidForm, request: R) => P | Promise<P>;
    refusals?: readonly Refusal<R>[];
  },
  handler: (request: R, reply: FastifyReply, values: FormValues<D>) => Promise<unknown>,
) {
  const showAgain = async (request: R, reply: FastifyReply, invalid: InvalidForm) =>
    renderPage(deps, request, reply, spec.page, await spec.invalid(invalid, request), 422);
  return async (request: R, reply: FastifyReply) => {
    const parsed = parseForm(spec.form, request.body);
    if (!parsed.valid) return showAgain(request, reply, { values: parsed.sent, errors: parsed.errors });
    const refusals = [refusal(FormError, (error, request: R, reply) => showAgain(request, reply, { values: parsed.sent, errors: error.errors })), ...(spec.refusals ?? [])];
    return answeringRefusals(refusals, request, reply, parsed.sent, () => handler(request, reply, parsed.values));
  };
}
