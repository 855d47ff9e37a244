import { describe, expect, it } from "vitest";
import { acceptOf, FileField, UploadedFile } from "./file-field.tsx";

const render = async (element: unknown) => String(await element);

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no element with id ${id} in ${html}`);
  return match[0];
}

describe("the kit's file field", () => {
  it("is a real file input named by its label (and the document it is for), described by its hint of formats and size", async () => {
    const html = await render(<FileField id="champ-piece-identite" name="fichier" label="Ajouter un fichier" document="Pièce d'identité" formats={["pdf", "jpeg"]} maxMb={5} />);
    const input = tagWithId(html, "champ-piece-identite");
    expect(input).toMatch(/^<input type="file" class="file-field__input"/);
    expect(input).toContain('name="fichier"');
    expect(input).toContain('accept=".pdf,.jpg,.jpeg"');
    expect(input).toContain('aria-describedby="champ-piece-identite-hint"');
    expect(input).not.toContain("aria-invalid");
    expect(html).toContain(`<label class="field__label" for="champ-piece-identite">Ajouter un fichier<span class="visually-hidden"> : Pièce d&#39;identité</span></label>`);
    expect(tagWithId(html, "champ-piece-identite-hint")).toBe('<p class="field__hint" id="champ-piece-identite-hint">');
    expect(html).toContain("Formats acceptés : PDF ou JPEG. Taille maximale : 5 Mo.");
  });

  it("opens the chooser from a French « Choisir un fichier » label placed after the input, so the input's focus can show on it", async () => {
    const html = await render(<FileField name="fichier" label="Fichier" formats={["pdf"]} maxMb={2} />);
    expect(html).toContain('<label class="file-field__button" for="champ-fichier">Choisir un fichier</label>');
    expect(html.indexOf('id="champ-fichier"')).toBeLessThan(html.indexOf('class="file-field__button"'));
    expect(html).toContain('<span class="file-field__status" data-file-status="true" aria-live="polite"></span>');
    expect(html).not.toMatch(/Choose|No file/);
  });

  it("with an error: the message is tied to the input, which is marked invalid, and the field is framed unless its section is", async () => {
    const framed = await render(<FileField name="fichier" label="Fichier" formats={["pdf"]} maxMb={2} error="Le fichier est vide : choisissez un autre fichier." />);
    expect(tagWithId(framed, "champ-fichier")).toContain('aria-describedby="champ-fichier-hint champ-fichier-error" aria-invalid="true"');
    expect(tagWithId(framed, "champ-fichier-error")).toBe('<p class="field__error" id="champ-fichier-error">');
    expect(framed).toContain('class="field file-field field--error"');
    const inSection = await render(<FileField name="fichier" label="Fichier" formats={["pdf"]} maxMb={2} error="Refusé" framesError={false} />);
    expect(inSection).toContain('class="field file-field"');
  });

  it("takes a hint of its own (CSV imports), other describing elements, and says when it is optional or required", async () => {
    const html = await render(
      <FileField name="fichier" label="Fichier du registre (CSV)" accept=".csv,text/csv" required hint={<p>Fichier CSV de 5 Mo au maximum.</p>} describedBy={["note"]} />,
    );
    expect(tagWithId(html, "champ-fichier-hint")).toBe('<div class="field__hint" id="champ-fichier-hint">');
    expect(tagWithId(html, "champ-fichier")).toContain('accept=".csv,text/csv" aria-describedby="champ-fichier-hint note" aria-required="true"');
    const optional = await render(<FileField name="piece-jointe" label="Pièce jointe" optional formats={["pdf"]} hint="Facultative." />);
    expect(optional).toContain('Pièce jointe<span class="field__optional"> (facultatif)</span></label>');
  });

  it("writes every extension of a format in the accept list", () => {
    expect(acceptOf(["pdf", "jpeg", "png", "docx"])).toBe(".pdf,.jpg,.jpeg,.png,.docx");
  });
});

describe("an uploaded file's row", () => {
  const file = { name: "avis-imposition-2025.pdf", size: 3 * 1024, type: "pdf" as const, uploadedAt: new Date("2026-03-02T09:00:00Z") };

  it("shows the name as a download link, then size, type and date of upload", async () => {
    const html = await render(<UploadedFile file={file} href="/demandes/r1/pieces/u1" />);
    expect(html).toContain('<a class="file-row__name" href="/demandes/r1/pieces/u1">avis-imposition-2025.pdf<span class="visually-hidden"> (télécharger)</span></a>');
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toContain("avis-imposition-2025.pdf (télécharger)3 Ko · PDF · déposé le 2 mars 2026");
    expect(html).toContain('<time datetime="2026-03-02T09:00:00.000Z">2 mars 2026</time>');
    expect(html).not.toContain("Remplacer");
    expect(html).not.toContain("Supprimer");
  });

  it("names « Remplacer » and « Supprimer » after the file; replacing discloses a labelled file field and its own form, no script needed", async () => {
    const html = await render(
      <UploadedFile
        file={file}
        replace={{ action: "/demandes/r1/pieces/identite", csrfToken: "jeton", hidden: { version: "2", remplace: "u1" }, input: { id: "champ-identite-u1", name: "fichier", formats: ["pdf"], maxMb: 2 } }}
        remove={{ action: "/demandes/r1/pieces/u1/supprimer", csrfToken: "jeton", hidden: { version: "2" } }}
      />,
    );
    expect(html).toContain('<summary class="button button--secondary">Remplacer<span class="visually-hidden"> avis-imposition-2025.pdf</span></summary>');
    expect(html).toContain('Supprimer<span class="visually-hidden"> avis-imposition-2025.pdf</span></button>');
    expect(html.indexOf("<summary")).toBeLessThan(html.indexOf("Supprimer<"));

    const replacing = /<details class="file-row__replace">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? "";
    expect(replacing).toContain('<form method="post" action="/demandes/r1/pieces/identite" novalidate="" class="file-row__replace-form" enctype="multipart/form-data">');
    // The token first, then the version and the file replaced, then the new file (the upload routes read them in this order).
    const order = ['name="_csrf" value="jeton"', 'name="version" value="2"', 'name="remplace" value="u1"', 'type="file"'].map((part) => replacing.indexOf(part));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(replacing).toContain('<label class="field__label" for="champ-identite-u1">Nouveau fichier<span class="visually-hidden"> : remplace avis-imposition-2025.pdf</span></label>');
    expect(tagWithId(replacing, "champ-identite-u1")).toContain('aria-describedby="champ-identite-u1-hint"');
    expect(replacing).toContain('Remplacer le fichier<span class="visually-hidden"> avis-imposition-2025.pdf</span></button>');

    const removing = html.slice(html.indexOf("</details>"));
    expect(removing).toContain('action="/demandes/r1/pieces/u1/supprimer"');
    expect(removing).toContain('name="version" value="2"');
    expect(removing).not.toContain('type="file"');
  });

  it("escapes the file's name wherever it is written", async () => {
    const html = await render(<UploadedFile file={{ ...file, name: '<img src=x onerror="alert(1)">.pdf' }} href="/x" remove={{ action: "/y", csrfToken: "t" }} />);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf");
  });
});
