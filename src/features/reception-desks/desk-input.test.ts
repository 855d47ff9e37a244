import { describe, expect, it } from "vitest";
import { checkDeskFields, splitServices, type DeskFields } from "./desk-input.ts";

const good: DeskFields = {
  name: "  Guichet de Lyon  ",
  address: "18 rue du Modèle",
  postalCode: "69 003",
  commune: "lyon",
  openingHours: "du lundi au vendredi",
  phone: "04.65.71.00.31",
  services: "Aide aux démarches\n\n  Logement  \n",
  latitude: "45,7597",
  longitude: "4.8422",
};

describe("a reception desk's fields", () => {
  it("are trimmed and checked against the official lists: Lyon 3e is the city of Lyon, the phone in E.164", () => {
    const checked = checkDeskFields(good);
    expect(checked).toEqual({
      ok: true,
      desk: {
        name: "Guichet de Lyon",
        address: "18 rue du Modèle",
        postalCode: "69003",
        communeCode: "69123",
        communeName: "Lyon",
        departement: "69",
        openingHours: "du lundi au vendredi",
        phone: "+33465710031",
        services: "Aide aux démarches\nLogement",
        latitude: 45.7597,
        longitude: 4.8422,
      },
    });
  });

  it("may leave the phone, the services and the position empty", () => {
    const checked = checkDeskFields({ ...good, phone: "", services: "", latitude: "", longitude: "" });
    expect(checked.ok && checked.desk).toMatchObject({ phone: null, services: "", latitude: null, longitude: null });
  });

  it("say every problem in French, field by field", () => {
    const checked = checkDeskFields({ name: "", address: "", postalCode: "3100", commune: "", openingHours: "", phone: "12 34", services: "", latitude: "91", longitude: "" });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      name: "Saisissez le nom du guichet.",
      address: "Saisissez l'adresse (numéro et voie).",
      postalCode: "Le code postal doit comporter 5 chiffres, par exemple 75001.",
      commune: "Saisissez la commune.",
      openingHours: expect.stringContaining("Saisissez les horaires"),
      phone: expect.stringContaining("10 chiffres"),
      latitude: expect.stringContaining("entre -90 et 90"),
      longitude: expect.stringContaining("Saisissez aussi la longitude"),
    });
  });

  it("refuse a commune that the postal code does not serve, naming the communes it does", () => {
    const checked = checkDeskFields({ ...good, postalCode: "31700", commune: "Toulouse" });
    expect(!checked.ok && checked.errors.commune).toMatch(/ne correspond pas au code postal 31700.*Blagnac/);
    const unknown = checkDeskFields({ ...good, postalCode: "99999" });
    expect(!unknown.ok && unknown.errors.postalCode).toBe("Ce code postal n'existe pas : vérifiez-le.");
  });

  it("refuse over-long texts and too many services", () => {
    const checked = checkDeskFields({ ...good, name: "x".repeat(151), services: Array.from({ length: 21 }, (_, index) => `Service ${index}`).join("|") });
    expect(!checked.ok && checked.errors).toMatchObject({ name: expect.stringContaining("150 caractères"), services: expect.stringContaining("20 services") });
  });

  it("read services one per line or separated by |", () => {
    expect(splitServices("A | B\r\nC\n|")).toEqual(["A", "B", "C"]);
  });
});
