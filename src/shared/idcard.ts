/**
 * Identity document numbers (GB 11643-1999 and its relatives), shared by server and web.
 * - 居民身份证: 6-digit region code (GB/T 2260, of first registration — historical codes stay
 *   valid), 8-digit birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.
 * - 港澳台居民居住证: the same layout with region 810000 (香港), 820000 (澳门), 830000 (台湾).
 * - 外国人永久居留身份证 (2017 and 2023 layouts): '9', 2-digit issuing province, 3-digit nationality
 *   code, birth date, sequence, the same check character.
 */
export const ID_TYPES = ['resident', 'hmt_residence', 'foreigner_permanent'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident: '居民身份证',
  hmt_residence: '港澳台居民居住证',
  foreigner_permanent: '外国人永久居留身份证',
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Province-level codes (first two digits) of GB/T 2260. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Completes 17 characters with their check character (for test and demo data). */
export function withCheckCharacter(first17: string): string {
  return first17 + checkCharacter(first17);
}

export interface IdInfo {
  type: IdType;
  number: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export type IdProblem = { ok: false; message: string };

function birth(digits: string, today: string): string | null {
  const d = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const date = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== d) return null;
  if (d > today || d < '1900-01-01') return null;
  return d;
}

/**
 * Parses and checks an identity number; derives birth date and sex from it (they are never
 * typed twice). `today` (YYYY-MM-DD) bounds the birth date.
 */
export function parseIdNumber(raw: string, today: string): ({ ok: true } & IdInfo) | IdProblem {
  const number = raw.trim().toUpperCase().replace(/\s/g, '');
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, message: '证件号码应为 18 位（最后一位可为 X）' };
  let type: IdType;
  let birthDigits: string;
  if (number.startsWith('9')) {
    type = 'foreigner_permanent';
    if (!PROVINCES.has(number.slice(1, 3))) return { ok: false, message: '外国人永久居留身份证的受理地代码无效' };
    birthDigits = number.slice(6, 14);
  } else {
    const region = number.slice(0, 6);
    if (region === '810000' || region === '820000' || region === '830000') type = 'hmt_residence';
    else {
      type = 'resident';
      if (!PROVINCES.has(region.slice(0, 2)) || region.slice(2) === '0000') return { ok: false, message: `证件号码的地区码 ${region} 无效` };
    }
    birthDigits = number.slice(6, 14);
  }
  const birthDate = birth(birthDigits, today);
  if (!birthDate) return { ok: false, message: '证件号码中的出生日期无效' };
  if (checkCharacter(number.slice(0, 17)) !== number[17]) return { ok: false, message: '证件号码校验位不正确，请核对' };
  return { ok: true, type, number, birthDate, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' };
}

/** 150102********1234: region and last four only. */
export function maskIdNumber(number: string): string {
  return number.length === 18 ? `${number.slice(0, 6)}********${number.slice(14)}` : '*'.repeat(number.length);
}

/** 139****1234. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(phone.length);
}
