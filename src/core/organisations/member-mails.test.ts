import { describe, expect, it } from "vitest";
import { readConfig } from "../../platform/config.ts";
import {
  administratorNamedMail,
  administratorRemovedMail,
  joinRequestReceivedMail,
  joinRequestToAdministratorMail,
  membershipDeactivatedMail,
  membershipReactivatedMail,
  membershipRefusedMail,
  membershipValidatedMail,
} from "./member-mails.ts";

const config = readConfig({ NODE_ENV: "test" });
const organisation = { id: "0b8f5a52-6f0e-4c53-9d55-2f1a4a0c9e11", name: "COMMUNE D'EUS <test>" };
const member = { civility: "Mme", firstName: "Camille", lastName: "Martin" };
const administrator = { civility: "M.", lastName: "Durand" };

describe("mails of the membership lifecycle", () => {
  it("tells the member that the request to join is «en cours de validation» by the administrators", async () => {
    const mail = await joinRequestReceivedMail(config, member, organisation);
    expect(mail.subject).toBe("Votre demande de rattachement est en cours de validation - Guichet");
    expect(mail.text).toContain("Bonjour Mme Martin,");
    expect(mail.text).toContain("Votre demande de rattachement à la structure « COMMUNE D'EUS <test> » est en cours de validation par ses administrateurs.");
    expect(mail.html).toContain("COMMUNE D&#39;EUS &lt;test&gt;");
    expect(mail.html).not.toContain("<test>");
  });

  it("tells each administrator who asks to join, with the link to the members' page", async () => {
    const mail = await joinRequestToAdministratorMail(config, administrator, member, organisation);
    expect(mail.subject).toBe("Nouvelle demande de rattachement à votre structure - Guichet");
    expect(mail.text).toContain("Bonjour M. Durand,");
    expect(mail.text).toContain("Mme Camille Martin demande à être rattaché(e) à la structure « COMMUNE D'EUS <test> »");
    expect(mail.text).toContain(`${config.publicUrl}/structures/${organisation.id}/membres`);
    expect(mail.html).toContain(`href="${config.publicUrl}/structures/${organisation.id}/membres"`);
  });

  it("tells the member each status, with the administrator's reason only when there is one", async () => {
    expect((await membershipValidatedMail(config, member, organisation)).text).toContain("a été validée");
    expect((await membershipReactivatedMail(config, member, organisation)).text).toContain("il est de nouveau validé");
    expect((await membershipRefusedMail(config, member, organisation, null)).text).not.toContain("Motif");
    expect((await membershipRefusedMail(config, member, organisation, "Hors service")).text).toContain("Motif indiqué par l'administrateur : Hors service");
    const deactivated = await membershipDeactivatedMail(config, member, organisation, "<b>Départ</b>");
    expect(deactivated.subject).toBe("Votre rattachement à une structure est désactivé - Guichet");
    expect(deactivated.html).toContain("&lt;b&gt;Départ&lt;/b&gt;");
    expect((await administratorNamedMail(config, member, organisation)).text).toContain("vous a nommé administrateur");
    expect((await administratorRemovedMail(config, member, organisation)).text).toContain("Vous en restez membre.");
  });
});
