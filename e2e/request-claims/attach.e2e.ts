import { describe, expect, test } from "vitest";
import { buildAccount } from "../../test/builders.ts";
import { fileRequest, publishTestProcedure } from "../../test/request-claims.ts";
import { formatRequestNumber, REQUEST_NUMBER_ALPHABET, REQUEST_NUMBER_MESSAGES } from "../../src/platform/request-numbers/request-numbers.ts";
import { errorSummary, expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e } from "../support/journey.ts";

const e2e = useE2e();

/** One character changed: the check key must catch it. */
function withOneWrongCharacter(number: string) {
  const other = REQUEST_NUMBER_ALPHABET[(REQUEST_NUMBER_ALPHABET.indexOf(number[9]!) + 1) % REQUEST_NUMBER_ALPHABET.length]!;
  return number.slice(0, 9) + other + number.slice(10);
}

describe("a person attaches a request filed from another account", () => {
  for (const javaScript of [true, false]) {
    const mode = `JavaScript ${javaScript ? "on" : "off"}`;
    const run = (body: Parameters<typeof e2e.journey>[0]) => (javaScript ? e2e.journey(body) : e2e.withoutJavaScript(body));

    test(`by its number typed with spaces and dashes and the code mailed to the request's address (${mode})`, async () => {
      const { deps, mailbox } = e2e.server;
      const slug = javaScript ? "rattachement-avec-script" : "rattachement-sans-script";
      await publishTestProcedure(deps, slug);
      // Filed from an old account, with the address of the person who now has their own account.
      const oldAccount = await buildAccount(deps.db);
      const person = await buildAccount(deps.db);
      const { number } = await fileRequest(deps, { accountId: oldAccount.id, email: person.email, slug });
      // As read from the receipt and typed by hand: groups split by dashes and spaces, lower case.
      let separators = 0;
      const typed = formatRequestNumber(number, "-").toLowerCase().replace(/-/g, () => (separators++ % 2 === 0 ? "-" : " "));
      expect(typed).toMatch(/^[a-z347]{3}-[a-z347]{3} [a-z347]{3}-/);

      await run(async (journey) => {
        const { page } = journey;
        await journey.goto("/connexion");
        await logIn(journey, person.identifier, person.password);
        await journey.goto("/demandes");
        await expectPage(journey, "/demandes", "Mes demandes");
        expect(await page.getByRole("main").textContent()).toContain("Pour accéder à une demande déjà transmise");
        await journey.click("Rattacher une demande existante", { role: "link" });
        await expectPage(journey, "/demandes/rattacher", "Rattacher une demande existante");

        const label = "Numéro unique d'enregistrement (18 caractères)";
        const mistyped = formatRequestNumber(withOneWrongCharacter(number));
        await journey.fill(label, mistyped);
        await journey.submit("Recevoir le code");
        expect(await errorSummary(journey)).toEqual([`Numéro unique d'enregistrement : ${REQUEST_NUMBER_MESSAGES.key}`]);
        expect(await page.getByLabel(label).inputValue()).toBe(mistyped);

        await journey.fill(label, typed);
        await journey.submit("Recevoir le code");
        await expectPage(journey, "/demandes/rattacher/code", "Saisir le code reçu par courriel");
        expect(await page.getByRole("main").textContent()).toContain(formatRequestNumber(number));

        const mail = await mailbox.waitFor({ to: person.email, subject: /^Code pour rattacher votre demande/ });
        expect(mail.text).toContain("Quelqu'un a demandé à rattacher à son compte");
        expect(mail.text).toContain(formatRequestNumber(number));
        const code = /^([A-Z0-9]{5} [A-Z0-9]{5})$/m.exec(mail.text)?.[1];
        expect(code).toBeDefined();

        await journey.fill("Code reçu par courriel", code === "ACDEF GHJKM" ? "ACDEF GHJKN" : "ACDEF GHJKM");
        await journey.submit("Rattacher la demande");
        expect((await errorSummary(journey))[0]).toMatch(/^Code reçu par courriel : Ce code n'est pas valable/);

        await journey.fill("Code reçu par courriel", code!.toLowerCase());
        await journey.submit("Rattacher la demande");
        await expectPage(journey, "/demandes", "Mes demandes");
        expect(await flash(journey)).toBe("La demande est rattachée à votre compte : elle figure ci-dessous.");
        expect(await page.getByRole("main").textContent()).toContain(formatRequestNumber(number));

        await journey.clickOn(page.getByRole("link", { name: "Historique" }).first());
        expect(await page.getByRole("table").textContent()).toContain("Demande rattachée à un compte");
      });

      const moved = await deps.db.selectFrom("requests").select("applicantId").where("number", "=", number).executeTakeFirstOrThrow();
      expect(moved.applicantId).toBe(person.id);
    });
  }
});
