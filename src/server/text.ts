import { customPinyin, pinyin } from 'pinyin-pro';

// Place names the dictionary reads wrongly (昆都仑区 is Kūndūlún, not Kūndōulún).
customPinyin({ 昆都仑: 'kūn dū lún' });

/**
 * Full pinyin and initials of a Chinese name, lower case without spaces, for search:
 * 内蒙古自治区总工会 → "neimengguzizhiquzonggonghui", "nmgzzqzgh". Letters and digits are kept.
 * `personal`: a person's name, whose first characters are read as a surname (曾 zēng, 单 shàn,
 * 解 xiè, 区 ōu, 尉迟 yùchí), not with their everyday reading.
 */
export function pinyinKeys(name: string, personal = false): { full: string; initials: string } {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  // One conversion (it is the costly part of an import row): initials are the syllables' first letters.
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, ...(personal ? { surname: 'head' as const } : {}) });
  return { full: clean(syllables.join('')), initials: clean(syllables.map((s) => s.charAt(0)).join('')) };
}

/** The search keys of a person's name (surname readings): see `pinyinKeys`. */
export const personPinyinKeys = (name: string) => pinyinKeys(name, true);

/** Escapes LIKE wildcards in user input. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}
