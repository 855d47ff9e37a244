import { parseDocument, DomUtils } from "htmlparser2";
import type { Element } from "domhandler";
import { describe, expect, it } from "vitest";
import { DataTable, RejectedLinesTable, Table } from "./components.tsx";

const parse = (html: unknown) => parseDocument(String(html));
const all = (root: ReturnType<typeof parse> | Element, name: string) => DomUtils.getElementsByTagName(name, root, true);
const text = (element: Element) => DomUtils.textContent(element).trim();

const members = [
  { name: "Alice Bernard", email: "alice.bernard@mairie-exemple.fr", since: new Date("2026-03-01T09:00:00Z"), pending: true },
  { name: "Jean <Durand>", email: "jean@exemple.fr", since: new Date("2026-04-02T09:00:00Z"), pending: false },
];

function membersTable(withEmail: boolean) {
  return (
    <DataTable
      id="membres"
      caption="Membres (2)"
      rows={members}
      footer={{ name: "Total", email: "", since: new Date(0), pending: false }}
      columns={[
        { header: "Membre", rowHeader: true, cell: (member) => member.name },
        withEmail && { header: "Adresse électronique", cell: (member) => member.email },
        { header: "Membre depuis le", kind: "date", cell: (member) => member.since.getUTCFullYear() },
        { header: "Actions", headerDetail: "(boutons)", kind: "actions", cell: (member) => (member.pending ? <button type="submit">Valider</button> : null) },
      ]}
    />
  );
}

describe("the kit's data table (rows become labelled cards on a phone)", () => {
  it("is a real table with its caption, header cells scoped to columns and a header naming each row", () => {
    const document = parse(membersTable(true));
    const [table] = all(document, "table");
    expect(table!.attribs.class).toBe("table table--cards");
    expect(all(document, "caption").map(text)).toEqual(["Membres (2)"]);
    expect(all(document, "caption")[0]!.attribs.id).toBe("membres-caption");
    const headers = all(all(document, "thead")[0]!, "th");
    expect(headers.map((th) => th.attribs.scope)).toEqual(["col", "col", "col", "col"]);
    expect(headers.map(text)).toEqual(["Membre", "Adresse électronique", "Membre depuis le", "Actions (boutons)"]);
    const rows = all(all(document, "tbody")[0]!, "tr");
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [first, ...others] = DomUtils.getChildren(row) as Element[];
      expect(first!.name).toBe("th");
      expect(first!.attribs.scope).toBe("row");
      expect(others.map((cell) => cell.name)).toEqual(["td", "td", "td"]);
    }
    // The text is escaped as everywhere in hono/jsx.
    expect(String(membersTable(true))).toContain("Jean &lt;Durand&gt;");
  });

  it("labels every cell with its column's name (data-label), drawn by CSS when rows are cards, and marks dates and actions", () => {
    const document = parse(membersTable(true));
    const [alice] = all(all(document, "tbody")[0]!, "tr");
    const cells = DomUtils.getChildren(alice!) as Element[];
    expect(cells.map((cell) => cell.attribs["data-label"])).toEqual(["Membre", "Adresse électronique", "Membre depuis le", "Actions"]);
    expect(cells.map((cell) => cell.attribs.class)).toEqual([undefined, undefined, "table__cell--date", "table__cell--actions"]);
    expect(cells.map(text)).toEqual(["Alice Bernard", "alice.bernard@mairie-exemple.fr", "2026", "Valider"]);
    // No scrolling region any more: the table fits, so no extra tab stop nor landmark per table.
    const [wrapper] = all(document, "div");
    expect(wrapper!.attribs).toEqual({ class: "table-wrapper" });
  });

  it("leaves out a column given as false, header and cells alike, and fills the footer row with the same columns", () => {
    const document = parse(membersTable(false));
    expect(all(all(document, "thead")[0]!, "th").map(text)).toEqual(["Membre", "Membre depuis le", "Actions (boutons)"]);
    const [footer] = all(all(document, "tfoot")[0]!, "tr");
    expect((DomUtils.getChildren(footer!) as Element[]).map((cell) => [cell.name, cell.attribs["data-label"], text(cell)])).toEqual([
      ["th", "Membre", "Total"],
      ["td", "Membre depuis le", "1970"],
      ["td", "Actions", ""],
    ]);
  });

  it("hides the caption from sight only when asked", () => {
    const document = parse(<DataTable id="a" caption="Articles du thème" captionHidden rows={[1]} columns={[{ header: "N", cell: (n) => n }]} />);
    expect(all(document, "caption")[0]!.attribs.class).toBe("visually-hidden");
  });

  it("keeps the simple Table (rows of cells) and the refused lines of an import on the same pattern", () => {
    const simple = parse(<Table caption="Mes structures" headers={["Structure", "Actions"]} rowHeader kinds={{ Actions: "actions" }} rows={[["COMMUNE D'EUS", "Supprimer"]]} />);
    expect(all(simple, "caption")[0]!.attribs.id).toBe("mes-structures-caption");
    const [row] = all(all(simple, "tbody")[0]!, "tr");
    expect((DomUtils.getChildren(row!) as Element[]).map((cell) => [cell.name, cell.attribs["data-label"], cell.attribs.class])).toEqual([
      ["th", "Structure", undefined],
      ["td", "Actions", "table__cell--actions"],
    ]);

    const refused = parse(<RejectedLinesTable id="rejets" caption="Lignes refusées" keyHeader="SIRET" lines={[{ line: 3, key: "123", reasons: ["SIRET invalide", "Nom manquant"] }]} />);
    const [line] = all(all(refused, "tbody")[0]!, "tr");
    const cells = DomUtils.getChildren(line!) as Element[];
    expect(cells.map((cell) => [cell.name, cell.attribs["data-label"]])).toEqual([
      ["th", "Ligne"],
      ["td", "SIRET"],
      ["td", "Motifs"],
    ]);
    expect(all(cells[2]!, "li").map(text)).toEqual(["SIRET invalide", "Nom manquant"]);
  });
});
