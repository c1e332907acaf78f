import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin and initials of a Chinese name, lower case without spaces, for search:
 * 内蒙古自治区总工会 → "neimengguzizhiquzonggonghui", "nmgzzqzgh". Letters and digits are kept.
 */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const clean = (parts: string[]) => parts.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return {
    full: clean(pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })),
    initials: clean(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })),
  };
}

/** Escapes LIKE wildcards in user input. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}
