import type { FastifyRequest } from "fastify";
import { PageError } from "./errors.ts";

/**
 * PostgreSQL text cannot hold U+0000: a NUL typed into a login, a name or an address segment
 * ("/administration/demarches/%00") would reach a query and fail there as a 500. No form of the
 * portal sends one, so a request carrying one anywhere (path parameters, query, body fields) is
 * refused as a whole, before any handler runs.
 */
export class NulCharacterError extends PageError {
  constructor() {
    super(400, "Demande incorrecte", "La demande envoyée contient un caractère non autorisé. Revenez à la page précédente, corrigez votre saisie et réessayez.");
  }
}

/** Whether a decoded value (string, array or plain object, as the parsers build them) holds a NUL. */
export function holdsNulCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  // The body parsers nest at most a few levels; deeper structures are not ours to read.
  if (depth > 8 || value === null || typeof value !== "object" || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((item) => holdsNulCharacter(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes("\u0000") || holdsNulCharacter(item, depth + 1));
}

/** preHandler hook: runs once every body parser (multipart included) has filled the request. */
export async function refuseNulCharacters(request: FastifyRequest) {
  if (holdsNulCharacter(request.params) || holdsNulCharacter(request.query) || holdsNulCharacter(request.body)) throw new NulCharacterError();
}
