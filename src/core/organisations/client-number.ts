/** "00012 345" → "12345"; null when the value is not made of digits. */
export function normaliseClientNumber(input: string): string | null {
  const digits = input.replace(/\s/g, "");
  if (!/^\d+$/.test(digits)) return null;
  return digits.replace(/^0+(?=\d)/, "");
}
