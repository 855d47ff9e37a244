import multipart, { type MultipartFile } from "@fastify/multipart";
import type { FastifyInstance } from "fastify";

/**
 * An operator's data file (a register, a list of desks, a table of ceilings) as an import form
 * hands it to its route: read into memory, bounded by the size limit, with whether it was cut
 * there. Such files are read and loaded at once, never stored; documents people attach go through
 * `multipart-form.ts` instead (type by content, virus scan, storage).
 */
export interface DataFile {
  fileName: string;
  content: Buffer;
  /** The file was larger than the limit and was cut there. */
  truncated: boolean;
}

function isDataFile(value: unknown): value is DataFile {
  return typeof value === "object" && value !== null && Buffer.isBuffer((value as DataFile).content);
}

/** The file of the form's field `name`, or undefined when none was chosen (browsers send an empty part). */
export function chosenDataFile(body: unknown, name: string): DataFile | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return isDataFile(value) && !(value.fileName === "" && value.content.length === 0) ? value : undefined;
}

async function keepDataFile(part: MultipartFile) {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const file: DataFile = { fileName: part.filename, content: Buffer.concat(chunks), truncated: part.file.truncated };
  // With `attachFieldsToBody: "keyValues"` the part's value becomes the body's field.
  (part as unknown as { value: DataFile }).value = file;
}

/**
 * Lets the routes of this scope (only) receive one data file. The whole form (token and file) is
 * parsed before the preHandler hooks, so the app's CSRF check reads `_csrf` from the body as for
 * any other form, and the token never goes in a URL. Guard the routes with `onRequest`, so that
 * nobody else makes the server read the file.
 */
export async function registerDataFileForm(scope: FastifyInstance, limits: { maxBytes: number; fields: number }) {
  await scope.register(multipart, {
    attachFieldsToBody: "keyValues",
    onFile: keepDataFile,
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxBytes, files: 1, fields: limits.fields, fieldSize: 1024, parts: limits.fields + 1 },
  });
}
