import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin and initials of a Chinese name, lower case without spaces, for search:
 * 内蒙古自治区总工会 → "neimengguzizhiquzonggonghui", "nmgzzqzgh". Letters and digits are kept.
 */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  // One conversion (it is the costly part of an import row): initials are the syllables' first letters.
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  return { full: clean(syllables.join('')), initials: clean(syllables.map((s) => s.charAt(0)).join('')) };
}

/** Escapes LIKE wildcards in user input. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}
