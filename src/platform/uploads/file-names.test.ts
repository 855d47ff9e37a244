import { describe, expect, it } from "vitest";
import { attachmentDisposition, sanitiseFileName } from "./file-names.ts";

describe("the name of an uploaded file", () => {
  it("keeps a plain name as it was", () => {
    expect(sanitiseFileName("Avis d'imposition 2025.pdf", "pdf")).toBe("Avis d'imposition 2025.pdf");
    expect(sanitiseFileName("photo.JPG", "jpeg")).toBe("photo.JPG");
  });

  it("keeps only the last part of a path", () => {
    expect(sanitiseFileName("../../etc/passwd", "pdf")).toBe("passwd.pdf");
    expect(sanitiseFileName("C:\\Users\\jeanne\\Documents\\bulletin de salaire.pdf", "pdf")).toBe("bulletin de salaire.pdf");
  });

  it("ends with an extension of the type found in the content", () => {
    expect(sanitiseFileName("scan", "pdf")).toBe("scan.pdf");
    expect(sanitiseFileName("facture.exe", "pdf")).toBe("facture.exe.pdf");
    expect(sanitiseFileName("image.png", "jpeg")).toBe("image.png.jpg");
  });

  it("loses control, bidi and zero-width characters, quotes and reserved characters", () => {
    // U+202E would make "relevé‮fdp.exe" read as "relevéexe.pdf".
    expect(sanitiseFileName("relevé\u202efdp.exe", "pdf")).toBe("relevéfdp.exe.pdf");
    expect(sanitiseFileName('a"b<c>d|e?f*g:h\r\ni\u0000j\u200bk.pdf', "pdf")).toBe("a_b_c_d_e_f_g_hij" + "k.pdf");
    expect(sanitiseFileName("  ..cache  ", "png")).toBe("cache.png");
  });

  it("is composed (NFC), so that é is one character however it was sent", () => {
    expect(sanitiseFileName("releve\u0301.pdf", "pdf")).toBe("relev\u00e9.pdf");
  });

  it("has a stand-in when nothing is left, and at most 150 characters", () => {
    expect(sanitiseFileName("", "pdf")).toBe("document.pdf");
    expect(sanitiseFileName("...", "odt")).toBe("document.odt");
    const long = sanitiseFileName(`${"é".repeat(300)}.pdf`, "pdf");
    expect([...long]).toHaveLength(150);
    expect(long.endsWith("é.pdf")).toBe(true);
  });
});

describe("the download header", () => {
  it("gives the UTF-8 name and an ASCII fallback", () => {
    expect(attachmentDisposition("Relevé d'identité (RIB).pdf")).toBe(
      `attachment; filename="Releve d'identite (RIB).pdf"; filename*=UTF-8''Relev%C3%A9%20d%27identit%C3%A9%20%28RIB%29.pdf`,
    );
  });

  it("cannot be broken out of by quotes, backslashes or line breaks", () => {
    const header = attachmentDisposition('a"b\\c\r\nSet-Cookie: x.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('"')).toHaveLength(3);
  });
});
