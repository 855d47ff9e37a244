import type { AddressValue, AnswerValue, CommuneValue, LeafValue } from "../../core/procedures/answers/values.ts";
import type { AnswerableLeafField, Field, ProcedureDefinition } from "../../core/procedures/definition/schema.ts";
import type { ExportRow } from "../../core/requests/queries/export.ts";
import { formatEuros } from "../../platform/french/amount.ts";
import { STATUS_LABELS } from "./filters.ts";

/** A cell as the writers type it: text, a number (amounts in euros), a date or a date and time. */
export type Cell = string | number | Date | null;
export type ColumnKind = "text" | "number" | "amount" | "date" | "datetime";
export interface ExportColumn {
  header: string;
  kind: ColumnKind;
}

const PAYMENT_STATUS: Record<string, string> = { planned: "prévu", asked: "demandé", ordered: "mandaté", paid: "payé" };

/** A date typed "AAAA-MM-JJ" as a date cell (midnight UTC: the writers never shift it). */
function calendarDay(value: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
}

const instant = (milliseconds: number | null) => (milliseconds === null ? null : new Date(milliseconds));

function frenchDay(value: string): string {
  const [year, month, day] = value.split("-");
  return `${day}/${month}/${year}`;
}

function isAddress(value: LeafValue): value is AddressValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "ligne" in value;
}

function isCommune(value: LeafValue): value is CommuneValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "code" in value && "nom" in value;
}

/** The label of each option of a choice field, by its value, read once per export instead of searched per cell. */
const optionLabels = new WeakMap<AnswerableLeafField, Map<unknown, string>>();

function labelOf(field: AnswerableLeafField & { options: { valeur: string; libellé: string }[] }, value: unknown): string {
  let labels = optionLabels.get(field);
  if (!labels) {
    labels = new Map(field.options.map((option) => [option.valeur, option.libellé]));
    optionLabels.set(field, labels);
  }
  return labels.get(value) ?? String(value);
}

/** One answer as a typed cell; `asText` for the items of a repeatable group, which share one cell. */
function leafCell(field: AnswerableLeafField, value: LeafValue | undefined, asText: boolean): Cell {
  if (value === undefined || value === null || value === "") return null;
  switch (field.type) {
    case "nombre":
      return typeof value === "number" ? (asText ? String(value).replace(".", ",") : value) : null;
    case "montant":
      return typeof value === "number" ? (asText ? formatEuros(value) : value / 100) : null;
    case "date":
      return typeof value === "string" ? (asText ? frenchDay(value) : calendarDay(value)) : null;
    case "oui-non":
      return value === true ? "Oui" : value === false ? "Non" : null;
    case "choix-unique":
    case "liste-deroulante":
      return labelOf(field, value);
    case "cases-a-cocher":
      return Array.isArray(value) ? value.map((ticked) => labelOf(field, ticked)).join(", ") : null;
    case "adresse":
      return isAddress(value) ? [value.ligne, value.complément, `${value.codePostal} ${value.commune}`].filter((part) => part.trim() !== "").join(", ") : null;
    case "commune":
      return isCommune(value) ? `${value.nom} (${value.code})` : null;
    default:
      return typeof value === "string" ? value : null;
  }
}

function kindOf(field: AnswerableLeafField): ColumnKind {
  if (field.type === "nombre") return "number";
  if (field.type === "montant") return "amount";
  if (field.type === "date") return "date";
  return "text";
}

type AnswerColumn = { header: string; kind: ColumnKind; cell: (answers: Record<string, AnswerValue>) => Cell };

/**
 * The answers' columns, in the definition's order (steps, then fields): one per field; a
 * repeatable group gives one column per sub-field, its items one per line in the cell
 * ("Locataires — Nom"), so that a spreadsheet keeps one row per request.
 */
function answerColumns(definition: ProcedureDefinition): AnswerColumn[] {
  const columns: AnswerColumn[] = [];
  const fields: Field[] = definition.étapes.flatMap((step) => step.champs as Field[]);
  for (const field of fields) {
    if (field.type === "explication") continue;
    if (field.type === "groupe") {
      for (const sub of field.sous_champs) {
        if (sub.type === "explication") continue;
        columns.push({
          header: `${field.libellé} — ${sub.libellé}`,
          kind: "text",
          cell: (answers) => {
            const items = answers[field.id];
            if (!Array.isArray(items) || items.length === 0) return null;
            const texts = (items as Record<string, LeafValue>[]).map((item) => leafCell(sub, item[sub.id], true) ?? "");
            return texts.some((text) => text !== "") ? texts.join("\n") : null;
          },
        });
      }
      continue;
    }
    columns.push({ header: field.libellé, kind: kindOf(field), cell: (answers) => leafCell(field, answers[field.id] as LeafValue | undefined, false) });
  }
  return columns;
}

/** The export's layout for a procedure: its columns and how a row fills them. */
export function exportLayout(definition: ProcedureDefinition) {
  const answers = answerColumns(definition);
  const columns: ExportColumn[] = [
    { header: "Numéro", kind: "text" },
    { header: "Statut", kind: "text" },
    { header: "Déposée le", kind: "datetime" },
    { header: "Décidée le", kind: "datetime" },
    { header: "Dernière activité", kind: "datetime" },
    { header: "Demandeur", kind: "text" },
    { header: "Courriel du demandeur", kind: "text" },
    { header: "Structure", kind: "text" },
    { header: "SIRET de la structure", kind: "text" },
    ...answers.map(({ header, kind }) => ({ header, kind })),
    { header: "Pièces jointes", kind: "text" },
    { header: "Montant accordé (€)", kind: "amount" },
    { header: "Montant versé (€)", kind: "amount" },
    { header: "Versements", kind: "text" },
  ];
  const row = (request: ExportRow): Cell[] => {
    const answerValues = JSON.parse(request.answersText) as Record<string, AnswerValue>;
    const documents = request.documentsText ? (JSON.parse(request.documentsText) as string[]) : [];
    const payments = request.paymentsText
      ? (JSON.parse(request.paymentsText) as { label: string; amountCents: number; status: string; plannedOn: string; paidOn: string | null }[])
      : [];
    const paid = payments.filter((payment) => payment.status === "paid").reduce((sum, payment) => sum + Number(payment.amountCents), 0);
    const applicant = [request.applicantCivility, request.applicantLastName, request.applicantFirstName].filter(Boolean).join(" ");
    // Pushed one by one: a row is built a million times in a large export.
    const cells: Cell[] = [
      request.number,
      STATUS_LABELS[request.status],
      instant(request.filedAtMs),
      instant(request.decidedAtMs),
      instant(request.lastActivityAtMs),
      applicant || null,
      request.applicantEmail,
      request.organisationName,
      request.organisationSiret,
    ];
    for (const column of answers) cells.push(column.cell(answerValues));
    cells.push(
      documents.length > 0 ? documents.join("\n") : null,
      request.grantedCents === null ? null : Number(request.grantedCents) / 100,
      payments.length > 0 ? paid / 100 : null,
      payments.length > 0
        ? payments
            .map((payment) => {
              const when = payment.paidOn ? `payé le ${frenchDay(payment.paidOn)}` : `${PAYMENT_STATUS[payment.status] ?? payment.status}, prévu le ${frenchDay(payment.plannedOn)}`;
              return `${payment.label} : ${formatEuros(Number(payment.amountCents))} (${when})`;
            })
            .join("\n")
        : null,
    );
    return cells;
  };
  return { columns, row };
}
