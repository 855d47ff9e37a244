import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { addMember, buildOrganisation } from "../../test/organisations.ts";
import { expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

describe("an administrator manages the members of the organisation", () => {
  for (const javaScript of [true, false]) {
    test(`validates a request, refuses another with a reason, names an administrator (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { db } = e2e.server.deps;
      const organisation = await buildOrganisation(db, { name: `COMMUNE ${javaScript ? "AVEC" : "SANS"} SCRIPT` });
      const admin = await buildAccount(db, { civility: "M.", firstName: "Jean", lastName: "Durand" });
      await addMember(db, organisation, admin, { isAdmin: true, function: "Maire" });
      const alice = await buildAccount(db, { firstName: "Alice", lastName: "Bernard" });
      await addMember(db, organisation, alice, { status: "pending" });
      const zoe = await buildAccount(db, { firstName: "Zoé", lastName: "Vidal" });
      await addMember(db, organisation, zoe, { status: "pending" });
      const ines = await buildAccount(db, { firstName: "Inès", lastName: "Garcia" });
      await addMember(db, organisation, ines, { status: "active" });
      const members = `/structures/${organisation.id}/membres`;

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.goto(members);
        await expectPage(journey, members, "Membres de la structure");

        await journey.click("Valider : Mme Alice Bernard", { role: "button" });
        await expectPage(journey, members, "Membres de la structure");
        expect(await flash(journey)).toBe("La demande est validée : le membre en est informé par courriel.");
        await expect(page.getByRole("row", { name: /Alice Bernard/ }).textContent()).resolves.toContain("Validée");

        await journey.click("Refuser : Mme Zoé Vidal", { role: "link" });
        await expectPage(journey, `${members}/${await membershipId(zoe.id)}/refuser`, "Refuser une demande de rattachement");
        await journey.fill(/Motif du refus/, "Vous ne travaillez pas pour la commune.");
        await journey.submit("Refuser la demande");
        expect(await flash(journey)).toBe("La demande est refusée : la personne en est informée par courriel.");
        await expect(page.getByRole("row", { name: /Zoé Vidal/ }).textContent()).resolves.toContain("Refusée");

        await journey.click("Nommer administrateur : Mme Inès Garcia", { role: "button" });
        expect(await flash(journey)).toBe("Le membre est nommé administrateur : il en est informé par courriel.");
        await expect(page.getByRole("row", { name: /Inès Garcia/ }).textContent()).resolves.toContain("Administrateur");

        await journey.click("Désactiver : Mme Inès Garcia", { role: "link" });
        await expectPage(journey, `${members}/${await membershipId(ines.id)}/desactiver`, "Désactiver un membre");
        await journey.submit("Désactiver le membre");
        await expect(page.getByRole("row", { name: /Inès Garcia/ }).textContent()).resolves.toContain("Désactivée");
      });

      async function membershipId(accountId: string) {
        const row = await db.selectFrom("memberships").select("id").where("accountId", "=", accountId).executeTakeFirstOrThrow();
        return row.id;
      }
    });
  }
});
