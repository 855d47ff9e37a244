import { describe, expect, it } from "vitest";
import { generateRequestNumber } from "../../platform/request-numbers/request-numbers.ts";
import { parseRequestListQuery, parseSearch, requestListUrl } from "./filters.ts";

const viewerId = "11111111-1111-4111-8111-111111111111";
const colleagueId = "22222222-2222-4222-8222-222222222222";
const context = { viewerId, agentIds: [viewerId, colleagueId] };

describe("the agents' list address", () => {
  it("reads every parameter into the selection, and writes it back leaving the defaults out", () => {
    const query = { statut: "a-traiter", agent: "moi", echange: "reponse-recue", tri: "activite-decroissant", recherche: "martin", page: "3" };
    const parsed = parseRequestListQuery(query, context);
    expect(parsed.filter).toEqual({
      statuses: ["filed", "in_instruction"],
      search: { kind: "name", text: "martin" },
      assignment: { kind: "agent", agentId: viewerId },
      asks: "answered",
      sort: { by: "activity", direction: "desc" },
    });
    expect(parsed).toMatchObject({ page: 3, errors: {} });
    expect(requestListUrl("aide", { ...parsed.values, page: parsed.page })).toBe(
      "/instruction/aide?statut=a-traiter&agent=moi&echange=reponse-recue&tri=activite-decroissant&recherche=martin&page=3",
    );
    expect(requestListUrl("aide", parseRequestListQuery({}, context).values)).toBe("/instruction/aide");
  });

  it("gives the defaults: every status but abandoned, anyone's, oldest filed first", () => {
    expect(parseRequestListQuery(undefined, context)).toEqual({
      filter: {
        statuses: ["filed", "in_instruction", "accepted", "refused", "closed"],
        search: { kind: "none" },
        assignment: { kind: "anyone" },
        asks: "any",
        sort: { by: "filed", direction: "asc" },
      },
      values: { statut: "toutes", agent: "", echange: "", tri: "depot-croissant", recherche: "" },
      page: 1,
      errors: {},
    });
  });

  it("takes a named agent of the procedure and unassigned requests", () => {
    expect(parseRequestListQuery({ agent: colleagueId }, context).filter.assignment).toEqual({ kind: "agent", agentId: colleagueId });
    expect(parseRequestListQuery({ agent: "aucun" }, context).filter.assignment).toEqual({ kind: "nobody" });
  });

  it("falls back to the default for a status, asks filter, order or page out of the allowed set", () => {
    const parsed = parseRequestListQuery({ statut: "toString", echange: "__proto__", tri: "prix", page: "-2", ordre: "x" }, context);
    expect(parsed.values).toMatchObject({ statut: "toutes", echange: "", tri: "depot-croissant" });
    expect(parsed.page).toBe(1);
    expect(parsed.errors).toEqual({});
    // Repeated parameters: the first counts.
    expect(parseRequestListQuery({ tri: ["depot-decroissant", "prix"] }, context).values.tri).toBe("depot-decroissant");
  });

  it("explains an agent who does not work on the procedure, and leaves the filter to everyone", () => {
    const parsed = parseRequestListQuery({ agent: "33333333-3333-4333-8333-333333333333" }, context);
    expect(parsed.errors).toEqual({ agent: "Choisissez un agent instructeur de cette démarche dans la liste." });
    expect(parsed.filter.assignment).toEqual({ kind: "anyone" });
    expect(parsed.values.agent).toBe("");
    expect(parseRequestListQuery({ agent: "n'importe quoi" }, context).errors.agent).toBeDefined();
  });
});

describe("the list's search box", () => {
  const number = generateRequestNumber("AA");

  it("reads a whole number however it is typed", () => {
    const spaced = number.match(/.{3}/g)!.join(" ").toLowerCase();
    expect(parseSearch(spaced)).toEqual({ search: { kind: "number", number }, text: spaced, error: null });
  });

  it("reads part of a number (the last six characters, with or without a space, look-alike digits for letters)", () => {
    expect(parseSearch("C4W DSP").search).toEqual({ kind: "number-part", part: "C4WDSP" });
    expect(parseSearch("c4wdsp").search).toEqual({ kind: "number-part", part: "C4WDSP" });
    expect(parseSearch("C4W-D5P").search).toEqual({ kind: "number-part", part: "C4WDSP" });
    expect(parseSearch("7MR X").search).toEqual({ kind: "number-part", part: "7MRX" });
  });

  it("refuses with a sentence a number part too short, with characters no number has, or a whole number with a wrong key", () => {
    expect(parseSearch("C4W").error).toBe("Saisissez au moins 4 caractères du numéro de demande (par exemple ses 6 derniers), ou le numéro complet.");
    expect(parseSearch("C4W D9P").error).toBe("Le numéro de demande ne comporte que des lettres et les chiffres 3, 4 et 7 : vérifiez-le.");
    expect(parseSearch("C4W DS@").error).toBe("Le numéro de demande ne comporte que des lettres et les chiffres 3, 4 et 7 : vérifiez-le.");
    const wrongKey = `${number.slice(0, 17)}${number[17] === "A" ? "B" : "A"}`;
    expect(parseSearch(wrongKey).error).toBe("Ce numéro n'est pas valide : vérifiez-le, un caractère a peut-être été mal recopié.");
  });

  it("reads names, and asks for two letters at least", () => {
    expect(parseSearch("  Léa Durand ").search).toEqual({ kind: "name", text: "Léa Durand" });
    // Letters that could be part of a number too: both are looked for.
    expect(parseSearch("tgd pjn").search).toEqual({ kind: "name", text: "tgd pjn", numberPart: "TGDPJN" });
    expect(parseSearch("tgdpjn").search).toEqual({ kind: "name", text: "tgdpjn", numberPart: "TGDPJN" });
    expect(parseSearch("TGD PJA").search).toEqual({ kind: "name", text: "TGD PJA", numberPart: "TGDPJA" });
    expect(parseSearch("Durand").search).toEqual({ kind: "name", text: "Durand" });
    expect(parseSearch("Roy").search).toEqual({ kind: "name", text: "Roy" });
    expect(parseSearch("D").error).toBe("Saisissez au moins 2 lettres du nom recherché, ou le numéro de la demande.");
    expect(parseSearch(42).search).toEqual({ kind: "none" });
  });
});
