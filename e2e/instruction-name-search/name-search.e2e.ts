import { describe, expect, test } from "vitest";
import { buildRequest, loadTestProcedures, AID_ANSWERS } from "../../test/instruction.ts";
import { buildAccount } from "../../test/builders.ts";
import { formatRequestNumber } from "../../src/platform/request-numbers/request-numbers.ts";
import { expectPage, flash, logIn } from "../accounts/pages.ts";
import { useE2e, type Journey } from "../support/journey.ts";

const e2e = useE2e();

/**
 * Issue 14: the agents' search by name reads words kept beside each request (migration 0027). An
 * agent finds a request by part of the applicant's name; the applicant changes their name on
 * « Mes informations »; the agent finds it under the new name, and no longer under the old one.
 */
describe("a case worker searches a request by the applicant's name", () => {
  for (const javaScript of [true, false]) {
    test(`finds it by part of the name, then under the name the applicant changed (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { deps } = e2e.server;
      const procedures = javaScript ? await loadTestProcedures(deps) : await currentProcedures();
      const suffix = javaScript ? "a" : "b";
      const agent = await buildAccount(deps.db, { role: "agent", firstName: "Nadia", lastName: "Berthelot" });
      await deps.db.insertInto("procedureAgents").values({ procedureId: procedures.aid.id, accountId: agent.id, createdAt: new Date() }).execute();
      const applicant = await buildAccount(deps.db, { email: `giroflee.${suffix}@exemple.fr`, lastName: `Giroflée${suffix}`, firstName: "Inès" });
      const request = await buildRequest(deps.db, { procedure: procedures.aid, prefix: "AA", applicant, filedAt: new Date(), answers: AID_ANSWERS });
      const run = javaScript ? e2e.journey : e2e.withoutJavaScript;

      const search = async (journey: Journey, text: string) => {
        await journey.goto(`/instruction/${procedures.aid.slug}`);
        await journey.fill("Numéro de demande ou nom", text);
        await journey.submit("Filtrer");
      };
      const listed = (journey: Journey) => journey.page.getByRole("table").getByRole("link", { name: new RegExp(formatRequestNumber(request.number)) }).count();

      await run(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await expectPage(journey, "/instruction", /Instruction|Mes démarches/);
        // Part of the name, in lower case, accents as written.
        await search(journey, `iroflée${suffix}`);
        await expect(journey.page.getByRole("table").textContent()).resolves.toContain(`Giroflée${suffix}`);
        expect(await listed(journey)).toBe(1);
      });

      await run(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, applicant.identifier, applicant.password);
        await journey.goto("/mon-compte/mes-informations");
        await journey.fill("Nom", `Capucine-Roux${suffix}`);
        await journey.submit("Valider");
        expect(await flash(journey)).not.toBe("");
      });

      await run(async (journey) => {
        await journey.goto("/connexion");
        await logIn(journey, agent.identifier, agent.password);
        await search(journey, `inès capucine-roux${suffix}`);
        await expect(journey.page.getByRole("table").textContent()).resolves.toContain(`Capucine-Roux${suffix}`);
        expect(await listed(journey)).toBe(1);
        await search(journey, `Giroflée${suffix}`);
        await expect(journey.page.getByText("Aucune demande ne correspond").count()).resolves.toBeGreaterThan(0);
      });
    });
  }

  /** The second journey reuses the procedures the first one loaded. */
  async function currentProcedures() {
    const rows = await e2e.server.deps.db.selectFrom("procedures").select(["id", "slug", "currentVersionId"]).execute();
    const aid = rows.find((row) => row.slug === "aide-associations");
    if (!aid?.currentVersionId) throw new Error("the aid procedure is not loaded");
    return { aid: { id: aid.id, slug: aid.slug, versionId: aid.currentVersionId } };
  }
});
