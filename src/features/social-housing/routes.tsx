import { chosenDataFile, registerDataFileForm } from "../../platform/uploads/data-file-form.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requirePlatformAdmin, sessionOf } from "../../platform/http/auth.ts";
import type { Deps } from "../../platform/http/deps.ts";
import { defineForm, field } from "../../platform/http/forms.ts";
import { formRoute, refusal } from "../../ui/form-route.ts";
import { renderPage } from "../../ui/render.ts";
import { searchCommunes } from "../../core/housing/commune-search.ts";
import { findCeilingsInForce, findLatestStockLoad, findStockOfCommunes, listCeilingTables } from "../../core/housing/queries.ts";
import { checkEligibility, NoCeilingsLoaded } from "./check-eligibility.ts";
import { EligibilityPage } from "./eligibility-views.tsx";
import { HousingAdminPage, type HousingAdminPageProps, type TableKind } from "./admin-views.tsx";
import { importCeilings, type TableImportReport } from "./import-ceilings.ts";
import { importStock } from "./import-stock.ts";
import { OffersPage, type OffersResult } from "./offers-views.tsx";
import { ADMIN_CEILINGS_PATH, ADMIN_PATH, ADMIN_STOCK_PATH, ELIGIBILITY_PATH, MAX_TABLE_FILE_BYTES, MAX_TABLE_FILE_MEGABYTES, OFFERS_PATH, parisYear } from "./paths.ts";

const count = (required: string, invalid: string, min: number) =>
  field.text({ required, max: 2, tooLong: invalid, pattern: /^\d{1,2}$/, check: (value) => Number(value) >= min && Number(value) <= 20, invalid });

/** "Suis-je éligible ?": read, checked, answered; never stored. */
const eligibilityForm = defineForm({
  personnes: count("Indiquez le nombre de personnes du foyer, vous compris.", "Indiquez le nombre de personnes du foyer en chiffres, de 1 à 20 (vous compris).", 1),
  couple: field.choice(["oui", "non"], { required: "Indiquez si le foyer comprend un couple." }),
  jeune_menage: field.choice(["oui", "non", ""], { required: "Répondez par oui ou non." }),
  personnes_a_charge: count("Indiquez le nombre de personnes à charge (0 si aucune).", "Indiquez le nombre de personnes à charge en chiffres, de 0 à 20.", 0),
  handicap: field.choice(["oui", "non"], { required: "Indiquez si une personne du foyer est en situation de handicap." }),
  commune: field.text({ required: "Saisissez le nom ou le code postal de la commune.", max: 100 }),
  revenu: field.text({ required: "Saisissez le revenu fiscal de référence du foyer, par exemple 18 540.", max: 40, tooLong: "Saisissez un montant en euros, par exemple 18 540,50." }),
});

export async function socialHousingRoutes(app: FastifyInstance, deps: Deps) {
  const year = () => parisYear(deps.clock.now());

  app.get(ELIGIBILITY_PATH, async (request, reply) => {
    const unavailable = !(await findCeilingsInForce(deps.db, year()));
    return renderPage(deps, request, reply, EligibilityPage, { year: year(), unavailable });
  });

  app.post(
    ELIGIBILITY_PATH,
    formRoute(
      deps,
      {
        form: eligibilityForm,
        page: EligibilityPage,
        invalid: (invalid) => ({ year: year(), ...invalid }),
        refusals: [refusal(NoCeilingsLoaded, (_error, request, reply, sent) => renderPage(deps, request, reply, EligibilityPage, { year: year(), values: sent, unavailable: true }, 503))],
      },
      async (request, reply, values) => {
        const answer = await checkEligibility(deps, values);
        // The answer page keeps the values typed so the test can be taken again with a change.
        return renderPage(deps, request, reply, EligibilityPage, { year: year(), values, answer });
      },
    ),
  );

  app.get<{ Querystring: { commune?: unknown } }>(OFFERS_PATH, async (request, reply) => {
    const raw = request.query.commune;
    const search = typeof raw === "string" ? raw.trim().slice(0, 100) : "";
    const load = await findLatestStockLoad(deps.db);
    if (raw === undefined) return renderPage(deps, request, reply, OffersPage, { search, load });
    const found = searchCommunes(search);
    if (!found.ok) return renderPage(deps, request, reply, OffersPage, { search, error: found.message, load }, 422);
    const { communes, postalCode } = found.value;
    const stock = await findStockOfCommunes(deps.db, communes.map((commune) => commune.code));
    let result: OffersResult;
    if (communes.length === 1) {
      const [commune] = communes;
      result = { kind: "commune", commune: { code: commune!.code, name: commune!.nom }, stock: stock[0] };
    } else {
      const withData = new Set(stock.map((row) => row.communeCode));
      result = { kind: "choose", postalCode: postalCode!, communes: communes.map((commune) => ({ code: commune.code, name: commune.nom, hasData: withData.has(commune.code) })) };
    }
    return renderPage(deps, request, reply, OffersPage, { search, result, load });
  });

  const adminPage = async (request: FastifyRequest, reply: FastifyReply, extra: Pick<HousingAdminPageProps, "outcome" | "error"> = {}, status = 200) => {
    const [tables, stockLoad] = await Promise.all([listCeilingTables(deps.db), findLatestStockLoad(deps.db)]);
    return renderPage(deps, request, reply, HousingAdminPage, { tables, stockLoad, ...extra }, status);
  };

  app.get(ADMIN_PATH, { preHandler: requirePlatformAdmin }, (request, reply) => adminPage(request, reply));

  // Uploads are accepted by these two routes only: the multipart parser lives in this scope.
  await app.register(async (scope) => {
    await registerDataFileForm(scope, { maxBytes: MAX_TABLE_FILE_BYTES, fields: 2 });
    const upload = (kind: TableKind, load: (input: { content: Uint8Array; fileName: string | null; actorId: string; ip: string }) => Promise<TableImportReport>) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const file = chosenDataFile(request.body, kind);
        if (!file) {
          return adminPage(request, reply, { error: { kind, message: "Choisissez le fichier CSV à charger." } }, 422);
        }
        if (file.truncated) {
          return adminPage(request, reply, { error: { kind, message: `Le fichier dépasse ${MAX_TABLE_FILE_MEGABYTES} Mo : vérifiez qu'il s'agit bien du bon fichier.` } }, 422);
        }
        const report = await load({ content: file.content, fileName: file.fileName || null, actorId: sessionOf(request).accountId, ip: request.ip });
        return adminPage(request, reply, { outcome: { kind, report } }, report.ok ? 200 : 422);
      };
    // Checked on request, before the body is read: nobody else makes the server read the file.
    scope.post(ADMIN_CEILINGS_PATH, { onRequest: requirePlatformAdmin }, upload("plafonds", (input) => importCeilings(deps, input)));
    scope.post(ADMIN_STOCK_PATH, { onRequest: requirePlatformAdmin }, upload("parc", (input) => importStock(deps, input)));
  });
}
