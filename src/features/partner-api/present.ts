import type { ApiRequestRow } from "../../core/partner-api/queries.ts";
import type { ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import type { Payment } from "../../core/requests/queries/payments.ts";

/** A request as the API shows it (schemas.ts `Demande`). */
export function presentRequest(row: ApiRequestRow, slug: string) {
  return {
    id: row.id,
    numero: row.number,
    statut: row.status,
    demarche: slug,
    compte: row.applicantId,
    creee_le: row.createdAt.toISOString(),
    deposee_le: row.filedAt?.toISOString() ?? null,
    decidee_le: row.decidedAt?.toISOString() ?? null,
    modifiee_le: row.updatedAt.toISOString(),
    reponses: JSON.parse(row.answersText) as Record<string, unknown>,
  };
}

/** A procedure as the API shows it (schemas.ts `Demarche`). */
export function presentProcedure(slug: string, status: string, definition: ProcedureDefinition) {
  return {
    slug,
    titre: definition.titre,
    description: definition.description,
    statut: status as "published" | "closed",
    etapes: definition.étapes.map((step) => ({
      id: step.id,
      titre: step.titre,
      champs: step.champs.map((field) => ({ id: field.id, type: field.type, libelle: "libellé" in field ? field.libellé : "", obligatoire: "obligatoire" in field && field.obligatoire === true })),
      pieces: (step.pièces ?? []).map((document) => ({
        id: document.id,
        libelle: document.libellé,
        formats: [...document.formats],
        taille_max_mo: document.taille_max_mo,
        obligatoire: document.obligatoire === true,
      })),
    })),
  };
}

/** A request's grant and payments as the API shows them (schemas.ts `Versements`). */
export function presentPayments(grant: { amountCents: number } | undefined, payments: readonly Payment[]) {
  return {
    montant_accorde_centimes: grant?.amountCents ?? null,
    versements: payments.map((payment) => ({
      id: payment.id,
      libelle: payment.label,
      montant_centimes: payment.amountCents,
      prevu_le: payment.plannedOn,
      justificatifs_requis: payment.documentsRequired,
      statut: payment.status,
      paye_le: payment.paidOn,
    })),
  };
}
