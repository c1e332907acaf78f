/**
 * Check digits of Chinese identifiers, shared by server and web.
 * GB 32100-2015 统一社会信用代码: 18 characters from a 31-character alphabet (no I, O, Z, S, V);
 * the last is a MOD 31 check character over the first 17 with weights 3^i mod 31.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check] === code[17];
}

/** Completes 17 characters with their check character (for test data and demo data). */
export function withCreditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function isMobilePhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

/** Landline or mobile, as union contact numbers are written: 0471-1234567, 010-12345678, 13912345678. */
export function isContactPhone(phone: string): boolean {
  return isMobilePhone(phone) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(phone) || /^(400|800)-?\d{3}-?\d{4}$/.test(phone);
}
