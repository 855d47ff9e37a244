/**
 * Forms with one file (a request's document, an answer to a documents ask, a message's
 * attachment), read the same way everywhere: the multipart parser lives in the route's scope
 * only, the file is streamed straight into the store (uploads.ts) as soon as the parser meets
 * it, and the store's verdict is kept by request, never read from the body: a body field (a
 * JSON part of a multipart form, a JSON body) could imitate it.
 *
 * The whole form is parsed before the preHandler hooks, so the app's CSRF check reads `_csrf`
 * from the body as for any other form (the token never goes in a URL). A file is therefore
 * stored before the token is checked: one that no route handed over to a use case (bad token,
 * no right, another error) is deleted when the response is sent.
 */
import multipart, { type Multipart, type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { CurrentSession } from "../sessions/sessions.ts";
import { readForm } from "../http/forms.ts";
import type { FileTypeName } from "./file-types.ts";
import { deleteUpload, storeUpload, type UploadDeps, type UploadRecord, type UploadRefusal } from "./uploads.ts";

/** What the file part may be, decided for this request (the document's formats and size). */
export interface FileRules {
  accepted: readonly FileTypeName[];
  maxBytes: number;
}

export interface MultipartFormOptions {
  /** The largest file any form of the scope takes: the parser stops reading there. */
  maxFileBytes: number;
  /** How many text fields the forms have at most, the CSRF token included. */
  fields: number;
  /** The longest text field, in bytes. */
  fieldBytes: number;
  /**
   * Whether the signed-in person may send this file part now, and with which rules; undefined
   * drops the part unread. Runs before the CSRF check: it may only read the session, the
   * route's params and the part's names, never the body. Nobody signed out gets a file kept.
   */
  fileRules: (request: FastifyRequest, part: { fieldname: string; filename: string }, session: CurrentSession) => Promise<FileRules | undefined>;
}

/**
 * The file of a posted form: none (no file chosen, or no file this person may send here),
 * refused by the store (the French sentence to show under the field), or stored.
 */
export type FileVerdict = { kind: "none" } | { kind: "refused"; reason: UploadRefusal; message: string } | { kind: "stored"; upload: UploadRecord };

export interface MultipartForm {
  /** The text fields as trimmed strings (like `readForm`) and the file's verdict. */
  read<const K extends string>(request: FastifyRequest, names: readonly K[]): { fields: Record<K, string>; file: FileVerdict };
  /** The stored file now belongs to a use case (which deletes it if it fails): it is no longer deleted with the response. */
  keep(request: FastifyRequest): void;
}

/**
 * Registers the multipart parser for this scope only, with its limits (one file), and returns
 * the reader of its forms. Routes of the scope should check the session `onRequest`, before
 * the body is read, so nobody else makes the server read a large file.
 */
export async function registerMultipartForm(scope: FastifyInstance, deps: UploadDeps, options: MultipartFormOptions): Promise<MultipartForm> {
  const verdicts = new WeakMap<FastifyRequest, FileVerdict>();
  /** Stored and not (yet) handed over to a use case. */
  const pending = new WeakMap<FastifyRequest, UploadRecord>();

  async function readFile(request: FastifyRequest, part: MultipartFile): Promise<FileVerdict> {
    const session = request.currentSession;
    const rules = session ? await options.fileRules(request, part, session) : undefined;
    if (!rules) {
      // Read to the end: a part left unread would stall the request.
      for await (const chunk of part.file) void chunk;
      return { kind: "none" };
    }
    const result = await storeUpload(deps, { content: part.file, declaredName: part.filename, accepted: rules.accepted, maxBytes: rules.maxBytes });
    if (result.ok) {
      pending.set(request, result.upload);
      return { kind: "stored", upload: result.upload };
    }
    // A form sent with no file chosen posts an empty part without a name.
    if (result.reason === "empty" && part.filename === "") return { kind: "none" };
    return { kind: "refused", reason: result.reason, message: result.message };
  }

  await scope.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: options.maxFileBytes, files: 1, fields: options.fields, fieldSize: options.fieldBytes, parts: options.fields + 1 },
  });

  scope.addHook("preValidation", async (request) => {
    if (!request.isMultipart()) return;
    // The body as text fields only: the file part stands in it by its name, as a browser shows it.
    const body: Record<string, unknown> = {};
    try {
      for await (const part of request.parts()) {
        let value: unknown;
        if (part.type === "file") {
          verdicts.set(request, await readFile(request, part));
          value = part.filename;
        } else {
          value = part.value;
        }
        addValue(body, part, value);
      }
    } catch (error) {
      throw multipartFailure(error);
    }
    request.body = body;
  });

  scope.addHook("onResponse", async (request) => {
    const orphan = pending.get(request);
    if (orphan) await deleteUpload(deps, orphan);
  });

  return {
    read(request, names) {
      return { fields: readForm(request.body, names), file: verdicts.get(request) ?? { kind: "none" } };
    },
    keep(request) {
      pending.delete(request);
    },
  };
}

/** A repeated name becomes a list, as url-encoded forms give it. */
function addValue(body: Record<string, unknown>, part: Multipart, value: unknown) {
  const existing = body[part.fieldname];
  if (existing === undefined) body[part.fieldname] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else body[part.fieldname] = [existing, value];
}

/**
 * Every error met while parsing a multipart body (its limits, a body cut short, a file that
 * could not be stored) goes through here: the one place that decides which page it becomes.
 * Today each goes on unchanged to the app's error handler.
 */
function multipartFailure(error: unknown): unknown {
  return error;
}
