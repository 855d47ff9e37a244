import { Button, fieldId, Form, Tag } from "../../../ui/components.tsx";
import { FileField, UploadedFile, UploadedFiles } from "../../../ui/file-field.tsx";
import type { PageContext } from "../../../ui/context.ts";
import type { DocumentRequest } from "../../procedures/definition/schema.ts";
import type { ProvidedDocument } from "../queries/requests.ts";

/** Input name of a document's file, and of the upload it replaces. */
export const FILE_INPUT = "fichier";
export const REPLACES_INPUT = "remplace";
export const documentInputName = (documentId: string) => `piece-${documentId}`;

/** One document a step asks for, with the files provided for it. */
export interface DocumentSlot {
  document: DocumentRequest;
  files: ProvidedDocument[];
}

/**
 * Where a slot's forms post and its links lead (a draft's step, an update of a filed request),
 * and the hidden fields its forms carry besides the token (the update's version).
 */
export interface DocumentSlotActions {
  upload: (requestId: string, documentId: string) => string;
  remove: (requestId: string, uploadId: string) => string;
  download: (requestId: string, uploadId: string) => string;
  hidden?: Record<string, string>;
}

/** One document of a step: its files (download, replace, remove) and the form to add one; plain forms, no script needed. */
export function DocumentSlotView({ ctx, request, slot, error, editable, actions }: { ctx: PageContext; request: { id: string }; slot: DocumentSlot; error?: string | undefined; editable: boolean; actions: DocumentSlotActions }) {
  const { document, files } = slot;
  const inputId = fieldId(documentInputName(document.id));
  const hidden = Object.entries(actions.hidden ?? {}).map(([name, value]) => <input type="hidden" name={name} value={value} />);
  return (
    <section class={`document${error ? " field--error" : ""}`} aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`}>
        {document.libellé} {document.obligatoire ? <Tag tone="warning">Obligatoire</Tag> : <Tag>Facultative</Tag>}
      </h3>
      {document.aide ? <p>{document.aide}</p> : null}
      {files.length > 0 ? (
        <UploadedFiles>
          {files.map((file) => (
            <UploadedFile
              file={{ name: file.originalName, size: file.size, type: file.detectedType, uploadedAt: file.createdAt }}
              href={actions.download(request.id, file.uploadId)}
              replace={
                editable
                  ? {
                      action: actions.upload(request.id, document.id),
                      csrfToken: ctx.csrfToken,
                      hidden: { ...actions.hidden, [REPLACES_INPUT]: file.uploadId },
                      input: { id: `${inputId}-${file.uploadId}`, name: FILE_INPUT, formats: document.formats, maxMb: document.taille_max_mo },
                    }
                  : undefined
              }
              remove={editable ? { action: actions.remove(request.id, file.uploadId), csrfToken: ctx.csrfToken, hidden: actions.hidden } : undefined}
            />
          ))}
        </UploadedFiles>
      ) : (
        <p>Aucun fichier déposé.</p>
      )}
      {editable ? (
        <Form action={actions.upload(request.id, document.id)} csrfToken={ctx.csrfToken} enctype="multipart/form-data">
          {hidden}
          <FileField id={inputId} name={FILE_INPUT} label="Ajouter un fichier" document={document.libellé} formats={document.formats} maxMb={document.taille_max_mo} error={error} framesError={false} />
          <Button variant="secondary">Joindre ce fichier<span class="visually-hidden"> : {document.libellé}</span></Button>
        </Form>
      ) : null}
    </section>
  );
}
