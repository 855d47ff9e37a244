import { describe, expect, it } from "vitest";
import { checkWebhookAddress, isPublicAddress } from "./webhook-address.ts";

const resolvingTo = (...addresses: string[]) => async () => addresses;

describe("webhook addresses", () => {
  it("accepts only public unicast addresses", () => {
    for (const address of ["93.184.215.14", "2a00:1450:4007:80e::200e"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "255.255.255.255"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it("refuses an address written as, or resolving to, a private, loopback or link-local address, in French", async () => {
    const refused = "L'adresse des webhooks mène à une adresse privée, locale ou réservée";
    for (const url of ["http://127.0.0.1:8080/hook", "https://[::1]/hook", "http://169.254.169.254/latest/meta-data", "http://2130706433/", "http://10.0.0.5/"]) {
      const check = await checkWebhookAddress(url, { allowPrivate: false });
      expect(check.ok, url).toBe(false);
      if (!check.ok) expect(check.message, url).toContain(refused);
    }
    const rebound = await checkWebhookAddress("https://partenaire.example/hook", { allowPrivate: false, resolve: resolvingTo("93.184.215.14", "192.168.0.10") });
    expect(rebound).toEqual({ ok: false, message: `${refused} (192.168.0.10) : indiquez une adresse publique du partenaire.` });
    const unknown = await checkWebhookAddress("https://introuvable.example/hook", { allowPrivate: false, resolve: () => Promise.reject(new Error("ENOTFOUND")) });
    expect(unknown).toEqual({ ok: false, message: "Le nom « introuvable.example » ne correspond à aucune adresse : vérifiez l'adresse des webhooks." });
  });

  it("accepts a public address, and a private one only when the configuration allows it", async () => {
    expect(await checkWebhookAddress("https://partenaire.example/hook", { allowPrivate: false, resolve: resolvingTo("93.184.215.14") })).toEqual({ ok: true, url: "https://partenaire.example/hook" });
    expect(await checkWebhookAddress("http://127.0.0.1:8080/hook", { allowPrivate: true })).toEqual({ ok: true, url: "http://127.0.0.1:8080/hook" });
  });

  it("refuses what is not an http(s) address, or carries credentials", async () => {
    expect(await checkWebhookAddress("ftp://partenaire.example/", { allowPrivate: true })).toMatchObject({ ok: false, message: "L'adresse des webhooks doit commencer par https:// (ou http://)." });
    expect(await checkWebhookAddress("pas une adresse", { allowPrivate: true })).toMatchObject({ ok: false, message: "Saisissez une adresse web complète, par exemple https://partenaire.example/webhooks." });
    expect(await checkWebhookAddress("https://moi:secret@partenaire.example/", { allowPrivate: true })).toMatchObject({ ok: false, message: "L'adresse des webhooks ne doit pas contenir d'identifiant ni de mot de passe." });
  });
});
