/**
 * The Luhn checksum (ISO/IEC 7812-1) over a string of digits: from the right, every second digit
 * is doubled (minus 9 past 9) and all are summed. RPPS and FINESS numbers end with its check digit.
 */
export function luhnSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}

/** Whether a string of digits ends with its Luhn check digit. */
export function luhnValid(digits: string): boolean {
  return luhnSum(digits) % 10 === 0;
}

/** The digit that, appended to these digits, makes them Luhn-valid. */
export function luhnCheckDigit(digits: string): string {
  return String((10 - (luhnSum(`${digits}0`) % 10)) % 10);
}
