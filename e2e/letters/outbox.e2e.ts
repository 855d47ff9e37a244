import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import type { LetterContent } from "../../src/platform/letters/letters.ts";
import { letterNumber } from "../../src/platform/letters/render-letter.ts";
import { useE2e } from "../support/journey.ts";
import { expectPage, flash, logIn } from "../accounts/pages.ts";

const e2e = useE2e();

const letter = (name: string): LetterContent => ({
  to: { name, detail: "Madame Hélène Lefèvre", street: "12 rue de l'Église", postalCode: "31400", commune: "Toulouse" },
  subject: "Code d'activation de votre structure",
  body: [{ type: "paragraph", text: "Madame, Monsieur," }, { type: "code", label: "Code d'activation", code: "K7QM-4XWR" }],
  reference: "STR-000123",
});

/** Waits until the job worker has generated the letter (the real pg-boss queue, as in production). */
async function generated(id: string) {
  const { deps } = e2e.server;
  for (let tries = 0; tries < 100; tries++) {
    const row = await deps.db.selectFrom("letters").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    if (row.status === "generated") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`letter ${id} was not generated`);
}

describe("the postal outbox, for a platform admin", () => {
  for (const javaScript of [true, false]) {
    test(`lists a queued letter, downloads its PDF, filters and marks it as posted (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps } = e2e.server;
      const admin = await buildAccount(deps.db, { role: "platform_admin" });
      const name = `Association ${javaScript ? "avec" : "sans"} script`;
      const { id } = await deps.letters.queue(deps.db, letter(name));
      await generated(id);

      await (javaScript ? e2e.journey : e2e.withoutJavaScript)(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, admin.identifier, admin.password);
        await journey.goto("/administration/courriers");
        await expectPage(journey, "/administration/courriers", "Courriers à envoyer");
        const row = page.getByRole("row", { name: new RegExp(name) });
        await expect(row.getByRole("cell").nth(3).textContent()).resolves.toContain("à poster");

        const [download] = await Promise.all([
          page.waitForEvent("download"),
          row.getByRole("link", { name: `Télécharger le PDF du courrier n° ${letterNumber(id)}` }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(new RegExp(`^courrier-\\d{4}-\\d\\d-\\d\\d-${letterNumber(id)}\\.pdf$`));

        await journey.select("Afficher", "À poster");
        await journey.submit("Filtrer");
        expect(new URL(page.url()).search).toBe("?etat=a-poster");

        await journey.clickOn(page.getByRole("button", { name: `Marquer comme posté le courrier n° ${letterNumber(id)}` }));
        await expectPage(journey, "/administration/courriers", "Courriers à envoyer");
        expect(await flash(journey)).toBe("Le courrier est marqué comme posté.");
        expect(new URL(page.url()).search).toBe("?etat=a-poster");
        await expect(page.getByRole("row", { name: new RegExp(name) }).count()).resolves.toBe(0);

        await journey.select("Afficher", "Postés");
        await journey.submit("Filtrer");
        await expect(page.getByRole("row", { name: new RegExp(name) }).textContent()).resolves.toContain("posté");
      });
    });
  }
});
