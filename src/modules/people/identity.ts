/**
 * How identity numbers and phones are kept: parsed and checked (GB 11643), then encrypted and
 * indexed with the installation's key. Used by the form path and by the import workers alike.
 */
import type { FieldCipher } from '../../server/crypto.ts';
import { maskIdNumber, maskPhone, parseIdNumber, type IdInfo } from '../../shared/idcard.ts';
import { isMobilePhone } from '../../shared/ids.ts';

export interface ProtectedId {
  idType: IdInfo['type'];
  idNumberEnc: string;
  idNumberBidx: string;
  idMasked: string;
  idLast4: string;
  birthDate: string;
  sex: IdInfo['sex'];
}

export interface ProtectedPhone {
  phoneEnc: string | null;
  phoneBidx: string | null;
  phoneMasked: string | null;
}

export const idIndex = (cipher: FieldCipher, number: string) => cipher.blindIndex('id_number', number);
export const phoneIndex = (cipher: FieldCipher, phone: string) => cipher.blindIndex('phone', phone);

/** Parses, checks and protects an ID number; a problem comes back as its Chinese message. */
export function protectId(cipher: FieldCipher, raw: string, today: string): ProtectedId | { problem: string } {
  const parsed = parseIdNumber(raw, today);
  if (!parsed.ok) return { problem: parsed.message };
  return {
    idType: parsed.type,
    idNumberEnc: cipher.encrypt('id_number', parsed.number),
    idNumberBidx: idIndex(cipher, parsed.number),
    idMasked: maskIdNumber(parsed.number),
    idLast4: parsed.number.slice(-4),
    birthDate: parsed.birthDate,
    sex: parsed.sex,
  };
}

export function protectPhone(cipher: FieldCipher, phone: string | null): ProtectedPhone | { problem: string } {
  if (!phone) return { phoneEnc: null, phoneBidx: null, phoneMasked: null };
  const p = phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (!isMobilePhone(p)) return { problem: '手机号应为 11 位大陆手机号码' };
  return { phoneEnc: cipher.encrypt('phone', p), phoneBidx: phoneIndex(cipher, p), phoneMasked: maskPhone(p) };
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
