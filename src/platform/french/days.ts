/**
 * A number of whole days in words, as a person reads it: "aujourd'hui", "1 jour", "3 jours",
 * "1 200 jours" (issue 13: pages said "0 jour(s)"). French takes the singular below 2.
 */
const integer = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

export function formatDays(days: number): string {
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`formatDays: ${days} is not a number of days`);
  const whole = Math.floor(days);
  if (whole === 0) return "aujourd'hui";
  return `${integer.format(whole)} ${whole < 2 ? "jour" : "jours"}`;
}
