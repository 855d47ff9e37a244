/**
 * A step's answers as a read-only list (the agent's view of a request, the summary before
 * submitting): each shown field with its answer as people write it — "650,50 €",
 * "3 octobre 2026", "Cahors (46000)", "Oui" — and groups as a small table.
 */
import type { Child } from "hono/jsx";
import { formatEuros } from "../../../platform/french/amount.ts";
import { findCommune } from "../../../platform/french/communes.ts";
import { formatIban } from "../../../platform/french/iban.ts";
import { formatNir } from "../../../platform/french/nir.ts";
import { checkFrenchPhone } from "../../../platform/french/phone.ts";
import { formatSiret } from "../../../platform/french/siret.ts";
import { Table } from "../../../ui/components.tsx";
import { shownAnswers } from "../../procedures/answers/check-answers.ts";
import { conditionHolds } from "../../procedures/answers/conditions.ts";
import type { AddressValue, AnswerValue, Answers, CommuneValue, LeafValue } from "../../procedures/answers/values.ts";
import type { AnswerableLeafField, GroupField, ProcedureDefinition, Step } from "../../procedures/definition/schema.ts";

export interface StepSummaryProps {
  definition: ProcedureDefinition;
  step: Step;
  /** The request's saved answers (every step: conditions may name earlier ones). */
  answers: Answers;
}

/** The step's shown fields and their answers; "Non renseigné" for those left empty. */
export function StepSummary({ definition, step, answers }: StepSummaryProps) {
  const shown = shownAnswers(definition, answers);
  const rows = step.champs.filter((field) => field.type !== "explication" && conditionHolds(field.condition, (id) => shown[id]));
  return (
    <dl class="summary-list">
      {rows.map((field) => (
        <div class="summary-list__row">
          <dt>{field.libellé}</dt>
          <dd>{field.type === "groupe" ? <GroupTable group={field} value={shown[field.id]} /> : <LeafAnswer field={field as AnswerableLeafField} value={shown[field.id] as LeafValue | undefined} />}</dd>
        </div>
      ))}
    </dl>
  );
}

const NotGiven = () => <span class="answer--empty">Non renseigné</span>;

function GroupTable({ group, value }: { group: GroupField; value: AnswerValue | undefined }) {
  const items = Array.isArray(value) ? value.filter((item): item is Record<string, LeafValue> => typeof item === "object" && item !== null && !Array.isArray(item)) : [];
  if (items.length === 0) return <NotGiven />;
  const columns = group.sous_champs.filter((sub): sub is AnswerableLeafField => sub.type !== "explication");
  return (
    <Table
      id={`resume-${group.id}`}
      caption={group.libellé}
      headers={columns.map((sub) => sub.libellé)}
      rows={items.map((item) => columns.map((sub) => (item[sub.id] === undefined ? "—" : <LeafAnswer field={sub} value={item[sub.id]} />)))}
    />
  );
}

/** One answer as people write it ("650,50 €", "3 octobre 2026"); "Non renseigné" when empty. */
export function LeafAnswer({ field, value }: { field: AnswerableLeafField; value: LeafValue | undefined }): Child {
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return <NotGiven />;
  if (field.type === "adresse") return <AddressLines address={value as AddressValue} />;
  if (field.type === "texte-long" && typeof value === "string") return <Lines lines={value.split("\n")} />;
  if (field.type === "cases-a-cocher" && Array.isArray(value)) {
    const labels = value.map((chosen) => field.options.find((option) => option.valeur === chosen)?.libellé ?? String(chosen));
    return labels.length === 1 ? labels[0] : (
      <ul class="answer-list">
        {labels.map((label) => (
          <li>{label}</li>
        ))}
      </ul>
    );
  }
  return formatAnswer(field, value);
}

function AddressLines({ address }: { address: AddressValue }) {
  return <Lines lines={[address.ligne, address.complément, `${address.codePostal} ${address.commune}`].filter((line) => line.trim() !== "")} />;
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <>
      {lines.map((line, index) => (
        <>
          {index > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}

const dayMonthYear = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-10-03" → "3 octobre 2026"; the first of the month is "1er". */
export function formatDay(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const text = dayMonthYear.format(new Date(`${iso}T00:00:00Z`));
  return text.replace(/^1 /, "1er ");
}

/** "Cahors (46000)": the postal code when the commune has one, else its département. */
export function formatCommune(commune: CommuneValue): string {
  const postalCodes = findCommune(commune.code)?.codesPostaux ?? [];
  return `${commune.nom} (${postalCodes.length === 1 ? postalCodes[0] : commune.departement})`;
}

/** One answer as a line of text, by type (addresses, long texts and lists are laid out above). */
export function formatAnswer(field: AnswerableLeafField, value: LeafValue): string {
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (typeof value === "number") {
    if (field.type === "montant") return formatEuros(value);
    const number = value.toLocaleString("fr-FR");
    return field.type === "nombre" && field.unité ? `${number} ${field.unité}` : number;
  }
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") {
    if ("codeInsee" in value) return [value.ligne, value.complément, `${value.codePostal} ${value.commune}`].filter((line) => line.trim() !== "").join(", ");
    return formatCommune(value);
  }
  switch (field.type) {
    case "date":
      return formatDay(value);
    case "choix-unique":
    case "liste-deroulante":
      return field.options.find((option) => option.valeur === value)?.libellé ?? value;
    case "telephone": {
      const phone = checkFrenchPhone(value);
      return phone.ok ? phone.value.national : value;
    }
    case "siret":
      return formatSiret(value);
    case "nir":
      return formatNir(value);
    case "iban":
      return formatIban(value);
    default:
      return value;
  }
}
