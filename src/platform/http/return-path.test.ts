import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path.ts";

describe("safeReturnPath", () => {
  it("keeps our own paths, with their query and fragment", () => {
    expect(safeReturnPath("/mon-compte/mot-de-passe")).toBe("/mon-compte/mot-de-passe");
    expect(safeReturnPath("/services/prets/conditions?retour=%2Fservices%2Fprets%2Fouvrir#haut")).toBe("/services/prets/conditions?retour=%2Fservices%2Fprets%2Fouvrir#haut");
    expect(safeReturnPath("/")).toBe("/");
  });

  it("percent-encodes anything outside ASCII as UTF-8, so the header is valid and the browser reads it right", () => {
    expect(safeReturnPath("/€")).toBe("/%E2%82%AC");
    expect(safeReturnPath("/%E2%82%AC")).toBe("/%E2%82%AC");
    expect(safeReturnPath("/é")).toBe("/%C3%A9");
    expect(safeReturnPath("/démarches?q=été#é")).toBe("/d%C3%A9marches?q=%C3%A9t%C3%A9#%C3%A9");
    expect(safeReturnPath("/a b")).toBe("/a%20b");
    expect(safeReturnPath("/\uD800")).toBe("/%EF%BF%BD");
  });

  it("refuses other sites, however they are written", () => {
    for (const value of ["//evil.example", "//evil.example/x", "/\\evil.example", "/\\/evil.example", "/.//evil.example", "/a/..//evil.example", "https://evil.example", "javascript:alert(1)", "evil.example", "\u0020/evil"])
      expect(safeReturnPath(value), value).toBeUndefined();
  });

  it("refuses control characters and the line and paragraph separators", () => {
    for (const value of ["/\t/evil.example", "/\n//evil.example", "/a\r\nSet-Cookie: x=1", "/\u0000", "/\u007f", "/\u0085", "/a\u2028b", "/a\u2029b"])
      expect(safeReturnPath(value), JSON.stringify(value)).toBeUndefined();
  });

  it("refuses what is not a string, empty, or too long", () => {
    for (const value of [undefined, null, 42, ["/a"], "", `/${"a".repeat(500)}`]) expect(safeReturnPath(value)).toBeUndefined();
  });
});
