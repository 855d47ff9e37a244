import { describe, expect, it } from "vitest";
import { addressLines, checkAddress, checkEmail, checkOptionalPhone, checkWebsite, formatPhone, isFrance, type AddressForm } from "./fields.ts";

const cahors: AddressForm = {
  addressRecipient: "Service accueil",
  addressBuilding: "Bâtiment A",
  addressStreet: "1 place de la Mairie",
  addressDistribution: "BP 12",
  postalCode: "46000",
  communeName: "Cahors",
  country: "France",
};

describe("the organisation record's fields", () => {
  it("store phone numbers in their international form and show them grouped", () => {
    expect(checkOptionalPhone("04 67 58 96 63")).toEqual({ ok: true, value: "+33467589663" });
    expect(checkOptionalPhone("+33 6 25 89 65 85")).toEqual({ ok: true, value: "+33625896585" });
    expect(checkOptionalPhone("")).toEqual({ ok: true, value: null });
    expect(checkOptionalPhone("04 67 58")).toEqual({ ok: false, message: "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 23 45 67 89." });
    expect(formatPhone("+33467589663")).toBe("04 67 58 96 63");
    expect(formatPhone("+262692123456")).toBe("06 92 12 34 56");
    expect(formatPhone("standard")).toBe("standard");
  });

  it("take e-mail addresses in lower case and refuse malformed ones", () => {
    expect(checkEmail("Nouvelle@Association.com", { required: null })).toEqual({ ok: true, value: "nouvelle@association.com" });
    expect(checkEmail("", { required: null })).toEqual({ ok: true, value: null });
    expect(checkEmail("nouvelle@", { required: null })).toEqual({ ok: false, message: "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." });
  });

  it("accept only http and https websites, reading a bare domain as https", () => {
    expect(checkWebsite("https://www.bidon.com")).toEqual({ ok: true, value: "https://www.bidon.com" });
    expect(checkWebsite("http://mairie-eus.fr/contact?x=1")).toEqual({ ok: true, value: "http://mairie-eus.fr/contact?x=1" });
    expect(checkWebsite("www.bidon.com")).toEqual({ ok: true, value: "https://www.bidon.com" });
    expect(checkWebsite("www.bidon.com:8080/accueil")).toEqual({ ok: true, value: "https://www.bidon.com:8080/accueil" });
    expect(checkWebsite("")).toEqual({ ok: true, value: null });
    for (const wrong of ["javascript:alert(1)", "ftp://bidon.com", "mailto:contact@bidon.com", "data:text/html,x", "https://bidon", "https://moi:secret@bidon.com", "https://bi don.com", "http://"]) {
      expect(checkWebsite(wrong).ok, wrong).toBe(false);
    }
  });

  it("check a French address's postal code against its commune, by the official lists", () => {
    expect(checkAddress(cahors)).toEqual({
      errors: {},
      value: {
        addressRecipient: "Service accueil",
        addressBuilding: "Bâtiment A",
        addressStreet: "1 place de la Mairie",
        addressDistribution: "BP 12",
        postalCode: "46000",
        communeInseeCode: "46042",
        communeName: "Cahors",
        country: null,
      },
    });
    expect(checkAddress({ ...cahors, communeName: "Auch" }).errors).toEqual({
      communeName: "La commune ne correspond pas au code postal 46000. Communes de ce code postal : Cahors.",
    });
    expect(checkAddress({ ...cahors, postalCode: "4600" }).errors).toEqual({ postalCode: "Le code postal doit comporter 5 chiffres, par exemple 75001." });
    expect(checkAddress({ ...cahors, postalCode: "00000" }).errors).toEqual({ postalCode: "Ce code postal n'existe pas : vérifiez-le." });
    expect(checkAddress({ ...cahors, addressStreet: "" }).errors).toEqual({ addressStreet: "Saisissez le numéro et le libellé de la voie." });
  });

  it("take a foreign address's postal code and locality as written", () => {
    const brussels = { ...cahors, postalCode: "1000", communeName: "Bruxelles", country: "Belgique" };
    expect(checkAddress(brussels).value).toMatchObject({ postalCode: "1000", communeName: "Bruxelles", communeInseeCode: null, country: "Belgique" });
    expect(checkAddress({ ...brussels, communeName: "" }).errors).toEqual({ communeName: "Saisissez la localité." });
    expect(isFrance("FRANCE")).toBe(true);
    expect(isFrance("")).toBe(true);
    expect(isFrance("Belgique")).toBe(false);
  });

  it("leave an optional address empty, but check it entirely once a line is given", () => {
    const empty = { addressRecipient: "", addressBuilding: "", addressStreet: "", addressDistribution: "", postalCode: "", communeName: "", country: "France" };
    expect(checkAddress(empty, { optional: true })).toEqual({ errors: {}, value: null });
    expect(checkAddress({ ...empty, addressBuilding: "Appartement 3" }, { optional: true }).errors).toEqual({
      addressStreet: "Saisissez le numéro et le libellé de la voie.",
      postalCode: "Saisissez le code postal.",
      communeName: "Saisissez la commune.",
    });
  });

  it("print an address in the envelope's lines, country last", () => {
    expect(addressLines({ ...cahors, country: null })).toEqual(["Service accueil", "Bâtiment A", "1 place de la Mairie", "BP 12", "46000 CAHORS", "FRANCE"]);
    expect(addressLines({ addressRecipient: null, addressBuilding: null, addressStreet: "Rue Neuve 1", addressDistribution: null, postalCode: "1000", communeName: "Bruxelles", country: "Belgique" })).toEqual([
      "Rue Neuve 1",
      "1000 BRUXELLES",
      "BELGIQUE",
    ]);
    expect(addressLines({ addressRecipient: null, addressBuilding: null, addressStreet: null, addressDistribution: null, postalCode: null, communeName: null, country: null })).toEqual([]);
  });
});
