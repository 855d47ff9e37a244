import { generateRequestNumber } from "../platform/request-numbers/request-numbers.ts";
import { storeUpload } from "../platform/uploads/uploads.ts";
import { listMembershipsOfAccount } from "../core/organisations/queries/organisations.ts";
import { setOrganisationIban } from "../core/organisations/queries/bank-details.ts";
import { findPublishedDefinition } from "../core/procedures/queries.ts";
import { listPayments } from "../core/requests/queries/payments.ts";
import { insertDraft, insertRequestDocument, insertUpload } from "../core/requests/queries/requests.ts";
import { applyTransition } from "../core/requests/state-machine.ts";
import { markPaid } from "../core/requests/mark-paid.ts";
import type { PaymentDeps } from "../core/requests/record-payment-step.ts";
import { orderPayment } from "../core/requests/order-payment.ts";
import { recordGrant } from "../features/request-payments/record-grant.ts";

/** The demo association's account (a valid French IBAN, the one of the banks' documentation). */
export const DEMO_IBAN = "FR7630006000011234567890189";

const dayFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" });

/** A one-page PDF standing for a document (the demo's RIB, statutes…). */
async function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  // Loaded here: pdfkit and its fonts' modules are a tenth of the portal's start otherwise.
  const { default: PDFDocument } = await import("pdfkit");
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: "A4", info: { Title: title } });
    const chunks: Buffer[] = [];
    document.on("data", (chunk: Buffer) => chunks.push(chunk));
    document.on("end", () => resolve(Buffer.concat(chunks)));
    document.on("error", reject);
    document.fontSize(18).text(title);
    for (const line of lines) document.fontSize(12).text(line);
    document.end();
  });
}

/**
 * demo.structure's organisation has an accepted aid request (issue 12, seed 000): filed with its
 * RIB, taken in charge and accepted by demo.instructeur through the state machine, 5 000 €
 * granted in an advance (paid today) and a balance (planned in six months, on spending
 * receipts) through the same use cases as the pages. First start only (with the procedures).
 */
export async function seedDemoAidPayments(deps: PaymentDeps, input: { agentId: string; applicant: { id: string; email: string } }) {
  const published = await findPublishedDefinition(deps.db, "aide-associations");
  const [membership] = (await listMembershipsOfAccount(deps.db, input.applicant.id)).filter((candidate) => candidate.status === "active");
  if (!published || !membership) return;
  await setOrganisationIban(deps.db, membership.organisationId, DEMO_IBAN);

  const now = deps.clock.now();
  const answers = {
    siret: membership.siret,
    "representant-nom": "Claire Rivière",
    "representant-fonction": "Maire",
    "email-association": input.applicant.email,
    "intitule-projet": "Fête des associations du village",
    "description-projet": "Une journée de rencontres entre les associations et les habitants, avec un forum et un concert.",
    "nature-aide": "projet",
    "cout-total": 1_250_000,
    "montant-demande": 500_000,
    iban: DEMO_IBAN,
  };
  const rib = await storeUpload(deps, {
    content: await demoPdf("Relevé d'identité bancaire", [membership.name, `IBAN : ${DEMO_IBAN}`, "BIC : AGRIFRPP"]),
    declaredName: "rib.pdf",
    accepted: ["pdf"],
    maxBytes: 1_000_000,
  });
  if (!rib.ok) throw new Error(`Demo RIB: ${rib.message}`);

  const requestId = await deps.db.transaction().execute(async (trx) => {
    const draft = await insertDraft(trx, {
      procedureId: published.procedureId,
      procedureVersionId: published.versionId,
      applicantId: input.applicant.id,
      organisationId: membership.organisationId,
      applicantEmail: input.applicant.email,
      currentStep: "pieces",
      now,
      answers,
    });
    await insertUpload(trx, rib.upload);
    await insertRequestDocument(trx, { requestId: draft.id, documentId: "rib", uploadId: rib.upload.id, uploadedBy: input.applicant.id, now });
    await applyTransition(deps, trx, { requestId: draft.id, transition: "file", actorId: input.applicant.id, fields: { number: generateRequestNumber("AA") } });
    await applyTransition(deps, trx, { requestId: draft.id, transition: "take", actorId: input.agentId });
    await applyTransition(deps, trx, { requestId: draft.id, transition: "accept", actorId: input.agentId });
    return draft.id;
  });

  const inSixMonths = new Date(now.getTime() + 182 * 24 * 60 * 60 * 1000);
  await recordGrant(deps, {
    procedureId: published.procedureId,
    requestId,
    agentId: input.agentId,
    amount: "5 000",
    rows: [
      { row: 1, label: "Avance", amount: "2 000", plannedOn: dayFormat.format(now), conditions: "", documentsRequired: false },
      { row: 2, label: "Solde", amount: "3 000", plannedOn: dayFormat.format(inSixMonths), conditions: "Factures acquittées des dépenses du projet", documentsRequired: true },
    ],
  });
  const [advance] = await listPayments(deps.db, requestId);
  if (!advance) return;
  await orderPayment(deps, { procedureId: published.procedureId, requestId, actor: { kind: "agent", agentId: input.agentId }, paymentId: advance.id });
  await markPaid(deps, { procedureId: published.procedureId, requestId, actor: { kind: "agent", agentId: input.agentId }, paymentId: advance.id, paidOn: dayFormat.format(now) });
}
