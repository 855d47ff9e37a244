/**
 * The name a person's file had on their computer is kept only to show it back and to name the
 * download. It never reaches the file system (files are stored under random keys), but it is
 * still hostile input: it may carry a path, control characters, quotes that would break a
 * header, or a right-to-left override that makes "facture‮fdp.exe" read "facture exe.pdf".
 */
import { FILE_TYPES, type FileTypeName } from "./file-types.ts";

/** Long enough for any real name, short enough for a table cell and a header. */
const MAX_NAME_LENGTH = 150;

/**
 * A name safe to display and to send in Content-Disposition: last path component only, Unicode
 * NFC, no control, format (bidi, zero-width) or separator characters, no characters Windows
 * refuses in names, no leading dot, at most 150 characters, and ending with an extension of
 * the type found in the content ("scan" of a PDF becomes "scan.pdf", "photo.exe" "photo.exe.pdf").
 */
export function sanitiseFileName(declaredName: string, type: FileTypeName): string {
  const lastComponent = declaredName.split(/[/\\]/).at(-1) ?? "";
  let name = lastComponent
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/gu, " ")
    .replace(/^[\s.]+|[\s.]+$/gu, "");
  const { extensions } = FILE_TYPES[type];
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  const hasRightExtension = extension !== undefined && (extensions as readonly string[]).includes(extension);
  const suffix = hasRightExtension ? name.slice(name.lastIndexOf(".")) : `.${extensions[0]}`;
  let stem = hasRightExtension ? name.slice(0, name.lastIndexOf(".")) : name;
  const room = MAX_NAME_LENGTH - suffix.length;
  if ([...stem].length > room) stem = [...stem].slice(0, room).join("").trimEnd();
  if (stem === "") stem = "document";
  name = stem + suffix;
  return name;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266, RFC 8187): the UTF-8 name for every
 * current browser, and an ASCII fallback without accents for the others.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["\\%]/g, "_");
  // encodeURIComponent leaves ' ( ) * ! unescaped, which RFC 8187's attr-char does not allow.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
