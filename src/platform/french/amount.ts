/**
 * Euro amounts as people type them (seed 004: a landlord portal refused "650.50" and "650 €"
 * and asked people to retype). Accepted: "650", "650,50", "650.50", "650,5", "650 €",
 * "650,50 €", "650 euros", "1 234,56" (normal, no-break or narrow no-break spaces as thousands
 * separators), "1.234,56", "1,234.56". The value is an integer number of cents: money never
 * goes through floating point.
 *
 * Refused, with a sentence saying why: more than 2 decimals, a lone dot followed by 3 digits
 * ("1.234" could be 1 234 € or 1,234 €: we ask rather than guess), badly grouped thousands,
 * negative amounts (unless allowed), amounts above a ceiling, anything else.
 */
import { invalid, valid, type Check } from "./check.ts";

export interface AmountOptions {
  /** Accept "-12,50" (a refund, a correction). Default false. */
  allowNegative?: boolean;
  /** Largest accepted amount, in cents. Default 1 000 000 000 € (10^11 cents). */
  maxCents?: number;
}

const DEFAULT_MAX_CENTS = 100_000_000_000;
const EXAMPLE = "par exemple 650,50";

/** Parses an amount in euros typed by a person into integer cents. */
export function parseEuros(input: string, options: AmountOptions = {}): Check<number> {
  const maxCents = options.maxCents ?? DEFAULT_MAX_CENTS;
  // Long inputs are not amounts; checking early keeps the regular expressions cheap.
  if (input.length > 40) return invalid(`Saisissez un montant en euros, ${EXAMPLE}.`);
  let text = input
    .trim()
    .replace(/\s*(€|eur|euros?)\s*$/i, "")
    .replace(/^\s*(€|eur)\s*/i, "")
    .trim();
  if (text === "") return invalid(`Saisissez un montant en euros, ${EXAMPLE}.`);

  let negative = false;
  if (/^[-−]/.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  } else if (text.startsWith("+")) {
    text = text.slice(1).trim();
  }
  if (negative && !options.allowNegative) return invalid("Le montant ne peut pas être négatif.");

  const parts = splitDecimal(text);
  if (!parts.ok) return parts;
  const { integer, decimals } = parts.value;
  if (decimals.length > 2) return invalid("Le montant ne peut pas comporter plus de 2 chiffres après la virgule (les centimes).");

  // 13 digits of euros stay exact in cents (below 2^53).
  const integerDigits = integer.replace(/^0+(?=\d)/, "");
  if (integerDigits.length > 13) return invalid("Ce montant est trop élevé : vérifiez-le.");
  const cents = Number(integerDigits || "0") * 100 + Number(decimals.padEnd(2, "0"));
  if (cents > maxCents) return invalid(`Le montant ne peut pas dépasser ${formatEuros(maxCents)}.`);
  return valid(negative && cents !== 0 ? -cents : cents);
}

/** Splits "1 234,56" into its integer digits "1234" and decimals "56", checking the grouping. */
function splitDecimal(text: string): Check<{ integer: string; decimals: string }> {
  const formatError = invalid(`Le montant ne doit comporter que des chiffres et une virgule avant les centimes, ${EXAMPLE}.`);
  // Thousands separated by spaces (any kind), dots or commas: one kind per amount.
  const spaced = text.replace(/[\s\u00a0\u202f\u2009]/g, " ");
  const lastComma = spaced.lastIndexOf(",");
  const lastDot = spaced.lastIndexOf(".");
  let decimalIndex = -1;
  if (lastComma >= 0 && lastDot >= 0) {
    decimalIndex = Math.max(lastComma, lastDot);
  } else if (lastComma >= 0) {
    if (spaced.indexOf(",") !== lastComma) return formatError;
    decimalIndex = lastComma;
  } else if (lastDot >= 0) {
    const dots = spaced.split(".").length - 1;
    const afterDot = spaced.slice(lastDot + 1);
    if (dots === 1 && /^\d{3}$/.test(afterDot)) {
      return invalid("Ce montant est ambigu : écrivez les milliers sans point et les centimes après une virgule, par exemple 1234 ou 12,34.");
    }
    // Several dots can only be thousands separators ("1.234.567").
    if (dots === 1) decimalIndex = lastDot;
  }

  const integerPart = decimalIndex >= 0 ? spaced.slice(0, decimalIndex) : spaced;
  const decimals = decimalIndex >= 0 ? spaced.slice(decimalIndex + 1) : "";
  if (decimalIndex >= 0 && !/^\d+$/.test(decimals)) return formatError;

  const integer = parseGroupedInteger(integerPart);
  if (integer === undefined) return formatError;
  if (integer === "" && decimals === "") return formatError;
  return valid({ integer, decimals });
}

/** "1 234" / "1.234" / "1,234" / "1234" → "1234"; undefined when the grouping is not by 3. */
function parseGroupedInteger(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^\d*$/.test(trimmed)) return trimmed;
  const separator = trimmed.match(/[ .,]/)?.[0];
  if (separator === undefined) return undefined;
  const groups = trimmed.split(separator === " " ? / +/ : separator);
  const [first, ...rest] = groups;
  if (!first || !/^\d{1,3}$/.test(first) || !rest.every((group) => /^\d{3}$/.test(group))) return undefined;
  return groups.join("");
}

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/**
 * "1 234,56 €" with French typography: a narrow no-break space (U+202F) between thousands
 * and a no-break space (U+00A0) before the sign, so that the amount never breaks across lines.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Amount in cents must be an integer, got ${cents}`);
  // Below 2^53 / 100 the division is exact to the cent once rounded to 2 decimals.
  return euros.format(cents / 100);
}
