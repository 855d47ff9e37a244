/**
 * Luhn (mod 10) check, used by SIREN and SIRET keys. It catches every single wrong digit and
 * every swap of two adjacent digits except 0↔9.
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  // Doubling starts from the second digit from the right.
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
